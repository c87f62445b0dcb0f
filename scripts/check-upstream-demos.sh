#!/usr/bin/env bash
# Evaluates every demos/*.config of an upstream RETURNN checkout with `returnn --dump-config`
# and reports which evaluate. Upstream's files are read from the given checkout (a work tree or
# a bare git directory) into a temporary directory; nothing of upstream is copied into this repo.
#
#   scripts/check-upstream-demos.sh PATH_TO_RETURNN_CHECKOUT [RETURNN_BINARY]
#
# Exits non-zero if a demo that should evaluate (a TF net-dict demo that imports no TensorFlow/
# PyTorch code, defines no Python classes and is Python 3) fails.
set -euo pipefail
src="${1:?usage: $0 PATH_TO_RETURNN_CHECKOUT [RETURNN_BINARY]}"
bin="${2:-$(cd "$(dirname "$0")/.." && pwd)/.build/debug/returnn}"
[ -x "$bin" ] || { echo "returnn binary not found at $bin (build it with: swift build --product returnn)" >&2; exit 2; }

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

ok=0; bad=0; unexpected=0
cd "$work"
for f in $files; do
  name="$(basename "$f")"
  [ "${f#demos/mdlstm/}" != "$f" ] && name="$f"
  if out="$("$bin" "$f" --dump-config 2>&1 >/dev/null)"; then
    echo "ok      $name"
    ok=$((ok + 1))
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
[ "$unexpected" -eq 0 ]
