#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it (pkg/milvus-import-monitor-<version>.tgz, what the
# examples install): the widget (wasm-pack, web target, release, wasm-opt -Oz from the binaryen
# npm package), the reader built without the widget (pkg/reader/), the element's JavaScript and
# what src/declaration.rs generates (custom-elements.json, declaration.js, element-types.d.ts),
# then package.json and the npm README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh rust-wasm wasm-bindgen wasm-pack node
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rm -rf pkg
wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name milvus_import_monitor --no-pack -- --features npm
wasm-pack build --target web --release --mode no-install --out-dir pkg/reader --out-name milvus_import_reader --no-pack -- --no-default-features --features npm
rm -f pkg/.gitignore pkg/reader/.gitignore
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
cargo run --quiet --bin element-manifest -- pkg "$version"
cp npm/*.js npm/*.d.ts npm/README.md CHANGELOG.md pkg/
node scripts/package-json.mjs
(cd pkg && npm pack --silent > /dev/null)
echo "pkg/: $(du -sh pkg | cut -f1) ($(wc -c < pkg/milvus_import_monitor_bg.wasm) bytes of widget wasm, $(wc -c < pkg/reader/milvus_import_reader_bg.wasm) of reader wasm)"
