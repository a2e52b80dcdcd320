// `import "milvus-import-monitor/element"`: defines <milvus-import-monitor> where there is a
// DOM (nothing in Node or during server-side rendering); the WebAssembly loads when the first
// element connects. Importing it again, or after defineMonitorElement(), is harmless.
import { defineMonitorElement } from './element-class.js';

defineMonitorElement();

export { defineMonitorElement };
