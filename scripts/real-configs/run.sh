#!/usr/bin/env bash
# Runs every config of the real-config corpus (corpus.tsv next to this script) through
# `RETURNN CONFIG ++task nop` and reports which evaluate, with a census of the failure causes.
#
#   scripts/real-configs/run.sh [options] RETURNN [MIRRORS]
#
# RETURNN   the returnn binary (e.g. .build/release/returnn), or a quoted command, e.g. for the
#           upstream reference "VENV/bin/python3 $PWD/scripts/real-configs/upstream-nop.py"
#           (absolute paths: each config runs in its own directory).
# MIRRORS   directory holding one git mirror per repository, named OWNER+NAME (a bare repository
#           or a checkout, or OWNER+NAME/repo below it). Default: $RETURNN_MIRRORS.
# Options:
#   --timeout S     per-config limit in seconds (default 20)
#   --only REGEX    only the configs whose id matches REGEX (grep -E)
#   --corpus FILE   another corpus file (default: corpus.tsv next to this script)
#   --results FILE  also write one tab-separated line per config: id, PASS/FAIL, ms, expected, first error line
#   --keep DIR      materialise the configs into DIR and keep them (default: a temp dir, removed at exit)
#   --args "A B"    more command-line arguments after `++task nop` and the corpus's own ones
#
# Nothing of the mirrored repositories is stored in this repository: each config is read with
# `git show COMMIT:PATH` from the mirror into a temp dir laid out as in its repository, together
# with the helper files the corpus names for it, and is run from its own directory (so relative
# imports and sys.path entries resolve as they would in the authors' setup directory), in which
# an empty log/ directory is made, as those setup directories have one.
# Exits 0 when every config ran (whatever the outcome), 2 on usage errors or missing mirrors.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
corpus="$here/corpus.tsv"
timeout_s=20
only=""
results=""
keep=""
extra_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s="${2:?--timeout needs seconds}"; shift 2 ;;
    --only) only="${2:?--only needs a regex}"; shift 2 ;;
    --corpus) corpus="${2:?--corpus needs a file}"; shift 2 ;;
    --results) results="${2:?--results needs a file}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a directory}"; shift 2 ;;
    --args) extra_args="${2?--args needs arguments}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    --*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [options] RETURNN [MIRRORS]   (see --help)" >&2; exit 2; }
read -r -a returnn_cmd <<< "$1"
read -r -a extra <<< "$extra_args"
mirrors="${2:-${RETURNN_MIRRORS:-}}"
[ -n "$mirrors" ] || { echo "run.sh: no mirrors directory: pass it as second argument or set RETURNN_MIRRORS" >&2; exit 2; }
[ -d "$mirrors" ] || { echo "run.sh: mirrors directory $mirrors does not exist" >&2; exit 2; }
command -v "${returnn_cmd[0]}" > /dev/null || [ -x "${returnn_cmd[0]}" ] ||
  { echo "run.sh: returnn binary ${returnn_cmd[0]} not found (build it with: swift build -c release --product returnn)" >&2; exit 2; }
[ -f "$corpus" ] || { echo "run.sh: corpus file $corpus not found" >&2; exit 2; }
# An absolute path for the binary, since each config runs in its own directory.
if [ -x "${returnn_cmd[0]}" ] && [[ "${returnn_cmd[0]}" == */* ]]; then
  returnn_cmd[0]="$(cd "$(dirname "${returnn_cmd[0]}")" && pwd)/$(basename "${returnn_cmd[0]}")"
fi

if [ -n "$keep" ]; then mkdir -p "$keep"; work="$(cd "$keep" && pwd)"; else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
[ -z "$results" ] || : > "$results"
mkdir -p "$work/home"  # the configs' HOME: what they write there (e.g. returnn.import_ clones) stays in the temp dir

# The git directory of a repository's mirror, or nothing.
git_dir() {
  local name="${1/\//+}" d
  for d in "$mirrors/$name/repo" "$mirrors/$name"; do
    if [ -d "$d" ] && git --git-dir="$d" rev-parse --git-dir > /dev/null 2>&1; then echo "$d"; return; fi
    if [ -d "$d/.git" ]; then echo "$d/.git"; return; fi
  done
}

# Check all mirrors and commits first, so that a missing one is named before anything runs.
missing=0
while IFS=$'\t' read -r id repo commit path kind expected helpers args; do
  case "$id" in ''|'#'*|id) continue ;; esac
  [ -z "$only" ] || echo "$id" | grep -Eq "$only" || continue
  g="$(git_dir "$repo")"
  if [ -z "$g" ]; then
    echo "run.sh: mirror of $repo missing: expected $mirrors/${repo/\//+} (or .../repo), a git clone of https://github.com/$repo (needed by $id)" >&2
    missing=1
  elif ! git --git-dir="$g" cat-file -e "$commit:$path" 2> /dev/null; then
    echo "run.sh: mirror $g lacks $commit:$path (needed by $id); fetch a copy of $repo that contains commit $commit" >&2
    missing=1
  fi
done < "$corpus"
[ "$missing" -eq 0 ] || exit 2

# The first line that says what went wrong: our binary's "returnn: error:" line, else the
# exception line that ends a Python traceback, else the last line.
first_error() {
  local out line
  out="$(sed -E 's/\x1b\[[0-9;]*m//g' <<< "$1")"
  line="$(grep -m1 'returnn: error' <<< "$out")"
  [ -n "$line" ] || line="$(grep -E '^[A-Za-z_.]*(Error|Exception|Exit|Interrupt)\b' <<< "$out" | tail -1)"
  [ -n "$line" ] || line="$(grep -v '^\s*$' <<< "$out" | tail -1)"
  echo "${line:0:400}"
}

# The error line without what varies between configs (file:line:col, line numbers, the sandbox
# explanation), so that configs stopped by the same construct fall into one group.
cause_of() {
  sed -E -e 's/^returnn: error: //' -e 's/^[^ :]+:[0-9]+:[0-9]+: //' -e 's/ \(imported at line [0-9]+\)//' \
    -e 's/: swift-returnn evaluates configs in a sandbox.*$//' -e 's/; .* (is|are) not available in configs.*$//' \
    -e 's/(line|lines) [0-9]+/\1 N/g' -e 's/^timeout after .*/timeout/' <<< "$1" | cut -c1-160
}

pass=0; total=0; exp_eval=0; exp_eval_pass=0; unexpected=0
causes=""
printf '%-28s %-4s %7s  %s\n' "id" "" "ms" "first error line (expected outcome in brackets when it differs)"
while IFS=$'\t' read -r id repo commit path kind expected helpers args; do
  case "$id" in ''|'#'*|id) continue ;; esac
  [ -z "$only" ] || echo "$id" | grep -Eq "$only" || continue
  g="$(git_dir "$repo")"
  root="$work/$id"
  rm -rf "$root"; mkdir -p "$root/$(dirname "$path")"
  git --git-dir="$g" show "$commit:$path" > "$root/$path"
  dir="$root/$(dirname "$path")"
  if [ -n "$helpers" ] && [ "$helpers" != "-" ]; then
    IFS=',' read -r -a hs <<< "$helpers"
    for h in "${hs[@]}"; do
      if [ "${h#empty:}" != "$h" ]; then
        # a file of the authors' setup directory that the config only checks for (relative to the config)
        mkdir -p "$dir/$(dirname "${h#empty:}")"; : > "$dir/${h#empty:}"
        continue
      fi
      # a file of the repository, or every file below a directory of it
      while IFS= read -r f; do
        mkdir -p "$root/$(dirname "$f")"
        git --git-dir="$g" show "$commit:$f" > "$root/$f"
      done < <(git --git-dir="$g" ls-tree -r --name-only "$commit" -- "$h")
    done
  fi
  config_args=()
  [ -z "${args:-}" ] || [ "$args" = "-" ] || read -r -a config_args <<< "$args"
  # The authors' setup directories have a log/ directory, which many configs log into.
  mkdir -p "$dir/log"
  total=$((total + 1))
  start=$(date +%s%N)
  out="$(cd "$dir" && HOME="$work/home" timeout "$timeout_s" "${returnn_cmd[@]}" "./$(basename "$path")" ++task nop \
    ${config_args[@]+"${config_args[@]}"} ${extra[@]+"${extra[@]}"} < /dev/null 2>&1)"
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$expected" = "evaluates" ] && exp_eval=$((exp_eval + 1))
  if [ $rc -eq 0 ]; then
    status=PASS; err=""; pass=$((pass + 1))
    [ "$expected" = "evaluates" ] && exp_eval_pass=$((exp_eval_pass + 1))
  else
    status=FAIL
    if [ $rc -eq 124 ]; then err="timeout after ${timeout_s}s"; else err="$(first_error "$out")"; fi
    [ -n "$err" ] || err="exit status $rc, no output"
    causes+="$(cause_of "$err")"$'\t'"$id"$'\n'
  fi
  note=""
  if { [ "$status" = PASS ] && [ "$expected" != "evaluates" ]; } || { [ "$status" = FAIL ] && [ "$expected" = "evaluates" ]; }; then
    note="  [expected: $expected]"; unexpected=$((unexpected + 1))
  fi
  printf '%-28s %-4s %7d  %s%s\n' "$id" "$status" "$ms" "$err" "$note"
  [ -z "$results" ] || printf '%s\t%s\t%d\t%s\t%s\n' "$id" "$status" "$ms" "$expected" "$err" >> "$results"
done < "$corpus"

echo
echo "$pass of $total evaluate ($exp_eval_pass of the $exp_eval expected to evaluate; $unexpected differ from the expected outcome)"
if [ -n "$causes" ]; then
  echo
  echo "failure causes (configs, cause, ids):"
  printf '%s' "$causes" | awk -F'\t' '{ n[$1]++; ids[$1] = ids[$1] (ids[$1] ? " " : "") $2 }
    END { for (c in n) printf "%d\t%s\t%s\n", n[c], c, ids[c] }' |
    sort -t$'\t' -k1,1nr -k2,2 | awk -F'\t' '{ printf "%4d  %s\n        %s\n", $1, $2, $3 }'
fi
exit 0
