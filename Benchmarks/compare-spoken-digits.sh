#!/usr/bin/env bash
# The spoken-digits demo trained side by side: demos/spoken-digits/blstm-ctc.config unchanged with
# upstream RETURNN (TF backend, peers venv: needs librosa and soundfile for its OggZipDataset) and
# with swift-returnn, on the same corpus; prints the dev score and dev WER per epoch and the
# seconds per epoch of both. The initial parameters differ, so the curves agree only roughly.
#
#   Benchmarks/compare-spoken-digits.sh [-e EPOCHS] [-b BINARY] DATA_DIR
#
# DATA_DIR: the output of demos/spoken-digits/make-corpus.py. Environment: PEERS_VENV (default
# $HOME/peers-venv), THREADS (default 1, both sides).
set -euo pipefail
epochs=3
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.build/release/returnn"
while getopts "e:b:" o; do
  case "$o" in
    e) epochs="$OPTARG" ;; b) bin="$OPTARG" ;;
    *) echo "usage: $0 [-e EPOCHS] [-b BINARY] DATA_DIR" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-e EPOCHS] [-b BINARY] DATA_DIR" >&2; exit 2; }
data="$(cd "$1" && pwd)"
[ -f "$data/train.zip" ] || { echo "no $data/train.zip: run demos/spoken-digits/make-corpus.py $data" >&2; exit 2; }
[ -x "$bin" ] || { echo "no binary at $bin (swift build -c release --product returnn)" >&2; exit 2; }
py="${PEERS_VENV:-$HOME/peers-venv}/bin/python"
threads="${THREADS:-1}"
# shellcheck source=bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"
export_threads "$threads"
work="$(mktemp -d -t compare-spoken-digits.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "CPU: $(cpu_line), threads $threads; $epochs epochs of demos/spoken-digits/blstm-ctc.config on $data"
for side in upstream ours; do
  cmd=("$bin"); [ "$side" = upstream ] && cmd=("$py" -m returnn)
  (cd "$work" && SPOKEN_DIGITS_DATA="$data" "${cmd[@]}" "$root/demos/spoken-digits/blstm-ctc.config" \
     ++num_epochs "$epochs" ++model "$work/$side/model" ++learning_rate_file "$work/$side/lr" \
     ++log_verbosity 4 > "$work/$side.log" 2>&1) ||
    { echo "$side training failed:"; sed "s/\x1b\[[0-9;]*m//g" "$work/$side.log" | grep -E "rror|Exception" | tail -5; exit 1; }
done
python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
def parse(side):
    text = re.sub(r"\x1b\[[0-9;]*m", "", open(f"{work}/{side}.log", errors="replace").read())
    dev = re.findall(r"^dev: score (\S+) error (\S+)", text, re.M)
    secs = [int(h) * 3600 + int(m) * 60 + int(s)
            for h, m, s in re.findall(r"^epoch \d+ score: .* elapsed: (\d+):(\d+):(\d+)", text, re.M)]
    return dev, secs
up, ours = parse("upstream"), parse("ours")
print("epoch | upstream dev score, WER, s | swift-returnn dev score, WER, s")
for i in range(max(len(up[0]), len(ours[0]))):
    cell = lambda r: "%.4f, %.4f, %s" % (float(r[0][i][0]), float(r[0][i][1]), r[1][i] if i < len(r[1]) else "?") if i < len(r[0]) else "-"
    print("%5d | %s | %s" % (i + 1, cell(up), cell(ours)))
PY
