#!/usr/bin/env python3
"""Loads safetensors files with the reference Python `safetensors` package and prints their
metadata and tensors (name, dtype, shape, a few values), to check that files written by
swift-returnn (model.NNN.safetensors, model.NNN.opt.safetensors) are valid for other tools.

Usage (needs `pip install safetensors numpy`, e.g. in a virtual environment):
    python3 scripts/check-safetensors.py FILE [FILE ...]

Exits non-zero if a file cannot be loaded.
"""
import sys

import numpy as np
from safetensors import safe_open


def check(path):
    with safe_open(path, framework="numpy") as f:
        meta = f.metadata() or {}
        print(f"{path}: {len(list(f.keys()))} tensors")
        for key in sorted(meta):
            print(f"  metadata {key} = {meta[key]!r}")
        for name in sorted(f.keys()):
            t = f.get_tensor(name)
            flat = np.asarray(t).reshape(-1)
            head = ", ".join(repr(x.item()) for x in flat[:4]) + (", ..." if flat.size > 4 else "")
            print(f"  {name}: {t.dtype} {list(t.shape)} [{head}]")


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    status = 0
    for path in sys.argv[1:]:
        try:
            check(path)
        except Exception as exc:  # report every file, then fail
            print(f"{path}: cannot load: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
