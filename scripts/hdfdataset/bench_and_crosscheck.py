#!/usr/bin/env python3
"""Side-by-side check and benchmark of swift-returnn's HDFDataset against upstream RETURNN's.

Needs a venv with upstream RETURNN, numpy and h5py (e.g. the peers venv from shared/peers/install.sh).
Usage: python bench_and_crosscheck.py PATH/TO/returnn [WORKDIR]

1. Cross-check: `returnn dump-dataset` writes TaskNumberBaseConvertDataset and Task12AXDataset to HDF;
   upstream's HDFDataset reads them and every seq must equal upstream's own generated dataset.
2. Benchmark: a 200k-frame x 40-dim float32 file (1000 seqs) read completely, and opening a
   100k-seq file; upstream HDFDataset (cache_byte_size=0) vs `returnn dump-dataset --type null`.
"""
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy

from returnn.datasets import generating
from returnn.datasets.hdf import HDFDataset


def write_hdf(path, lens, dim, rng):
    """RETURNN layout written with h5py (as SimpleHDFWriter lays it out, no targets)."""
    total = int(sum(lens))
    with h5py.File(path, "w") as f:
        f.attrs["inputPattSize"] = dim
        f.attrs["numSeqs"] = len(lens)
        f.attrs["numTimesteps"] = total
        f.create_dataset("inputs", data=rng.standard_normal((total, dim)).astype("float32"))
        f.create_dataset("seqLengths", data=numpy.array([[n, 0] for n in lens], dtype="int32"))
        f.create_dataset("seqTags", data=numpy.array(["seq-%i" % i for i in range(len(lens))], dtype="S"))


def swift(returnn, *args):
    out = subprocess.run([returnn, "dump-dataset", *args], check=True, capture_output=True, text=True).stdout
    return out


def crosscheck(returnn, work):
    for name in ["TaskNumberBaseConvertDataset", "Task12AXDataset"]:
        path = os.path.join(work, name + ".hdf")
        swift(returnn, "{'class': '%s', 'num_seqs': 50}" % name, "--type", "hdf", "--out", path)
        ours = HDFDataset(files=[path])
        ref = getattr(generating, name)(num_seqs=50)
        ref.initialize()
        ours.init_seq_order(epoch=1)
        ref.init_seq_order(epoch=1)
        assert ours.get_data_keys() == ref.get_data_keys(), (ours.get_data_keys(), ref.get_data_keys())
        for i in range(50):
            ours.load_seqs(i, i + 1)
            ref.load_seqs(i, i + 1)
            assert ours.get_tag(i) == ref.get_tag(i)
            for k in ref.get_data_keys():
                a, b = ours.get_data(i, k), ref.get_data(i, k)
                assert a.shape == b.shape and numpy.array_equal(a, b), (name, i, k)
        print("cross-check %s: 50 seqs equal (upstream HDFDataset on our HDF vs upstream generator)" % name)


def bench(returnn, work):
    rng = numpy.random.RandomState(1)
    big = os.path.join(work, "frames200k.hdf")
    write_hdf(big, [200] * 1000, 40, rng)
    many = os.path.join(work, "seqs100k.hdf")
    write_hdf(many, [2] * 100000, 40, rng)

    t0 = time.time()
    ds = HDFDataset(files=[big])
    ds.init_seq_order(epoch=1)
    frames = 0
    i = 0
    while ds.is_less_than_num_seqs(i):
        ds.load_seqs(i, i + 1)
        frames += ds.get_data(i, "data").shape[0]
        i += 1
    up = time.time() - t0
    print("upstream: read %i frames in %.3f s = %.0f frames/s" % (frames, up, frames / up))
    t0 = time.time()
    out = swift(returnn, big, "--type", "null", "--endseq", "-1")
    ours = time.time() - t0
    line = [l for l in out.splitlines() if l.startswith("Read ")][0]
    loop = float(line.split(" in ")[1].split(" s")[0])
    print("swift:    read %i frames in %.3f s = %.0f frames/s (%.3f s for the whole process incl. startup)"
          % (frames, loop, frames / loop, ours))

    t0 = time.time()
    ds = HDFDataset(files=[many])
    ds.init_seq_order(epoch=1)
    up_open = time.time() - t0
    out = swift(returnn, many, "--type", "null", "--endseq", "0")
    line = [l for l in out.splitlines() if l.startswith("Dataset created in ")][0]
    ours_open = float(line.split(" in ")[1].split(" s")[0])
    print("open 100k seqs (construct + init_seq_order): upstream %.3f s, swift %.3f s (construct only)" % (up_open, ours_open))


def main():
    returnn = os.path.abspath(sys.argv[1])
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="hdfds-bench-")
    os.makedirs(work, exist_ok=True)
    crosscheck(returnn, work)
    bench(returnn, work)


if __name__ == "__main__":
    main()
