export * from './reader/milvus_import_reader.js';
export { initSync } from './reader/milvus_import_reader.js';
import type { InitInput, InitOutput } from './reader/milvus_import_reader.js';
/** Loads the reader's WebAssembly once (in Node, from the package's own file). */
export default function init(input?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
