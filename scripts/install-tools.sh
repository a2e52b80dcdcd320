#!/usr/bin/env bash
# Installs what the build and the tests need, only where it is missing, so a second run is fast.
# Usage: scripts/install-tools.sh [rust-wasm] [wasm-bindgen] [wasm-split] [trunk] [wasm-pack] [node] [chromium] [pymilvus] [twiggy]
# With no argument it installs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/.tools"
mkdir -p "$tools"

log() { printf 'install-tools: %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

rust_wasm() {
  local component
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "adding the $component component"
      rustup component add "$component"
    fi
  done
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

wasm_bindgen() {
  local want have
  want=$(locked_version wasm-bindgen)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (was: ${have:-none}); this takes ~5 minutes"
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

# The splitter that cuts the page into parts (scripts/build-page.sh). Its version goes with the
# runtime half in Cargo.lock (wasm_split_helpers 0.2.x: the load is retried after a failure).
wasm_split_tool() {
  # The CLI has no --version; cargo's list of installed crates says which one is there.
  if ! command -v wasm-split-cli > /dev/null || ! cargo install --list | grep -qx 'wasm_split_cli_support v0\.2\.4:'; then
    log "installing wasm_split_cli_support 0.2.4 (the page's splitter); this takes a few minutes"
    cargo install wasm_split_cli_support --version 0.2.4 --features build-binary --locked --force
  fi
}

trunk_tool() {
  if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
    log "installing trunk 0.21.14; this takes ~10 minutes"
    cargo install trunk --version 0.21.14 --locked
  fi
}

wasm_pack() {
  if ! wasm-pack --version 2>/dev/null | grep -q '0\.15\.'; then
    log "installing wasm-pack 0.15; this takes a few minutes"
    cargo install wasm-pack --version '~0.15'
  fi
}

npm_tools() {
  # binaryen ships a wasm-opt that is new enough; playwright-core drives Debian's Chromium;
  # axe-core audits accessibility; the Milvus Node SDK is a real client for the conformance
  # test. Versions are pinned in tools/package-lock.json.
  if [ ! -x "$root/tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/tools/node_modules/playwright-core" ] \
     || [ ! -f "$root/tools/node_modules/axe-core/axe.min.js" ] \
     || [ ! -d "$root/tools/node_modules/@zilliz/milvus2-sdk-node" ] \
     || [ "$root/tools/package-lock.json" -nt "$root/tools/node_modules/.installed" ]; then
    log "installing node tools (binaryen, playwright-core, axe-core, the Milvus Node SDK)"
    (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
  fi
}

chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

pymilvus() {
  local venv="$tools/venv"
  if [ ! -x "$venv/bin/python" ]; then
    log "creating the Python virtualenv for the pymilvus conformance test"
    python3 -m venv "$venv"
  fi
  if [ "$root/tests/conformance/requirements.txt" -nt "$venv/.installed" ] || [ ! -f "$venv/.installed" ]; then
    log "installing pymilvus[bulk-writer] into the virtualenv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$root/tests/conformance/requirements.txt"
    touch "$venv/.installed"
  fi
  # The other pymilvus versions the conformance test runs, each in a folder of its own on top
  # of the virtualenv's dependencies (installed once; the heavy ones are shared): 2.4 and 2.5
  # also need ujson, and 2.4 setuptools<81 for pkg_resources.
  local version
  while read -r version; do
    [ -n "$version" ] || continue
    local target="$tools/pymilvus/$version"
    if [ ! -f "$target/.installed" ]; then
      log "installing pymilvus $version for the conformance test"
      rm -rf "$target"
      "$venv/bin/pip" install -q --disable-pip-version-check --no-deps --target "$target" "pymilvus==$version" ujson 'setuptools<81'
      touch "$target/.installed"
    fi
  done < "$root/tests/conformance/other-versions.txt"
}

# The size profiler make bench runs (0.8: older versions cannot read the bulk-memory and
# reference-types instructions today's Rust emits).
twiggy_tool() {
  if ! twiggy --version 2>/dev/null | grep -q ' 0\.8\.'; then
    log "installing twiggy 0.8.0 (make bench's size profile); this takes a few minutes"
    cargo install twiggy --version 0.8.0 --locked
  fi
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(rust-wasm wasm-bindgen wasm-split trunk wasm-pack node chromium pymilvus twiggy)
for step in "${steps[@]}"; do
  case "$step" in
    rust-wasm) rust_wasm ;;
    wasm-bindgen) wasm_bindgen ;;
    wasm-split) wasm_split_tool ;;
    trunk) trunk_tool ;;
    wasm-pack) wasm_pack ;;
    node|wasm-opt) npm_tools ;;
    chromium) chromium ;;
    pymilvus) pymilvus ;;
    twiggy) twiggy_tool ;;
    *) log "unknown step: $step"; exit 2 ;;
  esac
done
