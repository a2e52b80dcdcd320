#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (web target, release, wasm-opt -Oz from the
# binaryen npm package), then a complete package.json and the npm README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh rust-wasm wasm-bindgen wasm-pack node
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rm -rf pkg
wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name milvus_import_monitor --no-pack -- --features npm
node scripts/package-json.mjs
cp npm/README.md pkg/README.md
echo "pkg/: $(du -sh pkg | cut -f1) ($(wc -c < pkg/milvus_import_monitor_bg.wasm) bytes of wasm)"
