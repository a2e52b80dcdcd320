#!/usr/bin/env bash
# Cuts the page in dist/ into parts fetched when first used (issue 35; src/view/lazy.rs).
# Trunk builds the page as one module (the HTML, the stylesheet, and the wasm that the one-file
# page inlines); it cannot run a splitter (trunk#1022), so this script builds the wasm again with
# the `split` feature, cuts it, and points dist/index.html at the result:
#   1. cargo: the app with `--emit-relocs` at link, which the splitter reads;
#   2. wasm-split-cli: the main module, one module per part, and __wasm_split.js that loads them;
#   3. wasm-bindgen --keep-lld-exports on the main module (the parts use the symbols it exports);
#   4. wasm-opt -Oz on every module, as Trunk does to the one module;
#   5. dist/parts-<hash>/ holds them (the hash of their contents: a new build is a new folder, so
#      a cached old part never meets a new main module), and dist/index.html starts the new glue.
# `make build` runs it after Trunk and after scripts/single-file.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(scripts/target-dir.sh)
work="$target/split-page"
rm -rf "$work"
mkdir -p "$work/split" "$work/out"

cargo rustc --quiet --release --target wasm32-unknown-unknown --bin app --features split \
  -- -C link-arg=--emit-relocs
wasm-split-cli "$target/wasm32-unknown-unknown/release/app.wasm" "$work/split" --target web --out-name app
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$work/out" --out-name app "$work/split/app.wasm"
for part in "$work"/split/*.wasm; do
  [ "$(basename "$part")" = app.wasm ] || cp "$part" "$work/out/"
done
cp "$work/split/__wasm_split.js" "$work/out/"
# As Trunk calls it (each module's target_features section says which features it uses);
# wasm-opt's note on the name section's newer subsections is dropped.
for module in "$work"/out/*.wasm; do
  wasm-opt -Oz "$module" -o "$module" 2> >(grep -v '^warning: unknown name subsection' >&2)
done

node scripts/split-page.mjs "$work/out"
