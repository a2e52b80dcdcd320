// The package's main entry: the WebAssembly module (init, ImportMonitor, the reader's
// functions) and defineMonitorElement. Importing it has no side effect.
export * from './milvus_import_monitor.js';
export { default } from './milvus_import_monitor.js';
export { defineMonitorElement } from './element-class.js';
