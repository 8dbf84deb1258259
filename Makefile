# One entry point for people, the README and CI. `make run` builds and serves
# the widget; `make test` runs every test. Both install what they need first.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test setup-build setup-test lint test-native test-web test-e2e dist bench

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

# The static site: dist/ works from any path on any static server. The privacy
# scan fails the build if the shipped JS or wasm can reach the network.
dist: setup-build
	trunk build --release --offline
	node scripts/privacy-scan.mjs dist

# The size profile by crate and module, the first-load sizes, first paint and the first
# emergency question answerable beside the plain static page (Slow 4G, 4x CPU),
# Lighthouse and the budget lines, from a fresh clone (installs what it needs first).
# HEAVY_LOCK=/tmp/x.lock serialises its builds with others'; see scripts/bench.sh.
bench:
	@scripts/bench.sh

# End-to-end journeys in real Chromium against the release build, including the
# cramp diary, offline use, updates, the embed from another origin and a sub-folder.
test-e2e: dist
	node tests/e2e/run.mjs
