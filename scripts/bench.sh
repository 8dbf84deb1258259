#!/usr/bin/env bash
# `make bench`: everything the benchmark needs, from a fresh clone, stage by stage,
# with each stage's duration.
#
#   1. setup    the build tools (scripts/setup.sh build), twiggy (scripts/bench-setup.sh)
#               and the bench's npm packages (playwright-core, lighthouse)
#   2. dist     the shipped site, exactly as `make dist` builds it
#   3. profile  the same widget built again with its names kept, into
#               target/bench-profile/ (scripts/bench-profile.sh), never touching dist/,
#               with the release wasm's environment make passes (RELEASE_WASM_ENV)
#   4. sizes    bytes by crate and module, and the top 40 functions (bench/profile.mjs)
#   5. measure  first load, first screen against the plain static page, Lighthouse,
#               budget lines (bench/bench.mjs)
#   5b. takeover a first visit at 360x740 on Slow 4G, 4x CPU: the first tap's worst
#               latency and the takeover time after the first interaction, budget lines
#               (bench/takeover.mjs; on its own: `node bench/takeover.mjs dist`)
#   6. diary    the diary at 10, 1,000 and 10,000 entries: open, log one more (with the
#               storage write), delete one, start-up against an empty diary, at 4x CPU,
#               budget lines (bench/diary.mjs; on its own: `node bench/diary.mjs dist`)
#
# Env: HEAVY_LOCK=/path/to/lockfile (or the Makefile's HEAVY="flock /path") runs the
# heavy builds (stages 1-3) under `flock` on that file, so machines shared by several
# people build one at a time.
# RUNS, LH_RUNS, LIGHTHOUSE=0, CHROME_PATH, BENCH_STRICT=1: see bench/bench.mjs;
# DIARY_RUNS, DIARY_SIZES, DIARY=0 (skip stage 6): see bench/diary.mjs.
# TAKEOVER_RUNS (its RUNS), TAKEOVER=0 (skip stage 5b): see bench/takeover.mjs.
# Exit 0 (a report) unless a stage breaks, or BENCH_STRICT=1 and a budget line fails.
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/npm/node_modules/.bin:$PATH"

# The release wasm's build environment (the Makefile's RELEASE_WASM_ENV, which
# `make bench` passes): kept for the profile build only, so that it is built as
# dist/ is, and cleared for everything else (cargo install must not rebuild std).
WASM_ENV=()
for v in RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS; do
    if [ -n "${!v+x}" ]; then
        WASM_ENV+=("$v=${!v}")
        unset "$v"
    fi
done
[ ${#WASM_ENV[@]} -gt 0 ] ||
    echo "bench: no RELEASE_WASM_ENV from the Makefile (run \`make bench\`): the profile may be built unlike dist/" >&2

# The prefix for heavy builds on a shared machine: HEAVY_LOCK=<file> (flock on it), or
# the Makefile's own HEAVY (e.g. `make bench HEAVY="flock /tmp/cramp-heavy.lock"`).
HEAVY_PREFIX=${HEAVY:-}
[ -z "${HEAVY_LOCK:-}" ] || HEAVY_PREFIX="flock $HEAVY_LOCK"
unset HEAVY
heavy() {
    # shellcheck disable=SC2086 # the prefix is words
    $HEAVY_PREFIX "$@"
}

declare -a DONE=()
stage() {
    local name=$1
    shift
    printf '\n== bench stage: %s\n' "$name"
    local t0=$SECONDS rc=0
    "$@" || rc=$?
    local took=$((SECONDS - t0))
    DONE+=("$name $took s")
    printf '== %s took %d s%s\n' "$name" "$took" "$([ "$rc" = 0 ] || echo " (exit status $rc)")"
    return "$rc"
}

setup() {
    scripts/setup.sh build
    heavy scripts/bench-setup.sh
}

stage setup setup
stage dist make --no-print-directory dist HEAVY="$HEAVY_PREFIX"
stage profile heavy env "${WASM_ENV[@]}" scripts/bench-profile.sh
stage sizes node bench/profile.mjs target/bench-profile
status=0
stage measure node bench/bench.mjs dist || status=$?
if [ "${TAKEOVER:-1}" != 0 ]; then
    stage takeover env RUNS="${TAKEOVER_RUNS:-5}" node bench/takeover.mjs dist || status=$?
fi
if [ "${DIARY:-1}" != 0 ]; then
    stage diary node bench/diary.mjs dist || status=$?
fi

printf '\n== bench stages:'
printf ' %s;' "${DONE[@]}"
printf '\n'
exit "$status"
