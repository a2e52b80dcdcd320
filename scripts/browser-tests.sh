#!/usr/bin/env bash
# Runs the wasm-bindgen browser tests in headless Chromium against a stand-in started here on
# a free port and stopped (by its PID) when the tests end, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh rust-wasm wasm-bindgen chromium
cargo build -q -p milvus-import-sim
target_dir=$(scripts/target-dir.sh)
log=$(mktemp)
"$target_dir/debug/milvus-import-sim" --port 0 --speed 50 --auth root:Milvus --retention 1h >"$log" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "the stand-in did not start:"; cat "$log"; exit 1; }
echo "browser tests against the stand-in at $url"
export SIM_URL="$url" CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180
cargo test --target wasm32-unknown-unknown --test app "$@"
