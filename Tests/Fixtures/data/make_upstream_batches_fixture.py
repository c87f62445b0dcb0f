#!/usr/bin/env python3
"""Writes upstream_batches_fixture.json: batch layouts produced by upstream RETURNN itself.

Needs the real RETURNN importable (the peers venv from the project's shared peers/install.sh,
or PYTHONPATH pointing at a RETURNN checkout). For each configuration, builds a Task12AXDataset,
starts the epoch and records every BatchSeqCopyPart of Dataset._generate_batches as
[seq_idx, start[data], end[data], start[classes], end[classes], batch_slice, offset[data]].
Used by Tests/ReturnnDataTests/BatchGeneratorTests.swift. Run: python3 make_upstream_batches_fixture.py
"""
import json
import os

import returnn
from returnn.datasets.generating import Task12AXDataset

CONFIGS = [
    dict(ds=dict(num_seqs=300, seq_ordering="random", chunking="50:25"), epoch=2,
         gen=dict(recurrent_net=True, batch_size=2000, max_seqs=40)),
    dict(ds=dict(num_seqs=300, seq_ordering="reverse", chunking="30:20", min_chunk_size=5), epoch=1,
         gen=dict(recurrent_net=True, batch_size=700, max_seqs=13, max_seq_length=25)),
    dict(ds=dict(num_seqs=200, seq_ordering="random:2", context_window=3, chunking="20:10"), epoch=3,
         gen=dict(recurrent_net=True, batch_size=500, max_seqs=9, max_pad_size=40)),
    dict(ds=dict(num_seqs=200, seq_ordering="default_every_n:4"), epoch=1,
         gen=dict(recurrent_net=False, batch_size=137, max_seqs=3)),
    dict(ds=dict(num_seqs=120, seq_ordering="random", partition_epoch=3), epoch=5,
         gen=dict(recurrent_net=True, batch_size=1000, max_seqs=20, min_seq_length=30, max_seq_length=-80)),
    dict(ds=dict(num_seqs=150, seq_ordering="random", chunking="40:20", chunking_variance=0.4), epoch=2,
         gen=dict(recurrent_net=True, batch_size=800, max_seqs=10, seq_drop=0.3, used_data_keys={"data", "classes"})),
]


def offset(x):
    return x["data"] if hasattr(x, "dict") else int(x)


def main():
    out = []
    for c in CONFIGS:
        d = Task12AXDataset(**c["ds"])
        d.initialize()
        d.init_seq_order(c["epoch"])
        batches = []
        for b in d._generate_batches(**c["gen"]):
            batches.append([[s.seq_idx, s.seq_start_frame["data"], s.seq_end_frame["data"], s.seq_start_frame["classes"],
                             s.seq_end_frame["classes"], s.batch_slice, offset(s.batch_frame_offset)] for s in b.seqs])
        cfg = dict(c, gen={k: (sorted(v) if isinstance(v, set) else v) for k, v in c["gen"].items()})
        out.append({"config": cfg, "batches": batches})
    res = {"generator": "Tests/Fixtures/data/make_upstream_batches_fixture.py",
           "returnn_version": getattr(returnn, "__long_version__", getattr(returnn, "__version__", "unknown")),
           "cases": out}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstream_batches_fixture.json")
    with open(path, "w") as f:
        json.dump(res, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
