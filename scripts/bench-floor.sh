#!/usr/bin/env bash
# Builds bench/floor (Yew + the questionnaire, nothing else) the way Trunk builds
# the widget: release profile, wasm-bindgen --target web, wasm-opt -Oz.
# Writes target/bench-floor/floor.js and floor_bg.wasm for `node bench/bench.mjs`.
# Usage: scripts/bench-floor.sh   (the tools of `scripts/setup.sh build` on PATH)
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=target/bench-floor
export CARGO_TARGET_DIR=target/bench-floor/cargo
# The widget's own lock file, so the floor is built from the same crate versions
# (cargo only adds the floor package and drops what it does not use).
cp Cargo.lock bench/floor/Cargo.lock
cargo build --quiet --release --target wasm32-unknown-unknown --manifest-path bench/floor/Cargo.toml
wasm-bindgen --target web --out-name floor --out-dir "$OUT" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/bench-floor.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --strip-debug --strip-producers "$OUT/floor_bg.wasm" -o "$OUT/floor_bg.wasm"
