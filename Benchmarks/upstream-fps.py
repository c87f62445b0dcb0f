#!/usr/bin/env python3
"""Training frames/s of an upstream RETURNN (TF backend) run, from its log timestamped by the
peers' ts.py ("[+SECONDS] line"): for every epoch, the time from "start epoch N with learning
rate" (v4) or the previous epoch's end, to "train epoch N, finished after" (v3); frames/s =
FRAMES_PER_EPOCH / that time, median over epochs 2.. (epoch 1 if there is only one).

  python3 upstream-fps.py LOG FRAMES_PER_EPOCH
Standard library only."""
import re
import statistics
import sys

ts = re.compile(r"^\[\+(\d+\.\d+)\] ?(.*)$")
start = re.compile(r"^start epoch (\d+) with learning rate")
done = re.compile(r"^train epoch (\d+), finished after")
log_path, frames = sys.argv[1], float(sys.argv[2])
starts, times = {}, {}
for line in open(log_path):
    m = ts.match(line.rstrip("\n"))
    if not m:
        continue
    t, text = float(m.group(1)), m.group(2)
    if (s := start.match(text)):
        starts[int(s.group(1))] = t
    elif (d := done.match(text)) and int(d.group(1)) in starts:
        times[int(d.group(1))] = t - starts[int(d.group(1))]
epochs = sorted(times)
use = [e for e in epochs if e >= 2] or epochs
if not use:
    sys.exit("no epoch timings found in %s" % log_path)
print("%.0f" % statistics.median(frames / times[e] for e in use))
