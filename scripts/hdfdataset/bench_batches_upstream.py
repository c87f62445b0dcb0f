#!/usr/bin/env python3
"""Upstream RETURNN's side of `returnn-bench hdf FILE`: iterate all batches of an HDF file.

Usage (a venv with upstream RETURNN, numpy, h5py, e.g. the peers venv of shared/peers/install.sh):
    python scripts/hdfdataset/bench_batches_upstream.py FILE.hdf

Opens HDFDataset(files=[FILE], cache_byte_size=0), init_seq_order(1), generates batches with
batch_size 5000 (padded frames), max_seqs 40, recurrent, and fills a zero-padded (B, T, F) array
per key for every batch, as the training loop does. Prints frames/s (median of 3 passes) and the
time to open the file. Compare with `swift run -c release returnn-bench hdf FILE.hdf`.
"""
import sys
import time

import numpy
from returnn.datasets.hdf import HDFDataset


def one_pass(path):
    ds = HDFDataset(files=[path], cache_byte_size=0)
    ds.init_seq_order(epoch=1)
    keys = ds.get_data_keys()
    frames = 0
    n_batches = 0
    gen = ds.generate_batches(recurrent_net=True, batch_size=5000, max_seqs=40)
    while gen.has_more():
        (batch,) = gen.peek_next_n(1)
        gen.advance(1)
        ds.load_seqs(batch.start_seq, batch.end_seq)
        for key in keys:
            seqs = [ds.get_data(s.seq_idx, key) for s in batch.seqs]
            t_max = max((len(x) for x in seqs), default=0)
            out = numpy.zeros((len(seqs), t_max) + seqs[0].shape[1:], dtype=seqs[0].dtype)
            for i, x in enumerate(seqs):
                out[i, : len(x)] = x
            if key == "data":
                frames += sum(len(x) for x in seqs)
        n_batches += 1
    return frames, n_batches


def main():
    path = sys.argv[1]
    t0 = time.perf_counter()
    HDFDataset(files=[path], cache_byte_size=0)
    open_s = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        frames, n_batches = one_pass(path)
        times.append(time.perf_counter() - t0)
    sec = sorted(times)[1]
    print("upstream HDFDataset: %i batches, %i frames, %.3f s, %.0f frames/s, open %.4f s"
          % (n_batches, frames, sec, frames / sec, open_s))


if __name__ == "__main__":
    main()
