#!/usr/bin/env bash
# Two builds of `returnn` side by side on this machine, in one run (a no-regression check for a
# branch against main): (a) the 12AX demo, whole process wall time; (b) the 2-layer BLSTM 256+256
# on 40-dim HDF features, training frames/s (epochs 2..). Runs alternate (A, B, A, B, ...) RUNS
# times; medians and the ratio B/A are printed.
#
# Usage: Benchmarks/compare-builds.sh BINARY_A BINARY_B [a] [b]       (default: both)
# Environment:
#   PEERS_VENV  a venv with numpy and h5py for demos/make-blstm-hdf.py (default: $HOME/peers-venv)
#   RUNS        runs per build (default 5); THREADS (default 2) = our thread count
#   WORK        scratch directory (default: mktemp -d)
# Needs GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A="${1:?usage: $0 BINARY_A BINARY_B [a] [b]}"; B="${2:?usage: $0 BINARY_A BINARY_B [a] [b]}"; shift 2
WHAT=("$@"); [ ${#WHAT[@]} -eq 0 ] && WHAT=(a b)
PY="${PEERS_VENV:-$HOME/peers-venv}/bin/python"
RUNS="${RUNS:-5}"
WORK="${WORK:-$(mktemp -d -t returnn-builds.XXXXXX)}"
export RETURNN_NUM_THREADS="${THREADS:-2}" OPENBLAS_NUM_THREADS=1
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time missing (apt install time)" >&2; exit 2; }
for bin in "$A" "$B"; do [ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 2; }; done
echo "work dir: $WORK; threads $RETURNN_NUM_THREADS; runs $RUNS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "A: $A ($("$A" --version 2>&1 | head -1))"
echo "B: $B ($("$B" --version 2>&1 | head -1))"

# shellcheck source=bench-lib.sh
. "$ROOT/Benchmarks/bench-lib.sh"

run_a() {
  rm -f "$WORK"/a-*.times
  for i in $(seq 1 "$RUNS"); do
    for side in A B; do
      local bin="$A"; [ "$side" = B ] && bin="$B"
      local dir="$WORK/a-$side-$i"; rm -rf "$dir"; mkdir -p "$dir"
      /usr/bin/time -f "%e" -o "$dir/time" "$bin" "$ROOT/demos/12ax.config" ++model "$dir/model" \
        ++learning_rate_file "$dir/lr" ++log_verbosity 4 > "$dir/log.txt" 2>&1
      cat "$dir/time" >> "$WORK/a-$side.times"
    done
  done
  local a b; a=$(median < "$WORK/a-A.times"); b=$(median < "$WORK/a-B.times")
  echo "(a) 12AX demo, whole process wall time, median of $RUNS: A $a s, B $b s, B/A $(echo "scale=3; $b/$a" | bc -l)"
  echo "    A runs: $(tr '\n' ' ' < "$WORK/a-A.times")  B runs: $(tr '\n' ' ' < "$WORK/a-B.times")"
}

run_b() {
  local data="$WORK/blstm-data"
  [ -f "$data/train.hdf" ] || "$PY" "$ROOT/demos/make-blstm-hdf.py" "$data" > /dev/null
  local frames; frames=$("$PY" -c "import h5py, sys; print(int(h5py.File(sys.argv[1], 'r')['seqLengths'][:, 0].sum()))" "$data/train.hdf")
  rm -f "$WORK"/b-*.fps
  for i in $(seq 1 "$RUNS"); do
    for side in A B; do
      local bin="$A"; [ "$side" = B ] && bin="$B"
      local dir="$WORK/b-$side-$i"; rm -rf "$dir"; mkdir -p "$dir"
      BLSTM_DATA="$data" "$bin" "$ROOT/demos/blstm-hdf.config" ++model "$dir/model" \
        ++learning_rate_file "$dir/lr" ++log_verbosity 4 > "$dir/log.txt" 2>&1
      ours_fps "$dir/log.txt" "$frames" >> "$WORK/b-$side.fps"
    done
  done
  local a b; a=$(median < "$WORK/b-A.fps"); b=$(median < "$WORK/b-B.fps")
  echo "(b) BLSTM 2x256 bidir on 40-dim HDF, train frames/s (epochs 2..), median of $RUNS: A $a, B $b, B/A $(echo "scale=3; $b/$a" | bc -l)"
  echo "    A runs: $(tr '\n' ' ' < "$WORK/b-A.fps")  B runs: $(tr '\n' ' ' < "$WORK/b-B.fps")"
}

for w in "${WHAT[@]}"; do "run_$w"; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
