#!/usr/bin/env bash
# Beam search side by side: trains demos/att-enc-dec-search.config with upstream RETURNN (TF
# backend, peers venv), then decodes the same eval set from upstream's TF checkpoint with upstream
# and with swift-returnn (which reads the checkpoint as it is), checks that both find the same
# hypotheses, and prints decoding speed (sequences per second of the search pass: the sum of the
# per-step times both print at log_verbosity 5) and whole-process wall times.
#
#   Benchmarks/compare-search.sh [-e TRAIN_EPOCHS] [-n EVAL_SEQS] [-k BEAM] [-r RUNS] [-b BINARY]
#
# Environment: PEERS_VENV (default $HOME/peers-venv: made by the peers' install.sh), THREADS
# (default 1, both sides). Medians over RUNS (default 3) decoding runs per side.
set -euo pipefail
epochs=1 seqs=1000 beam=12 runs=3
bin="$(cd "$(dirname "$0")/.." && pwd)/.build/release/returnn"
config="$(cd "$(dirname "$0")/.." && pwd)/demos/att-enc-dec-search.config"
while getopts "e:n:k:r:b:" o; do
  case "$o" in
    e) epochs="$OPTARG" ;; n) seqs="$OPTARG" ;; k) beam="$OPTARG" ;; r) runs="$OPTARG" ;; b) bin="$OPTARG" ;;
    *) echo "usage: $0 [-e TRAIN_EPOCHS] [-n EVAL_SEQS] [-k BEAM] [-r RUNS] [-b BINARY]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "no binary at $bin (swift build -c release --product returnn)" >&2; exit 2; }
py="${PEERS_VENV:-$HOME/peers-venv}/bin/python"
threads="${THREADS:-1}"
# shellcheck source=bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"
export_threads "$threads"
work="$(mktemp -d -t compare-search.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "CPU: $(cpu_line), threads $threads"
echo "training $epochs epoch(s) with upstream, then decoding $seqs sequences with beam $beam, $runs runs per side"
sed "s/\"beam_size\": 4/\"beam_size\": $beam/" "$config" > "$work/search.config"
cat >> "$work/search.config" <<CFG
eval = {"class": "TaskNumberBaseConvertDataset", "num_seqs": $seqs, "fixed_random_seed": 23}
CFG
(cd "$work" && "$py" -m returnn search.config ++num_epochs "$epochs" ++model "$work/model" ++log_verbosity 3 > train.log 2>&1) ||
  { echo "upstream training failed:"; tail -5 "$work/train.log"; exit 1; }
for side in upstream ours; do
  for r in $(seq 1 "$runs"); do
    cmd=("$bin"); [ "$side" = upstream ] && cmd=("$py" -m returnn)
    (cd "$work" && /usr/bin/time -f "%e" -o "$work/$side-$r.time" "${cmd[@]}" search.config ++task search ++load_epoch "$epochs" \
       ++model "$work/model" ++log_verbosity 5 > "$work/$side-$r.log" 2>&1) ||
      { echo "$side search failed:"; grep -E "rror" "$work/$side-$r.log" | tail -3; exit 1; }
  done
done
python3 - "$work" "$runs" "$seqs" <<'PY'
import re, statistics, sys
work, runs, seqs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def clean(p): return re.sub(r"\x1b\[[0-9;]*m", "", open(p, errors="replace").read())
def hyps(text):
    return {m.group(1): re.sub(r"\s+", " ", m.group(2)) for m in
            re.finditer(r"seq_tag: '([^']+)', output 'decision': (array\(\[[^\]]*\],\s*dtype=int32\))", text)}
def step_time(text): return sum(float(x) for x in re.findall(r"([0-9.]+) sec/step", text))
def error(text):
    m = re.search(r"Search done\. Num steps \d+, Final: score \S+ error (\S+)", text)
    return m.group(1) if m else "?"
res = {}
for side in ("upstream", "ours"):
    texts = [clean(f"{work}/{side}-{r}.log") for r in range(1, runs + 1)]
    walls = [float(open(f"{work}/{side}-{r}.time").read().split()[-1]) for r in range(1, runs + 1)]
    res[side] = dict(hyps=hyps(texts[0]), step=statistics.median(step_time(t) for t in texts), wall=statistics.median(walls), err=error(texts[0]))
u, o = res["upstream"], res["ours"]
same = sum(1 for k, v in u["hyps"].items() if o["hyps"].get(k) == v)
print(f"hypotheses: {same} of {len(u['hyps'])} the same (upstream found {len(u['hyps'])}, swift-returnn {len(o['hyps'])})")
print(f"label error rate (edit distance of 'decision'): upstream {u['err']}, swift-returnn {o['err']}")
print(f"search pass: upstream {u['step']:.2f} s ({seqs / u['step']:.0f} seqs/s), swift-returnn {o['step']:.2f} s ({seqs / o['step']:.0f} seqs/s), speed-up {u['step'] / o['step']:.1f}x")
print(f"whole process: upstream {u['wall']:.1f} s, swift-returnn {o['wall']:.1f} s, ratio {o['wall'] / u['wall']:.3f}")
PY
