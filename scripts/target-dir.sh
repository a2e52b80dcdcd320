#!/usr/bin/env bash
# Prints Cargo's target directory (CARGO_TARGET_DIR or ./target): the one place the Makefile
# and the scripts learn where the stand-in and the wasm are built.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
