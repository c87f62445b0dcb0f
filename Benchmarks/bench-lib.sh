# Shell helpers shared by the Benchmarks scripts (compare-upstream, compare-builds, compare-rec-demos, compare-search; sourced, not run).

# median: the median of the numbers on stdin, one per line (Debian's awk is mawk: no asort).
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# ours_fps LOG FRAMES: training frames/s of our run, from its v4 lines "train epoch N: ... in S s"
# (FRAMES: dataset frames per epoch); the median over epochs 2.. (epoch 1 when it is the only one).
ours_fps() {
  grep -o 'train epoch [0-9]*: .* in [0-9.]* s' "$1" | sed -e 's/^train epoch \([0-9]*\):.* in \([0-9.]*\) s$/\1 \2/' |
    awk -v f="$2" '{e[NR]=$1; t[NR]=$2} END {for (i=1;i<=NR;i++) if (NR==1 || e[i]>=2) printf "%.0f\n", f/t[i]}' | median
}

# The CPU as the benchmark figures name it: model name, family and model number.
cpu_line() {
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') model $(grep -m1 '^model\s*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' '))"
}

# One thread count THREADS for both sides (TF/numpy/OpenBLAS and ours), quiet unbuffered Python.
export_threads() {
  export OMP_NUM_THREADS="$1" MKL_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" RETURNN_NUM_THREADS="$1"
  export PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=2
}
