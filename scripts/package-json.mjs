// Writes pkg/package.json from Cargo.toml's metadata: an ES module with an exports map, its
// types, the files it ships, and no side effects on import.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"$`, 'm'))?.[1];
const snippets = readdirSync(new URL('../pkg/snippets', import.meta.url));

const pkg = {
  name: 'milvus-import-monitor',
  version: field('version'),
  description: 'Watch Milvus bulk-import jobs: a typed reader of the import API, a mountable widget and a custom element (Rust/WebAssembly)',
  type: 'module',
  main: './milvus_import_monitor.js',
  module: './milvus_import_monitor.js',
  types: './milvus_import_monitor.d.ts',
  exports: {
    '.': {
      types: './milvus_import_monitor.d.ts',
      import: './milvus_import_monitor.js',
      default: './milvus_import_monitor.js',
    },
    './milvus_import_monitor_bg.wasm': './milvus_import_monitor_bg.wasm',
    './package.json': './package.json',
  },
  files: [
    'milvus_import_monitor.js',
    'milvus_import_monitor.d.ts',
    'milvus_import_monitor_bg.wasm',
    'milvus_import_monitor_bg.wasm.d.ts',
    'snippets/',
    'README.md',
  ],
  // Importing defines nothing: the custom element is registered by defineMonitorElement().
  sideEffects: false,
  license: field('license'),
  repository: { type: 'git', url: `git+${field('repository')}.git` },
  homepage: field('repository'),
  keywords: ['milvus', 'bulk-import', 'import', 'vector-database', 'monitor', 'progress', 'webassembly', 'wasm', 'custom-element', 'zilliz'],
  engines: { node: '>=20' },
};
if (!snippets.length) throw new Error('pkg/snippets is empty: the custom element would be missing');
writeFileSync(new URL('../pkg/package.json', import.meta.url), JSON.stringify(pkg, null, 2) + '\n');
