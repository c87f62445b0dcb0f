#!/usr/bin/env bash
# Times how long `returnn CONFIG ++task nop` takes: one warm-up run, then RUNS runs; prints the
# median wall time and the median CPU time (user + sys) in milliseconds, and whether the config
# evaluated (else the first error line, and the times are the time to that failure).
#
#   Benchmarks/time-config-eval.sh CONFIG [RUNS] [RETURNN]
#
# RUNS defaults to 21; RETURNN to .build/release/returnn of this checkout. On a shared machine
# the CPU time is the steadier figure; name the CPU (lscpu) with the numbers.
set -euo pipefail
config="${1:?usage: $0 CONFIG [RUNS] [RETURNN]}"
runs="${2:-21}"
bin="${3:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/returnn}"
[ -x "$bin" ] || { echo "returnn binary not found at $bin (build it with: swift build -c release --product returnn)" >&2; exit 2; }
[ -f "$config" ] || { echo "config $config not found" >&2; exit 2; }

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
"$bin" "$config" ++task nop > "$out" 2>&1 || status=$?
walls=(); cpus=()
TIMEFORMAT='%3R %3U %3S'
for _ in $(seq "$runs"); do
  t="$( { time "$bin" "$config" ++task nop > /dev/null 2>&1 || true; } 2>&1 )"
  read -r real user sys <<< "$t"
  walls+=("$(awk -v r="$real" 'BEGIN { printf "%.1f", r * 1000 }')")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", (u + s) * 1000 }')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
lines="$(wc -l < "$config")"
if [ "$status" -eq 0 ]; then
  verdict="evaluates"
else
  verdict="stops (exit $status): $(grep -m1 'error' "$out" || tail -1 "$out")"
fi
echo "$config ($lines lines): $verdict"
echo "median of $runs runs: wall $(median "${walls[@]}") ms, cpu (user+sys) $(median "${cpus[@]}") ms"
echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
