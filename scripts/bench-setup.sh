#!/usr/bin/env bash
# Installs what `make bench` needs beyond the build tools (scripts/setup.sh build),
# idempotently, skipping what is already there at the right version:
#   - twiggy (the wasm size profiler), from crates.io into ~/.cargo/bin
#     (about 7 minutes once on 2 cores);
#   - the bench's npm packages (playwright-core, lighthouse) into bench/node_modules,
#     with `npm ci` whenever bench/package-lock.json is newer than the install.
# Chromium itself comes from Debian (scripts/setup.sh test installs it too).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TWIGGY_VERSION=0.8.0
export PATH="$HOME/.cargo/bin:$ROOT/.tools/npm/node_modules/.bin:$PATH"

say() { printf 'bench-setup: %s\n' "$*"; }
fail() {
    printf 'bench-setup: could not install %s.\n  %s\n' "$1" "$2" >&2
    exit 1
}

if ! twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
    say "installing twiggy $TWIGGY_VERSION (about 7 minutes on 2 cores, once)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked --force ||
        fail "twiggy $TWIGGY_VERSION" "cargo install twiggy --version $TWIGGY_VERSION --locked failed."
fi

stamp=bench/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ bench/package-lock.json -nt "$stamp" ] || [ bench/package.json -nt "$stamp" ]; then
    say "installing the bench's npm packages (npm ci in bench/)"
    npm ci --prefix bench --no-audit --no-fund --silent ||
        fail "the bench's npm packages" "npm ci --prefix bench failed (is bench/package-lock.json in sync with bench/package.json?)."
    touch "$stamp"
fi

if [ ! -x "${CHROME_PATH:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        say "installing Chromium (Debian package)"
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null ||
            fail "Chromium" "apt-get install chromium failed."
    else
        fail "Chromium" "not root and no sudo: install the Debian package 'chromium' by hand, or set CHROME_PATH."
    fi
fi
say "ready"
