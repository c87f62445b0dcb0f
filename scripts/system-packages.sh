#!/usr/bin/env bash
# Installs the Debian packages swift-returnn needs to build, test and run, when any is missing.
# The one place that lists them; `./dev` and `.ci/run` call it. As root it runs apt-get itself,
# otherwise through sudo; when neither works it names the packages and exits 1.
#
# Usage: scripts/system-packages.sh [--check]     (--check: only report what is missing)
set -euo pipefail

# What each package is for:
#   libhdf5-dev   HDF5, RETURNN's data format (HDFDataset, forward output)
#   zlib1g-dev    gzipped corpora and compressed Sprint caches
#   pkgconf       lets SwiftPM find the two above
#   libopenblas-dev  OpenBLAS, only for returnn-bench's comparison columns (not used by returnn)
#   time          GNU time: peak memory in the benchmark scripts
#   libsentencepiece-dev  SentencePiece (the SentencePieces vocabulary; C++ API behind Sources/CSentencePiece)
#   libsndfile1-dev  libsndfile: decodes the WAV/FLAC/Ogg-Vorbis audio of OggZipDataset (Sources/CSndFile)
#   python3-numpy  only for the tests: the RASR stand-in (Tests/Fixtures/sprint/rasr-standin) hands numpy
#                  arrays to our RASR-side module, as RASR's embedded Python does (returnn itself needs no Python)
PACKAGES=(libhdf5-dev zlib1g-dev pkgconf libopenblas-dev time libsentencepiece-dev libsndfile1-dev python3-numpy)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--check" ]; then
  echo "missing Debian packages: ${missing[*]}"
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  as_root=(sudo)   # sudo asks for the password on this terminal
else
  cat >&2 <<MSG
error: swift-returnn needs these Debian packages, which are not installed: ${missing[*]}
Neither root nor sudo is available to install them. Ask an administrator to run:
  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}
MSG
  exit 1
fi

echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update -qq || \
   ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "error: apt-get could not install: ${missing[*]} (see the messages above)" >&2
  exit 1
fi
