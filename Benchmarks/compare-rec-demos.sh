#!/usr/bin/env bash
# Trains upstream RETURNN's rec-subnetwork demos with upstream RETURNN (TF backend, peers venv) and
# with swift-returnn side by side, unmodified except for `++num_epochs`, `++model` and
# `++log_verbosity 3`, and prints the dev error after every epoch and the wall time of each run.
#
#   RETURNN_MIRROR=<returnn git dir> Benchmarks/compare-rec-demos.sh [-e EPOCHS] [-b BINARY] DEMO...
#
# DEMO is a name like `attention` for demos/demo-tf-attention.config. The configs are extracted
# from $RETURNN_MIRROR (revision $RETURNN_REV, default HEAD) into a temporary directory; nothing of
# upstream is stored in this repository. Environment: PEERS_VENV (default $HOME/peers-venv: made by
# the peers' install.sh), THREADS (default 1, both sides), UPSTREAM=0 to run only swift-returnn.
# Each side runs once per demo; run the script several times for medians.
set -euo pipefail
epochs=5
bin="$(cd "$(dirname "$0")/.." && pwd)/.build/release/returnn"
while getopts "e:b:" o; do
  case "$o" in
    e) epochs="$OPTARG" ;;
    b) bin="$OPTARG" ;;
    *) echo "usage: $0 [-e EPOCHS] [-b BINARY] DEMO..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-e EPOCHS] [-b BINARY] DEMO..." >&2; exit 2; }
[ -x "$bin" ] || { echo "no binary at $bin (swift build -c release --product returnn)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
: "${RETURNN_MIRROR:?set RETURNN_MIRROR to a RETURNN git directory (bare mirror is fine)}"
py="${PEERS_VENV:-$HOME/peers-venv}/bin/python"
threads="${THREADS:-1}"
# shellcheck source=bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"
export_threads "$threads"
work="$(mktemp -d -t rec-demos.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "CPU: $(cpu_line), threads $threads, epochs $epochs"

# run SIDE DEMO: trains, writes $work/SIDE-DEMO.{log,time}
run() {
  local side="$1" demo="$2" dir="$work/$1-$2"
  mkdir -p "$dir"
  cp "$work/demo-tf-$demo.config" "$dir/"
  local cmd=("$bin")
  [ "$side" = upstream ] && cmd=("$py" -m returnn)
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/$side-$demo.time" "${cmd[@]}" "demo-tf-$demo.config" ++num_epochs "$epochs" \
     ++model "$dir/model" ++learning_rate_file "$dir/lr" ++log_verbosity 3 > "$work/$side-$demo.log" 2>&1) ||
    echo "  $side failed on $demo: $(grep -E 'error|Error' "$work/$side-$demo.log" | tail -1)"
}

for demo in "$@"; do
  git --git-dir="$RETURNN_MIRROR" show "${RETURNN_REV:-HEAD}:demos/demo-tf-$demo.config" > "$work/demo-tf-$demo.config"
  run ours "$demo"
  [ "${UPSTREAM:-1}" = 1 ] && run upstream "$demo"
  echo "== demo-tf-$demo: dev error after each epoch"
  python3 - "$work" "$demo" "$epochs" <<'EOF'
import re, sys, os
work, demo, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def errors(side):
    p = os.path.join(work, f"{side}-{demo}.log")
    if not os.path.exists(p): return []
    return [float(m.group(1)) for m in re.finditer(r"^dev: score \S+ error (\S+)", open(p, errors="replace").read(), re.M)]
def wall(side):
    p = os.path.join(work, f"{side}-{demo}.time")
    if not os.path.exists(p): return None
    last = open(p).read().split("\n")[-2].split()
    return float(last[0]), int(last[1]) / 1024
ours, up = errors("ours"), errors("upstream")
print("| epoch | swift-returnn | upstream TF |")
print("|---|---|---|")
for e in range(epochs):
    f = lambda l: f"{l[e]:.4f}" if e < len(l) else "-"
    print(f"| {e + 1} | {f(ours)} | {f(up)} |")
wo, wu = wall("ours"), wall("upstream")
if wo: print(f"wall swift-returnn {wo[0]:.1f} s ({wo[1]:.0f} MiB peak)", end="")
if wu: print(f", upstream {wu[0]:.1f} s ({wu[1]:.0f} MiB peak), ratio {wo[0] / wu[0]:.3f}", end="")
print()
EOF
done
