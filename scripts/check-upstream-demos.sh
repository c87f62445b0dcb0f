#!/usr/bin/env bash
# Evaluates every demos/*.config of an upstream RETURNN checkout with `returnn --dump-config`
# and reports which evaluate. Upstream's files are read from the given checkout (a work tree or
# a bare git directory) into a temporary directory; nothing of upstream is copied into this repo.
#
#   scripts/check-upstream-demos.sh [--train] PATH_TO_RETURNN_CHECKOUT [RETURNN_BINARY]
#
# Exits non-zero if a demo that should evaluate (a TF net-dict demo that imports no TensorFlow/
# PyTorch code, defines no Python classes and is Python 3) fails. With --train, each demo that
# evaluates is also run unmodified for one epoch (`++num_epochs 1`, model files in a temporary
# directory, at most DEMO_TIMEOUT seconds, default 300) and the demos that train are counted; the
# first error line of the others is printed (training failures do not change the exit status).
set -euo pipefail
train=0
if [ "${1:-}" = "--train" ]; then train=1; shift; fi
src="${1:?usage: $0 [--train] PATH_TO_RETURNN_CHECKOUT [RETURNN_BINARY]}"
bin="${2:-$(cd "$(dirname "$0")/.." && pwd)/.build/debug/returnn}"
[ -x "$bin" ] || { echo "returnn binary not found at $bin (build it with: swift build --product returnn)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/demos"
# demos/*.config plus the JSON configs of demos/mdlstm
pattern='^demos/[^/]*\.config$|^demos/mdlstm/.*(config[^/]*|trainconfig|forwardconfig)$'
if [ -d "$src/demos" ]; then
  files="$(cd "$src" && find demos -type f | grep -E "$pattern" | sort)"
  for f in $files; do mkdir -p "$work/$(dirname "$f")"; cp "$src/$f" "$work/$f"; done
else
  files="$(git --git-dir="$src" ls-tree -r --name-only HEAD demos/ | grep -E "$pattern")"
  for f in $files; do mkdir -p "$work/$(dirname "$f")"; git --git-dir="$src" show "HEAD:$f" > "$work/$f"; done
fi

# Demos that need real Python (they call TF/PyTorch/numpy/subprocess code or define classes) or are Python 2,
# per the spec's demo table; they are expected to fail with a located "not supported" error.
expected_fail=" demo-hyper-param-tuning.config demo-rf.config demo-timit-lstm-ctc.config demo-torch.config demo-upd-mult-model.lstm.12ax.config "

ok=0; bad=0; unexpected=0; trained=0; untrained=0
cd "$work"
for f in $files; do
  name="$(basename "$f")"
  [ "${f#demos/mdlstm/}" != "$f" ] && name="$f"
  if out="$("$bin" "$f" --dump-config 2>&1 >/dev/null)"; then
    echo "ok      $name"
    ok=$((ok + 1))
    if [ "$train" = 1 ]; then
      run="$work/run-$(echo "$name" | tr '/' '_')"
      mkdir -p "$run"
      if tout="$(cd "$(dirname "$f")" && timeout "${DEMO_TIMEOUT:-300}" "$bin" "$(basename "$f")" ++num_epochs 1 \
                 ++model "$run/model" ++learning_rate_file "$run/lr" ++log_verbosity 3 2>&1)"; then
        echo "  trains $name: $(echo "$tout" | grep -E '^epoch 1 score|^dev:|^Finished' | head -2 | tr '\n' ' ')"
        trained=$((trained + 1))
      else
        echo "  DOES NOT TRAIN $name: $(echo "$tout" | grep -E 'error' | head -1)"
        untrained=$((untrained + 1))
      fi
    fi
  else
    reason="$(echo "$out" | grep 'returnn: error' | head -1)"
    if [[ "$expected_fail" == *" $name "* ]]; then
      echo "refused $name: $reason"
    else
      echo "FAILED  $name: $reason"
      unexpected=$((unexpected + 1))
    fi
    bad=$((bad + 1))
  fi
done
echo "evaluated: $ok, refused or failed: $bad, unexpected failures: $unexpected"
[ "$train" = 1 ] && echo "train one epoch: $trained train, $untrained do not"
[ "$unexpected" -eq 0 ]
