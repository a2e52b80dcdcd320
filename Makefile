# Every target installs what it needs first (scripts/install-tools.sh is idempotent).
SHELL := /bin/bash
.DEFAULT_GOAL := test
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: test test-native lint

## test: every test: native model/client tests, the lint that keeps panics off network data.
test: test-native lint

test-native:
	cargo test --workspace --all-targets
	cargo test --workspace --doc

## lint: no unwrap/expect/indexing on wire data (denied in src/lib.rs), no warnings.
lint:
	cargo clippy --workspace --all-targets -- -D warnings
