// Writes pkg/package.json from Cargo.toml's metadata: an ES module with three entries (the
// package, `/element` that defines the custom element, `/reader` without the widget), their
// types, the custom-elements manifest, the files it ships, and which modules have side effects
// (only `/element`, which defines the element).
import { readFileSync, writeFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"$`, 'm'))?.[1];

const entry = (name) => ({ types: `./${name}.d.ts`, import: `./${name}.js`, default: `./${name}.js` });
const pkg = {
  name: 'milvus-import-monitor',
  version: field('version'),
  description: 'Watch Milvus bulk-import jobs: a custom element, a mountable widget and a typed reader of the import API (Rust/WebAssembly)',
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': entry('index'),
    './element': entry('element'),
    './reader': entry('reader'),
    './react': { types: './react.d.ts', default: './react.js' },
    './custom-elements.json': './custom-elements.json',
    './milvus_import_monitor_bg.wasm': './milvus_import_monitor_bg.wasm',
    './reader/milvus_import_reader_bg.wasm': './reader/milvus_import_reader_bg.wasm',
    './package.json': './package.json',
  },
  customElements: 'custom-elements.json',
  files: [
    'index.js', 'index.d.ts', 'element.js', 'element.d.ts', 'element-class.js', 'element-class.d.ts',
    'element-types.d.ts', 'declaration.js', 'react.js', 'react.d.ts', 'reader.js', 'reader.d.ts',
    'custom-elements.json',
    'milvus_import_monitor.js', 'milvus_import_monitor.d.ts', 'milvus_import_monitor_bg.wasm', 'milvus_import_monitor_bg.wasm.d.ts',
    'reader/milvus_import_reader.js', 'reader/milvus_import_reader.d.ts', 'reader/milvus_import_reader_bg.wasm', 'reader/milvus_import_reader_bg.wasm.d.ts',
    'README.md', 'CHANGELOG.md',
  ],
  sideEffects: ['./element.js'],
  license: field('license'),
  repository: { type: 'git', url: `git+${field('repository')}.git` },
  homepage: field('repository'),
  keywords: ['milvus', 'bulk-import', 'import', 'vector-database', 'monitor', 'progress', 'webassembly', 'wasm', 'custom-element', 'web-component', 'zilliz'],
  engines: { node: '>=20' },
};
writeFileSync(new URL('../pkg/package.json', import.meta.url), JSON.stringify(pkg, null, 2) + '\n');
