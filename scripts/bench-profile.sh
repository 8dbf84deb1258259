#!/usr/bin/env bash
# Builds the widget a second time with its function names kept, for the size
# profile of `make bench` (bench/profile.mjs). Everything goes to
# target/bench-profile/; dist/ and Trunk's target/ are not touched.
#
# Same as the shipped build (Trunk): release profile of Cargo.toml (only
# `strip` off, so the name section survives), wasm-bindgen --target web,
# then wasm-opt with the level and flags index.html gives Trunk, plus -g
# (--debuginfo) so the names survive wasm-opt too. Then
# `twiggy top -n 100000 --format csv` and `twiggy dominators --format csv` of the result.
#
# Writes: target/bench-profile/cramp-check_bg.wasm (with names),
#         target/bench-profile/top.csv and dominators.csv, target/bench-profile/content.rs (the
#         questionnaire compiled in, to tell its strings from other data)
# Usage: scripts/bench-profile.sh   (tools of scripts/setup.sh build and
#        scripts/bench-setup.sh on PATH; `make bench` runs it)
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/npm/node_modules/.bin:$PATH"
OUT=target/bench-profile
# Its own target folder: with `strip` changed cargo would rebuild every crate,
# and would then do it again for the next `make dist` in the shared target/.
export CARGO_TARGET_DIR=$OUT/cargo
export CARGO_PROFILE_RELEASE_STRIP=false
BIN=cramp-check

# wasm-opt's level and flags, from index.html's Trunk link (data-wasm-opt="z"
# → -Oz), so the profile follows whatever the shipped build uses.
link=$(tr '\n' ' ' <index.html | grep -o '<link[^>]*data-trunk[^>]*rel="rust"[^>]*>' | head -1 || true)
level=$(grep -o 'data-wasm-opt="[^"]*"' <<<"$link" | cut -d'"' -f2 || true)
params=$(grep -o 'data-wasm-opt-params="[^"]*"' <<<"$link" | cut -d'"' -f2 || true)
level=${level:-z}

mkdir -p "$OUT"
cargo build --quiet --release --target wasm32-unknown-unknown --bin "$BIN"
wasm-bindgen --target web --no-typescript --out-name "$BIN" --out-dir "$OUT" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$BIN.wasm"
# shellcheck disable=SC2086 # the flags are words
wasm-opt "-O$level" -g $params "$OUT/${BIN}_bg.wasm" -o "$OUT/${BIN}_bg.wasm"
twiggy top -n 100000 --format csv "$OUT/${BIN}_bg.wasm" >"$OUT/top.csv"
twiggy dominators --format csv "$OUT/${BIN}_bg.wasm" >"$OUT/dominators.csv"

# The questionnaire as compiled in (cramp-core's build script writes it).
content=$(ls -t "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/release/build/cramp-core-*/out/content.rs 2>/dev/null | head -1 || true)
if [ -n "$content" ]; then cp "$content" "$OUT/content.rs"; else rm -f "$OUT/content.rs"; fi
echo "bench-profile: $OUT/${BIN}_bg.wasm ($(wc -c <"$OUT/${BIN}_bg.wasm") bytes with names), wasm-opt -O$level -g $params"
