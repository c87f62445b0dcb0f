#!/usr/bin/env python3
"""Writes the HDF benchmark inputs (RETURNN layout) into OUT_DIR (not into the repo):

  iter_200k_chunked.hdf  1000 seqs x 200 frames x 40 float32, resizable like SimpleHDFWriter
                         (h5py auto-chunking; chunks come out narrow, e.g. (6250, 2)), vlen tags
  iter_200k_contig.hdf   the same data, contiguous, fixed S tags (like HDFDatasetWriter)
  open_1m_vlen.hdf       1,000,000 seqs of 1..3 frames x 2, vlen tags, resizable datasets
  open_1m_fixed.hdf      the same with fixed S tags, contiguous
  open_100k_vlen.hdf     100,000 seqs, as open_1m_vlen

Usage: make_bench_files.py OUT_DIR   (needs h5py and numpy; takes a few seconds)
"""
import os
import sys
import time

import h5py
import numpy


def make(path, lens, dim, vlen_tags, resizable, rng):
    n = len(lens)
    with h5py.File(path, "w") as f:
        tags = ["corpus/recording-%07d/segment-%d" % (i, i % 7) for i in range(n)]
        if vlen_tags:
            f.create_dataset("seqTags", data=tags, dtype=h5py.special_dtype(vlen=str), maxshape=(None,) if resizable else None)
        else:
            f.create_dataset("seqTags", data=numpy.array(tags, dtype="S%i" % (max(map(len, tags)) + 1)))
        seq_lengths = numpy.stack([lens, numpy.zeros_like(lens)], axis=1).astype("int32")
        f.create_dataset("seqLengths", data=seq_lengths, maxshape=(None, None) if resizable else None)
        total = int(lens.sum())
        f.create_dataset("inputs", data=rng.normal(size=(total, dim)).astype("float32"),
                         maxshape=(None, None) if resizable else None)
        f.attrs["inputPattSize"] = dim
        f.attrs["numSeqs"] = n
        f.attrs["numTimesteps"] = total
        f.create_dataset("labels", (0,), dtype="S5")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = numpy.random.RandomState(1)
    start = time.time()
    make(os.path.join(out, "iter_200k_chunked.hdf"), numpy.full(1000, 200), 40, True, True, rng)
    make(os.path.join(out, "iter_200k_contig.hdf"), numpy.full(1000, 200), 40, False, False, rng)
    make(os.path.join(out, "open_1m_vlen.hdf"), rng.randint(1, 4, size=1000000), 2, True, True, rng)
    make(os.path.join(out, "open_1m_fixed.hdf"), rng.randint(1, 4, size=1000000), 2, False, False, rng)
    make(os.path.join(out, "open_100k_vlen.hdf"), rng.randint(1, 4, size=100000), 2, True, True, rng)
    print("wrote benchmark files to %s in %.1f s" % (out, time.time() - start))


if __name__ == "__main__":
    main()
