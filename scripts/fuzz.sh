#!/usr/bin/env bash
# Long mutation-fuzzing run of the readers (config parser and interpreter, HDF, safetensors, TF
# checkpoints) by hand; the test suite runs 300 inputs of each (Tests/ReturnnFuzzTests).
#
#   scripts/fuzz.sh [COUNT] [SEED]          (defaults: 100000 inputs per reader, seed 1)
#
# Environment: FUZZ=path to a returnn-fuzz binary (default: builds .build/release/returnn-fuzz),
# OUT=directory for failing inputs (default: fuzz-findings, under the current directory),
# TARGETS="config hdf safetensors tfcheckpoint", TIMEOUT=seconds per input before it counts as a hang (10).
# Prints one line of figures per reader; exit status 1 if any input crashed, hung or broke the
# rules (the inputs are in $OUT, with the crash output; replay one with
# `returnn-fuzz TARGET --replay FILE`).
set -euo pipefail
count=${1:-100000}
seed=${2:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-fuzz-findings}
targets=${TARGETS:-config hdf safetensors tfcheckpoint}
timeout=${TIMEOUT:-10}
fuzz=${FUZZ:-}
if [ -z "$fuzz" ]; then
    (cd "$root" && swift build -c release --product returnn-fuzz >&2)
    fuzz="$root/.build/release/returnn-fuzz"
fi
status=0
for t in $targets; do
    case $t in
        config) corpus=("$root/demos") ;;
        hdf) corpus=("$root/Tests/Fixtures/hdf") ;;
        safetensors) corpus=("$root/Tests/Fixtures/checkpoint") ;;
        tfcheckpoint) corpus=("$root/Tests/Fixtures/tfcheckpoint" "$root/Tests/Fixtures/tfcheckpoint/12ax") ;;
        *) echo "unknown target $t" >&2; exit 2 ;;
    esac
    corpus_args=()
    for c in "${corpus[@]}"; do corpus_args+=(--corpus "$c"); done
    "$fuzz" "$t" --count "$count" --seed "$seed" --timeout "$timeout" --out "$out/$t" "${corpus_args[@]}" | tail -n 20 || status=1
done
exit $status
