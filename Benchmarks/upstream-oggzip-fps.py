#!/usr/bin/env python3
"""Upstream RETURNN's OggZipDataset feature extraction throughput on one OggZip, the same
feature sets as `returnn-bench oggzip FILE.zip` (Benchmarks/ReturnnBench/OggZipBenchmark.swift).

Usage: upstream-oggzip-fps.py FILE.zip   (a Python with returnn, librosa, soundfile)
"""
import sys
import time

from returnn.datasets.audio import OggZipDataset

CASES = [
    ("raw (decoding only)", {"features": "raw"}),
    ("log_mel_filterbank 80", {"features": "log_mel_filterbank", "num_feature_filters": 80}),
    ("mfcc 40 + delta", {"features": "mfcc", "num_feature_filters": 40, "with_delta": True}),
    ("db_mel_filterbank 80", {"features": "db_mel_filterbank", "num_feature_filters": 80}),
]

for name, audio in CASES:
    ds = OggZipDataset(path=sys.argv[1], audio=audio, targets=None)
    ds.initialize()
    ds.init_seq_order(epoch=1)
    frames = 0
    t0 = time.perf_counter()
    i = 0
    while ds.is_less_than_num_seqs(i):
        ds.load_seqs(i, i + 1)
        frames += ds.get_data(i, "data").shape[0]
        i += 1
    sec = time.perf_counter() - t0
    if name.startswith("raw"):
        frames //= 160  # samples at 16 kHz -> 10 ms frames
    print("upstream %-24s seqs %i frames %i  %.2f s  %.0f frames/s  %.0fx real time" % (name, i, frames, sec, frames / sec, frames * 0.01 / sec))
