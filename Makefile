# One entry point for people, the README and CI. `make run` builds and serves
# the widget; `make test` runs every test. Both install what they need first.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
ADDRESS ?= 127.0.0.1
PORT ?= 8080


# The release wasm: the standard library is rebuilt for the WebAssembly MVP and
# for size. A panic aborts at once (no message formatting: scripts/boot.js
# replaces the page by the crash message, the <template id="cc-crash"> that the
# core's `prerender` wrote from the question files), and no source file names or
# Debug formatting are kept. These are unstable options of the stable compiler,
# allowed by RUSTC_BOOTSTRAP=1 for this build only (README, "Size"); the
# standard library's source comes with rustup's rust-src (scripts/setup.sh).
RELEASE_WASM_ENV := RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-cpu=mvp -C target-feature=+mutable-globals -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"

# A prefix for the two heavy builds (the release build, the wasm render tests),
# e.g. `make test HEAVY="flock /tmp/cramp-heavy.lock"` on a shared machine.
HEAVY ?=
STAGE := scripts/stage.sh

.PHONY: run test setup-build setup-test lint test-native test-fhir test-web test-e2e test-e2e-chromium \
	test-e2e-firefox test-e2e-webkit test-old-engines screenshots dist dist-only bench content-book check-compat fresh-check

# The release build first: when it fails, `make run` stops with its error and a
# non-zero exit instead of serving. Then dist/ is served as a CDN would serve it
# (scripts/static-server.mjs). For a rebuild on every save: `trunk serve`.
run: dist
	node scripts/static-server.mjs dist $(ADDRESS) $(PORT)

# Every stage in order, each with its duration; the table again at the end.
test:
	@rm -f target/test-stages.txt
	@$(STAGE) "setup" scripts/setup.sh test
	@$(STAGE) "fmt + clippy" $(MAKE) --no-print-directory lint
	@$(STAGE) "native tests" $(MAKE) --no-print-directory test-native
	@$(STAGE) "FHIR R4 validation" $(MAKE) --no-print-directory test-fhir
	@$(STAGE) "wasm render tests" $(MAKE) --no-print-directory test-web
	@$(STAGE) "release build" $(MAKE) --no-print-directory dist-only
	@$(STAGE) "MVP wasm, ES2019, CSP" $(MAKE) --no-print-directory check-compat
	@$(STAGE) "e2e chromium" node tests/e2e/run.mjs
	@$(STAGE) "e2e firefox + webkit" scripts/together.sh \
		"e2e firefox" "node tests/e2e/run.mjs --engine firefox" \
		"e2e webkit" "node tests/e2e/run.mjs --engine webkit"
	@$(STAGE) "old engines" $(MAKE) --no-print-directory test-old-engines
	@printf '\n=== make test: every stage passed\n'; cat target/test-stages.txt

# The README's two commands as a new machine runs them: a clone with an empty
# CARGO_HOME and npm cache (scripts/fresh-check.sh; README, "A new machine").
fresh-check:
	scripts/fresh-check.sh

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

# Property tests draw their action sequences from a fixed seed, so a run is
# reproducible and CI cannot go red by chance; PROPTEST_RNG_SEED=<n> explores
# other sequences.
PROPTEST_RNG_SEED ?= 20261130
test-native:
	PROPTEST_RNG_SEED=$(PROPTEST_RNG_SEED) cargo test

# The FHIR R4 output, validated (scripts/validate-fhir.mjs): the official FHIR
# R4 JSON schema, the R4 invariants que-0..13, qrs-1, qrs-2, dom-6 (fhirpath.js),
# the narrative, and each QuestionnaireResponse against the Questionnaire its
# canonical names. On both Questionnaires, written by the same `prerender` as
# dist/fhir/, and a QuestionnaireResponse per vignette (tests/vignettes.jsonl)
# and diary case per language (`fhir-samples`), all built natively into
# target/fhir-samples/. Then tests/fhir/fhir-checks.test.mjs proves each check
# able to fail, on broken copies of those files.
FHIR_SAMPLES := target/fhir-samples
test-fhir:
	@scripts/setup.sh fhir
	rm -rf $(FHIR_SAMPLES)
	cargo run --quiet -p cramp-core --bin prerender -- $(FHIR_SAMPLES)/prerender >/dev/null
	cargo run --quiet -p cramp-core --bin fhir-samples -- tests/vignettes.jsonl $(FHIR_SAMPLES)/responses
	node scripts/validate-fhir.mjs --require Questionnaire,QuestionnaireResponse $(FHIR_SAMPLES)
	FHIR_SAMPLES=$(FHIR_SAMPLES) node --test tests/fhir/fhir-checks.test.mjs

# Render tests of the Yew components in headless Chromium.
test-web:
	$(HEAVY) env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Ctarget-cpu=generic \
		cargo test --target wasm32-unknown-unknown --test web

# The static site: dist/ works from any path on any static server. The privacy
# scan fails the build if the shipped JS or wasm can reach the network.
dist: setup-build dist-only

dist-only:
	$(HEAVY) env $(RELEASE_WASM_ENV) trunk build --release --offline
	$(MAKE) --no-print-directory content-book
	node scripts/privacy-scan.mjs dist

# The shipped wasm validates as the WebAssembly MVP (plus mutable globals) with no
# i64 at its boundary, every shipped script parses in Chromium 74 (ES2019 and
# import()), and the shipped CSP keeps scripts strict while Chromium 74 can run the
# widget (the JavaScript build of the wasm); each check first fails on a bad input.
check-compat:
	node scripts/check-compat.mjs dist

# The content book for clinical sign-off: dist/content-book.html (and its stylesheet),
# every question and rule of questions/, loaded by the widget's own loader. `trunk build`
# replaces dist/, so `make dist` writes it last; on a built dist/ the post-build step
# then runs again (it is idempotent) so that _headers lists the book too (sw.js never
# precaches it, and the build's version does not change).
content-book:
	cargo run --quiet -p cramp-core --bin content-book -- questions dist
	@if [ -f dist/sw.js ]; then node scripts/postbuild.mjs dist; fi

# The size profile by crate and module, the first-load sizes, first paint and the first
# emergency question answerable beside the plain static page (Slow 4G, 4x CPU),
# Lighthouse and the budget lines, from a fresh clone (installs what it needs first).
# The release wasm's environment goes along, so the profile is built like dist/.
# HEAVY (as for make test) or HEAVY_LOCK=/tmp/x.lock serialises its builds; scripts/bench.sh.
bench:
	@$(RELEASE_WASM_ENV) HEAVY='$(HEAVY)' scripts/bench.sh

# End-to-end journeys against the release build: every test in Chromium
# (including the cramp diary, offline use, updates, the embed from another
# origin and a sub-folder), the core journeys in Firefox ESR and WebKitGTK.
# E2E_NOW=2026-12-06T23:30:00+08:00 fixes the browsers' clock (tests/e2e/clock.mjs).
test-e2e: dist test-e2e-chromium test-e2e-firefox test-e2e-webkit test-old-engines

test-e2e-chromium:
	node tests/e2e/run.mjs

test-e2e-firefox:
	node tests/e2e/run.mjs --engine firefox

test-e2e-webkit:
	node tests/e2e/run.mjs --engine webkit

# The core journeys in Chromium 74 and 83 (npm chrome-aws-lambda; their CSP drops
# 'wasm-unsafe-eval') and in today's Chromium without WebAssembly: the widget runs
# from the JavaScript build of its wasm (tests/old-engines/).
test-old-engines:
	node tests/old-engines/run.mjs

# Full-page screenshots of every screen at 360 px, both languages, and the
# first screen of the result at each level (normal and larger text), into
# tests/e2e/output/ (not part of make test).
screenshots: dist
	E2E_SCREENSHOTS=1 node tests/e2e/run.mjs mobile result
