#!/usr/bin/env bash
# The fresh-machine check (`make fresh-check`): the README's two commands, as a
# new machine would run them. A fresh clone on a machine that built before still
# finds every crate and npm package already downloaded, which hides a missing
# download step; this check takes that away.
#
# It clones this repository at REV (default HEAD) into a temporary folder and,
# there, with an empty CARGO_HOME (no registry index, no downloaded crate, no
# cached git source) and an empty npm cache:
#   1. `make run` must build and answer on its port with the page, whose wasm is
#      served as application/wasm and compiles (WebAssembly.compile in Node);
#   2. `make test` must pass.
# What stays, as the issue that asked for this allows: the installed Rust
# toolchains (RUSTUP_HOME), Debian packages, and binaries already on PATH
# (trunk and wasm-bindgen in ~/.cargo/bin when installed). README says what this
# check cannot simulate.
#
# Usage: scripts/fresh-check.sh            (REV=<commit> to check another commit)
#        FRESH_CHECK_BREAK=std-fetch scripts/fresh-check.sh
#          the control: the clone's set-up skips downloading the standard
#          library's dependencies, and the check must fail (at `make run`).
set -euo pipefail

cd "$(dirname "$0")/.."
SRC=$(pwd)
REV=${REV:-HEAD}
PORT=${FRESH_PORT:-18080}
say() { printf '\nfresh-check: %s\n' "$*"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cramp-fresh.XXXXXX")
server=""
cleanup() {
    [ -n "$server" ] && kill -- -"$server" 2>/dev/null || true
}
trap cleanup EXIT

export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
# The binaries already installed stay reachable (Makefile puts ~/.cargo/bin first
# on PATH); what CARGO_HOME holds besides them (registry, git sources) does not.
export CARGO_HOME="$WORK/cargo-home"
export npm_config_cache="$WORK/npm-cache"
mkdir -p "$CARGO_HOME" "$npm_config_cache"

say "cloning $(git rev-parse --short "$REV") into $WORK/clone (CARGO_HOME and the npm cache empty)"
git clone --quiet --no-local "$SRC" "$WORK/clone"
cd "$WORK/clone"
git checkout --quiet --detach "$(git -C "$SRC" rev-parse "$REV")"

if [ "${FRESH_CHECK_BREAK:-}" = "std-fetch" ]; then
    say "control: the standard library's dependencies are not downloaded by set-up"
    sed -i '/^fetch_crates "the standard library/d' scripts/setup.sh
    ! grep -q '^fetch_crates "the standard library' scripts/setup.sh
fi

start=$(date +%s)
say "make run (port $PORT)"
set -m
make run PORT="$PORT" >"$WORK/run.log" 2>&1 &
server=$!
set +m
# The build comes first; the server answers only after it. Wait for either.
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; do
    if ! kill -0 "$server" 2>/dev/null; then
        grep -m 5 -B 1 -A 3 '^error' "$WORK/run.log" || tail -n 30 "$WORK/run.log"
        say "FAILED: make run stopped before serving (log: $WORK/run.log)"
        exit 1
    fi
    sleep 2
done
curl -fsS "http://127.0.0.1:$PORT/" >"$WORK/index.html"
wasm=$(grep -o '[A-Za-z0-9_./-]*_bg\.wasm' "$WORK/index.html" | head -n 1)
[ -n "$wasm" ] || { say "FAILED: the page names no wasm"; exit 1; }
curl -fsS -D "$WORK/wasm.headers" -o "$WORK/app.wasm" "http://127.0.0.1:$PORT/${wasm#./}"
grep -qi '^content-type: application/wasm' "$WORK/wasm.headers" ||
    { say "FAILED: $wasm is not served as application/wasm"; exit 1; }
node -e "WebAssembly.compile(require('fs').readFileSync(process.argv[1])).then(
  (m) => console.log('fresh-check: the served wasm compiles:', WebAssembly.Module.exports(m).length, 'exports'),
  (e) => { console.error('fresh-check: the served wasm does not compile:', e.message); process.exit(1); })" "$WORK/app.wasm"
kill -- -"$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=""
say "make run answered on its port after $(($(date +%s) - start)) s"

say "make test"
make test
say "PASSED in $(($(date +%s) - start)) s: make run served a page whose wasm compiles, make test passed ($WORK)"
rm -rf "$WORK"
