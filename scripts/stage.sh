#!/usr/bin/env bash
# Runs one stage of `make test` and prints how long it took, also into
# target/test-stages.txt (make test prints that table at the end).
# Usage: scripts/stage.sh "name" command [args…]
set -uo pipefail
name=$1
shift
mkdir -p target
start=$(date +%s.%N)
printf '\n=== stage: %s\n' "$name"
"$@"
status=$?
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
result=$([ "$status" -eq 0 ] && echo ok || echo "FAILED ($status)")
line=$(printf '%-24s %7s s  %s' "$name" "$secs" "$result")
printf '=== stage: %s\n' "$line"
echo "$line" >>target/test-stages.txt
exit "$status"
