#!/usr/bin/env bash
# Regenerates Sources/ReturnnTFFormats/Generated/*.pb.swift from Protos/ (TensorFlow's schemas for
# checkpoints and TensorBoard events, see Protos/README.md). The generated code is committed, so
# neither a build nor CI needs this; run it after changing a .proto.
#
#   scripts/generate-protos.sh [PROTOC_GEN_SWIFT]
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and protoc-gen-swift of the same
# swift-protobuf version as Package.swift (1.39.0). Without an argument, protoc-gen-swift is taken
# from PATH, else built once from the swift-protobuf package into $PROTOGEN_DIR
# (default: /tmp/swift-protobuf-protogen; takes several minutes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=1.39.0
plugin="${1:-$(command -v protoc-gen-swift || true)}"
if [ -z "$plugin" ]; then
  dir="${PROTOGEN_DIR:-/tmp/swift-protobuf-protogen}"
  if [ ! -x "$dir/.build/release/protoc-gen-swift" ]; then
    rm -rf "$dir"
    git clone --quiet --depth 1 --branch "$version" https://github.com/apple/swift-protobuf "$dir"
    (cd "$dir" && swift build -c release --product protoc-gen-swift)
  fi
  plugin="$dir/.build/release/protoc-gen-swift"
fi
command -v protoc >/dev/null || { echo "protoc not found (Debian: apt-get install protobuf-compiler)" >&2; exit 2; }
out="$root/Sources/ReturnnTFFormats/Generated"
mkdir -p "$out"
rm -f "$out"/*.pb.swift
cd "$root/Protos"
protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$out" --swift_opt=Visibility=Internal --swift_opt=FileNaming=DropPath \
  $(find tensorflow -name '*.proto' | sort)
echo "generated: $(cd "$out" && ls *.pb.swift | tr '\n' ' ')"
