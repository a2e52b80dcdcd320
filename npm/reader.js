// `milvus-import-monitor/reader`: the import API read as the widget reads it, without the
// widget (no Yew, a smaller WebAssembly): parseImportProgress, fetchImportProgress,
// fetchManyImportProgress, listImportJobs, explainImportFailure, summarizeImportPhases.
// Importing it has no side effect; `await init()` loads the WebAssembly, in a browser (found
// through `new URL(…, import.meta.url)`) and in Node (read from the package's own file).
import initWasm from './reader/milvus_import_reader.js';

export * from './reader/milvus_import_reader.js';
export { initSync } from './reader/milvus_import_reader.js';

const WASM = './reader/milvus_import_reader_bg.wasm';

/**
 * Loads the reader's WebAssembly once; pass nothing, or what wasm-bindgen's `init` takes.
 *
 * @example
 * import init, { fetchImportProgress } from "milvus-import-monitor/reader";
 * await init();
 * const job = await fetchImportProgress({ endpoint: "http://localhost:19530", token: "root:Milvus", jobId: "4618…" });
 */
export default async function init(input) {
  if (input === undefined && typeof process !== 'undefined' && process.versions?.node && typeof window === 'undefined') {
    // Node's fetch cannot read file: URLs; read the file instead. The specifier is a variable so
    // that bundlers leave this Node-only import alone.
    const fs = 'node:fs/promises';
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    return initWasm({ module_or_path: await readFile(new URL(WASM, import.meta.url)) });
  }
  return initWasm(input);
}
