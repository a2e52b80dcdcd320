# Every target installs what it needs first (scripts/install-tools.sh is idempotent and fast
# when everything is already there).
SHELL := /bin/bash
.DEFAULT_GOAL := test
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TARGET_DIR = $(shell cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
SIM_BIN = $(TARGET_DIR)/debug/milvus-import-sim

.PHONY: test test-native test-conformance lint sim

## test: every test.
test: test-native test-conformance lint

## test-native: the model and client (fixtures, error table, fuzzing, requests) and the
## stand-in over real HTTP.
test-native:
	cargo test --workspace --all-targets
	cargo test --workspace --doc

## test-conformance: pymilvus, an independent client, against the stand-in.
test-conformance: sim
	scripts/install-tools.sh pymilvus
	SIM_BIN=$(SIM_BIN) .tools/venv/bin/python -m pytest -q tests/conformance

sim:
	cargo build -p milvus-import-sim

## lint: no unwrap/expect/indexing on wire data (denied in src/lib.rs), no warnings.
lint:
	scripts/install-tools.sh rust-wasm
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --lib --bin app --target wasm32-unknown-unknown -- -D warnings
