# One entry point for people, the README and CI. `make run` builds and serves
# the widget; `make test` runs every test. Both install what they need first.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test setup-build setup-test lint test-native test-web test-e2e dist

run: setup-build
	trunk serve --release --offline --address $(ADDRESS) --port $(PORT)

test: setup-test lint test-native test-web test-e2e

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

test-native:
	cargo test

# Render tests of the Yew components in headless Chromium.
test-web:
	cargo test --target wasm32-unknown-unknown --test web

dist:
	trunk build --release --offline

# End-to-end journeys in real Chromium against the release build.
test-e2e: dist
	node tests/e2e/run.mjs
