#!/usr/bin/env python3
"""Writes Tests/Fixtures/hdf/upstream_simple_writer.hdf with upstream RETURNN's own SimpleHDFWriter,
so that the Swift reader is tested against a file the real writer made (not a re-implementation).

Usage (in a venv with h5py, numpy and returnn, e.g. the peers venv of shared/peers/install.sh, or
`pip install h5py numpy && pip install --no-deps returnn==1.20261022.211313`):
    python scripts/hdf/make_upstream_writer_fixture.py Tests/Fixtures/hdf/upstream_simple_writer.hdf

Content (checked by Tests/ReturnnDataTests/HDFUpstreamFixtureTests.swift):
  dim 3 dense float32 inputs, labels none; extra "classes" sparse int32 dim 5 with labels;
  batch 1: seqs seq-0 (len 2), seq-1 (len 3); batch 2: seq-2 (len 0), seq-3 (len 4);
  inputs[b, t, d] = 100*seq + 10*t + d (as float32); classes[b, t] = (seq + t) % 5, class len = input len.
"""
import os
import sys

import numpy
import returnn
from returnn.datasets.hdf import SimpleHDFWriter


def main():
    out = sys.argv[1]
    if os.path.exists(out):
        os.remove(out)
    w = SimpleHDFWriter(out, dim=3, extra_type={"classes": (5, 1, "int32")},
                        extra_labels={"classes": ["a", "b", "c", "d", "e"]})
    seq = 0
    for lens in ([2, 3], [0, 4]):
        b, t_max = len(lens), max(lens)
        x = numpy.zeros((b, t_max, 3), dtype="float32")
        c = numpy.zeros((b, t_max), dtype="int32")
        for i, n in enumerate(lens):
            for t in range(n):
                x[i, t] = [100 * (seq + i) + 10 * t + d for d in range(3)]
                c[i, t] = (seq + i + t) % 5
        tags = ["seq-%i" % (seq + i) for i in range(b)]
        w.insert_batch(x, seq_len=lens, seq_tag=tags, extra={"classes": c})
        seq += b
    w.close()
    print("wrote %s with returnn %s" % (out, returnn.__version__))


if __name__ == "__main__":
    main()
