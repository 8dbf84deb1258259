#!/usr/bin/env bash
# Runs commands at the same time, then prints each one's output whole, in
# order, with its duration and status; fails when any of them fails. `make
# test` runs the Firefox and WebKit journeys this way: both mostly wait on their
# WebDriver round trips (measured here: 98 s together, 134 s one after the other).
# Each duration also goes into make test's table of stages (target/test-stages.txt).
# Usage: scripts/together.sh "name" "command" ["name" "command" …]
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
names=()
pids=()
i=0
while [ "$#" -ge 2 ]; do
    names+=("$1")
    (
        start=$(date +%s.%N)
        bash -c "$2" >"$dir/$i.out" 2>&1
        status=$?
        end=$(date +%s.%N)
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }' >"$dir/$i.time"
        exit "$status"
    ) &
    pids+=($!)
    i=$((i + 1))
    shift 2
done
failed=0
summary=()
for n in "${!pids[@]}"; do
    wait "${pids[$n]}"
    status=$?
    printf '\n--- %s\n' "${names[$n]}"
    cat "$dir/$n.out"
    result=$([ "$status" -eq 0 ] && echo ok || echo "FAILED ($status)")
    summary+=("$(printf '  %-22s %7s s  %s' "${names[$n]}" "$(cat "$dir/$n.time")" "$result")")
    [ "$status" -eq 0 ] || failed=1
done
printf '\n'
printf '%s\n' "${summary[@]}"
if [ -f target/test-stages.txt ]; then printf '%s\n' "${summary[@]}" >>target/test-stages.txt; fi
exit "$failed"
