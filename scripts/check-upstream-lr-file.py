#!/usr/bin/env python3
"""Checks that upstream RETURNN reads a learning_rate_file (e.g. one written by swift-returnn).

Usage:
    python3 -m venv /tmp/venv-lrc && /tmp/venv-lrc/bin/pip install numpy returnn --no-deps
    /tmp/venv-lrc/bin/python scripts/check-upstream-lr-file.py PATH [--same-text]

Loads PATH with upstream's own `LearningRateControl` (returnn/learning_rate_control.py; no
TensorFlow needed), prints one line per epoch (learning rate, error key, scores, meta) and exits
non-zero if upstream cannot read it. With --same-text it also checks that upstream writes the data
back byte for byte as the file has it (comment lines before the data are ignored).
"""

import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="the learning_rate_file")
    parser.add_argument("--same-text", action="store_true", help="also require upstream's save() text to equal the file")
    args = parser.parse_args()
    try:
        from returnn.learning_rate_control import LearningRateControl
        from returnn.util.basic import better_repr
    except ImportError as exc:
        print("cannot import upstream RETURNN (pip install numpy returnn --no-deps): %s" % exc, file=sys.stderr)
        return 2
    try:
        control = LearningRateControl(default_learning_rate=1.0, filename=args.path)
    except Exception as exc:  # upstream raises whatever eval() or EpochData raise
        print("upstream RETURNN cannot load %s: %s: %s" % (args.path, type(exc).__name__, exc), file=sys.stderr)
        return 1
    if not control.epoch_data:
        print("upstream RETURNN read %s, but it holds no epochs" % args.path, file=sys.stderr)
        return 1
    for epoch in sorted(control.epoch_data):
        data = control.epoch_data[epoch]
        print(
            "epoch %i: learning rate %r, error key %r, errors %r, meta %r"
            % (epoch, data.learning_rate, control.get_error_key(epoch), data.error, data.meta)
        )
    print("OK: upstream RETURNN read %i epochs from %s" % (len(control.epoch_data), args.path))
    if args.same_text:
        with open(args.path) as f:
            lines = f.read().splitlines(keepends=True)
        while lines and lines[0].startswith("#"):
            lines.pop(0)
        text = "".join(lines)
        if better_repr(control.epoch_data) + "\n" != text:
            print("upstream RETURNN would write this data differently:", file=sys.stderr)
            print(better_repr(control.epoch_data), file=sys.stderr)
            return 1
        print("OK: upstream RETURNN writes it back byte for byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
