# Every target installs what it needs first (scripts/install-tools.sh is idempotent and fast
# when everything is already there).
SHELL := /bin/bash
.DEFAULT_GOAL := test
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TARGET_DIR = $(shell scripts/target-dir.sh)
SIM_BIN = $(TARGET_DIR)/debug/milvus-import-sim
DEMO_PORT ?= 8080


.PHONY: help bench test test-size test-native test-conformance test-browser test-node test-e2e lint build package examples demo sim tools

## test: every test.
test: test-native test-conformance test-browser test-node test-e2e test-size lint

## test-native: model, client, state, job logic and the kept copies; the stand-in over real HTTP.
test-native:
	cargo test --workspace --all-targets
	cargo test --workspace --doc

## test-conformance: real clients against the stand-in: pymilvus (the version in
## requirements.txt, then each one in other-versions.txt) and the Node SDK (tools/package.json).
PYMILVUS_MAIN = $(shell sed -n 's/^pymilvus\[bulk-writer\]==//p' tests/conformance/requirements.txt)
PYMILVUS_OTHERS = $(shell cat tests/conformance/other-versions.txt)
test-conformance: sim
	scripts/install-tools.sh pymilvus node
	SIM_BIN=$(SIM_BIN) node --test tests/conformance/
	SIM_BIN=$(SIM_BIN) PYMILVUS_VERSION=$(PYMILVUS_MAIN) .tools/venv/bin/python -m pytest -q -p no:cacheprovider tests/conformance
	for version in $(PYMILVUS_OTHERS); do \
	  echo "pymilvus $$version:"; \
	  SIM_BIN=$(SIM_BIN) PYMILVUS_VERSION=$$version PYTHONPATH=$(CURDIR)/.tools/pymilvus/$$version \
	    .tools/venv/bin/python -W ignore::DeprecationWarning -m pytest -q -p no:cacheprovider tests/conformance || exit 1; \
	done

## test-browser: every hook alone, and the Yew app, in headless Chromium (wasm-bindgen-test) against the stand-in.
test-browser:
	scripts/browser-tests.sh

## test-node: the npm package in Node: every entry imports without a DOM (also through the
## packed tarball, and during React's server-side rendering); the manifest matches the element;
## the reader on every variant and error, and against the stand-in.
test-node: package examples sim
	SIM_BIN=$(SIM_BIN) node --test tests/node/

## test-e2e: the built page (dist/, and the one-file page from disk), the packaged custom element
## (examples/admin.html) and the examples built from the npm tarball (Vite, webpack, React, Vue),
## served by the stand-in, driven by Playwright in Debian's Chromium.
test-e2e: build package examples sim
	scripts/install-tools.sh node chromium
	cd e2e && SIM_BIN=$(SIM_BIN) DIST_DIR=$(CURDIR)/dist node --test

## test-size: the page's first load, a job opened by a link, each part and the whole page stay
## within bench/size-budget.json (brotli bytes).
test-size: build
	node scripts/size-budget.mjs

## build: the static page in dist/ (release wasm, wasm-opt -Oz), cut into parts fetched when first
## used (scripts/build-page.sh), and the same page as one file, every part inline, that opens from
## disk: dist/milvus-import-monitor.html.
build:
	scripts/install-tools.sh rust-wasm wasm-bindgen wasm-split trunk node
	trunk build
	node scripts/single-file.mjs
	scripts/build-page.sh

## bench: sizes (and twiggy's profile of the page), startup, decoding, per poll, long tasks in a
## 10-minute watch (LONG_TASK_SECS), a batch and requests per job; writes docs/BENCHMARKS.md.
bench: build package sim
	scripts/install-tools.sh twiggy
	SIM_BIN=$(SIM_BIN) TARGET_DIR=$(TARGET_DIR) node bench/bench.mjs

## package: the npm package in pkg/ and its tarball (wasm-pack, web target, release, wasm-opt -Oz;
## the reader without the widget; the manifest and types from src/declaration.rs).
package:
	scripts/package.sh

## examples: examples/{vite,webpack,react,vue} installed from the packed tarball and built.
examples: package
	scripts/build-examples.sh

## demo: build, then serve the page and a stand-in with demo jobs on 127.0.0.1:$(DEMO_PORT).
demo: build
	cargo build --release -p milvus-import-sim
	@echo "Open one of the 'watch:' URLs below (Ctrl-C stops the demo)."
	$(TARGET_DIR)/release/milvus-import-sim --demo --serve dist --port $(DEMO_PORT)

## help: this list.
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## sim: the stand-in (debug build).
sim:
	cargo build -p milvus-import-sim

## tools: everything scripts/install-tools.sh installs.
tools:
	scripts/install-tools.sh

## lint: formatted as rustfmt.toml says; no unwrap/expect/indexing on wire data (denied in
## src/lib.rs), no warnings; no function over 80 lines (clippy.toml), no file over 400, no
## import cycle between files or top-level modules.
lint:
	scripts/install-tools.sh rust-wasm
	node scripts/import-cycles.mjs
	node scripts/file-lengths.mjs
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --lib --bin app --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --bin app --features split --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --features npm --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --no-default-features --features npm --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --test app --test hooks --test history_db -- -D warnings
