#!/usr/bin/env bash
# Runs the wasm-bindgen browser tests in headless Chromium against two stand-ins started here on
# free ports and stopped (by their PIDs) when the tests end, pass or fail: one that answers
# (SIM_URL), and one whose every API answer takes an hour (SLOW_SIM_URL), for requests that
# must still be in flight when a test stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh rust-wasm wasm-bindgen chromium
cargo build -q -p milvus-import-sim
target_dir=$(scripts/target-dir.sh)
logs=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$logs"' EXIT

# start_sim NAME ARGS…: starts a stand-in and sets `url` once it listens (no subshell: its PID
# must reach the trap).
start_sim() {
  local name=$1
  url=
  shift
  "$target_dir/debug/milvus-import-sim" --port 0 "$@" >"$logs/$name" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$logs/$name" | head -n1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the stand-in ($name) did not start:" >&2; cat "$logs/$name" >&2; exit 1; }
}

start_sim sim --speed 50 --auth root:Milvus --retention 1h
SIM_URL=$url
start_sim slow --faults 1 --fault-kinds slow --slow 1h
SLOW_SIM_URL=$url
echo "browser tests against the stand-ins at $SIM_URL and (never answering) $SLOW_SIM_URL"
export SIM_URL SLOW_SIM_URL CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180
cargo test --target wasm32-unknown-unknown --test app --test hooks --test history_db "$@"
