#!/usr/bin/env bash
# Side-by-side comparison with upstream RETURNN (TF backend) on this machine, in one run:
#   (a) the 12AX NativeLstm2 demo, whole process: wall time and peak memory;
#   (b) the 2-layer BLSTM 256+256 on 40-dim HDF features: training frames/s;
#   (c) upstream's LSTM benchmark workload (5 BLSTM layers x 500, 12AX, chunking 50:25): frames/s.
# Runs alternate (ours, upstream, ours, ...) RUNS times; the medians and ratios are printed.
#
# Usage: Benchmarks/compare-upstream.sh [a] [b] [c]        (default: all)
# Environment:
#   PEERS_DIR      the peers scripts (default: ../shared/peers relative to the repo root)
#   PEERS_VENV     venv made by PEERS_DIR/install.sh (default: $HOME/peers-venv)
#   RETURNN_MIRROR a RETURNN git checkout or bare mirror (for upstream's demo configs)
#   RUNS           runs per side (default 3); THREADS (default 2) = OMP/our thread count
#   WORK           scratch directory (default: mktemp -d)
# Needs: GNU time (/usr/bin/time, Debian package "time"), a release build of `returnn`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$ROOT/../shared/peers}"
PEERS_VENV="${PEERS_VENV:-$HOME/peers-venv}"
PY="$PEERS_VENV/bin/python"
RUNS="${RUNS:-3}"
THREADS="${THREADS:-2}"
WORK="${WORK:-$(mktemp -d -t returnn-compare.XXXXXX)}"
WHAT=("$@"); [ ${#WHAT[@]} -eq 0 ] && WHAT=(a b c)
export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS=1 PYTHONUNBUFFERED=1
export RETURNN_NUM_THREADS="$THREADS"

[ -x "$PY" ] || { echo "error: no peers venv at $PEERS_VENV (run $PEERS_DIR/install.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time missing (apt install time)" >&2; exit 2; }
if [ -z "${RETURNN_MIRROR:-}" ] || ! git -C "$RETURNN_MIRROR" rev-parse --git-dir >/dev/null 2>&1; then
  echo "error: set RETURNN_MIRROR to a RETURNN git directory" >&2; exit 2
fi
(cd "$ROOT" && swift build -c release --product returnn >/dev/null)
OURS="$ROOT/.build/release/returnn"
mkdir -p "$WORK"
echo "work dir: $WORK; threads $THREADS; runs $RUNS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME LOG CMD...: runs CMD with GNU time; appends "wall maxrss_kib" to $WORK/NAME.times
timed() {
  local name="$1" log="$2"; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/$name.time1" "$@" > "$log" 2>&1 || { echo "run failed, see $log" >&2; tail -5 "$log" >&2; return 1; }
  cat "$WORK/$name.time1" >> "$WORK/$name.times"
}

# shellcheck source=bench-lib.sh
. "$ROOT/Benchmarks/bench-lib.sh"
# Frames/s on both sides = dataset frames per epoch (counted by upstream's own dataset code,
# peers tools/count_frames.py) / training time of the epoch; median over epochs 2.. .
frames_of() { "$PY" "$PEERS_DIR/tools/count_frames.py" "$1" 2 2>/dev/null | awk '$1=="epoch" && $2==2 {print $4}'; }

run_a() {
  git -C "$RETURNN_MIRROR" show HEAD:demos/demo-tf-native-lstm2.12ax.config > "$WORK/demo-tf-native-lstm2.12ax.config"
  rm -f "$WORK"/a-*.times
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/a-ours-$i" "$WORK/a-up-$i"; mkdir -p "$WORK/a-ours-$i" "$WORK/a-up-$i"
    timed a-ours "$WORK/a-ours-$i/log.txt" "$OURS" "$ROOT/demos/12ax.config" ++model "$WORK/a-ours-$i/model" \
      ++learning_rate_file "$WORK/a-ours-$i/lr" ++log_verbosity 4
    (cd "$WORK" && timed a-up "$WORK/a-up-$i/log.txt" "$PY" -m returnn demo-tf-native-lstm2.12ax.config \
      ++model "$WORK/a-up-$i/model" ++learning_rate_file "$WORK/a-up-$i/lr")
  done
  local ow om uw um
  ow=$(cut -d' ' -f1 "$WORK/a-ours.times" | median); om=$(cut -d' ' -f2 "$WORK/a-ours.times" | median)
  uw=$(cut -d' ' -f1 "$WORK/a-up.times" | median); um=$(cut -d' ' -f2 "$WORK/a-up.times" | median)
  echo "(a) 12AX demo, whole process, median of $RUNS:"
  printf "    ours:     %6.2f s  %7.1f MiB   last dev line: %s\n" "$ow" "$(echo "$om/1024" | bc -l)" "$(grep '^dev:' "$WORK/a-ours-1/log.txt" | tail -1)"
  printf "    upstream: %6.2f s  %7.1f MiB   last dev line: %s\n" "$uw" "$(echo "$um/1024" | bc -l)" "$(grep '^dev:' "$WORK/a-up-1/log.txt" | tail -1)"
  printf "    ratio ours/upstream: wall %.3f, peak memory %.3f (goal <= 0.1)\n" "$(echo "$ow/$uw" | bc -l)" "$(echo "$om/$um" | bc -l)"
}

run_b() {
  local data="$WORK/blstm-data"
  [ -f "$data/train.hdf" ] || "$PY" "$ROOT/demos/make-blstm-hdf.py" "$data"
  cp "$PEERS_DIR/configs/blstm-tf.config" "$WORK/"
  local frames; frames=$(frames_of "{'class': 'HDFDataset', 'files': ['$data/train.hdf']}")
  rm -f "$WORK"/b-*.fps
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/b-ours-$i" "$WORK/b-up-$i"; mkdir -p "$WORK/b-ours-$i" "$WORK/b-up-$i"
    BLSTM_DATA="$data" timed b-ours "$WORK/b-ours-$i/log.txt" "$OURS" "$ROOT/demos/blstm-hdf.config" \
      ++model "$WORK/b-ours-$i/model" ++learning_rate_file "$WORK/b-ours-$i/lr" ++log_verbosity 4
    ours_fps "$WORK/b-ours-$i/log.txt" "$frames" >> "$WORK/b-ours.fps"
    (cd "$WORK" && PEERS_BLSTM_DATA="$data" "$PY" -m returnn blstm-tf.config ++model "$WORK/b-up-$i/model" \
      ++learning_rate_file "$WORK/b-up-$i/lr" 2>&1 | python3 "$PEERS_DIR/tools/ts.py" "$WORK/b-up-$i/log.txt" >/dev/null)
    python3 "$ROOT/Benchmarks/upstream-fps.py" "$WORK/b-up-$i/log.txt" "$frames" >> "$WORK/b-up.fps"
  done
  local o u
  o=$(median < "$WORK/b-ours.fps"); u=$(median < "$WORK/b-up.fps")
  echo "(b) BLSTM 2x256 bidir on 40-dim HDF, train frames/s, median of $RUNS (epochs 2..):"
  echo "    ours: $o   upstream TF NativeLstm2: $u   ratio: $(echo "scale=2; $o/$u" | bc -l) (goal >= 5)"
}

run_c() {
  cat > "$WORK/lstm-bench.config" <<CFG
#!returnn.py
task = "train"
train = {"class": "Task12AXDataset", "num_seqs": 100}
num_inputs = 9
num_outputs = 2
batch_size = 2000
max_seqs = 40
chunking = "50:25"
network = {}
_src = "data"
for i in range(5):
    network["fw%i" % i] = {"class": "rec", "unit": "nativelstm2", "n_out": 500, "direction": 1, "from": _src}
    network["bw%i" % i] = {"class": "rec", "unit": "nativelstm2", "n_out": 500, "direction": -1, "from": _src}
    _src = ["fw%i" % i, "bw%i" % i]
network["output"] = {"class": "softmax", "loss": "ce", "from": _src}
optimizer = {"class": "adam"}
learning_rate = 0.001
num_epochs = 2
log_verbosity = 4
CFG
  sed -e 's/^#!returnn.py/#!rnn.py\nuse_tensorflow = True/' "$WORK/lstm-bench.config" > "$WORK/lstm-bench-tf.config"
  rm -f "$WORK"/c-*.fps
  local frames; frames=$(frames_of "{'class': 'Task12AXDataset', 'num_seqs': 100}")
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/c-ours-$i" "$WORK/c-up-$i"; mkdir -p "$WORK/c-ours-$i" "$WORK/c-up-$i"
    timed c-ours "$WORK/c-ours-$i/log.txt" "$OURS" "$WORK/lstm-bench.config" ++model "$WORK/c-ours-$i/model" \
      ++learning_rate_file "$WORK/c-ours-$i/lr"
    ours_fps "$WORK/c-ours-$i/log.txt" "$frames" >> "$WORK/c-ours.fps"
    (cd "$WORK" && "$PY" -m returnn lstm-bench-tf.config ++model "$WORK/c-up-$i/model" ++learning_rate_file "$WORK/c-up-$i/lr" \
      ++log_verbosity 5 2>&1 | python3 "$PEERS_DIR/tools/ts.py" "$WORK/c-up-$i/log.txt" >/dev/null)
    python3 "$ROOT/Benchmarks/upstream-fps.py" "$WORK/c-up-$i/log.txt" "$frames" >> "$WORK/c-up.fps"
  done
  local o u
  o=$(median < "$WORK/c-ours.fps"); u=$(median < "$WORK/c-up.fps")
  echo "(c) LSTM benchmark workload (5 BLSTM x 500, 12AX, chunking 50:25), train frames/s, median of $RUNS:"
  echo "    ours: $o   upstream TF NativeLstm2: $u   ratio: $(echo "scale=2; $o/$u" | bc -l)"
}

for w in "${WHAT[@]}"; do "run_$w"; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
