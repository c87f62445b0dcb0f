#!/usr/bin/env python3
"""Reads the TensorBoard event files of a training run with TensorBoard's own reader
(`EventAccumulator`) and prints, per run directory, the scalar tags with their number of values
and the first and last (step, value). Exits non-zero if a run has no scalars or an event file
cannot be read.

    pip install tensorboard   # e.g. into the peers venv
    $VENV/bin/python scripts/check-tensorboard-events.py LOG_DIR

LOG_DIR is the `tf_log_dir` of the run (default: the directory of `model`), holding
`train-<time>/` and `dev-<time>/` subdirectories.
"""
import glob
import os
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    runs = sorted({os.path.dirname(f) for f in glob.glob(os.path.join(sys.argv[1], "**", "events.out.tfevents.*"), recursive=True)})
    if not runs:
        raise SystemExit("no event files under %s" % sys.argv[1])
    ok = True
    for run in runs:
        acc = EventAccumulator(run, size_guidance={"scalars": 0})
        acc.Reload()
        tags = acc.Tags()["scalars"]
        print("%s: %d scalar tags" % (os.path.relpath(run, sys.argv[1]), len(tags)))
        ok &= bool(tags)
        for tag in tags:
            s = acc.Scalars(tag)
            print("  %-32s %4d values, first (step %d, %.6g), last (step %d, %.6g)"
                  % (tag, len(s), s[0].step, s[0].value, s[-1].step, s[-1].value))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
