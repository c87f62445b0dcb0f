#!/usr/bin/env python3
"""Times upstream RETURNN's HDFDataset on the files of make_bench_files.py, for a side-by-side
comparison with the Swift reader (HDFDatasetFile).

  open FILE...     HDFDataset(files=[FILE], cache_byte_size=0) + initialize + init_seq_order(1),
                   best of 2; then get_all_tags() once
  iterate FILE...  all seqs in default order with load_seqs + get_data("data"), best of 3, frames/s

Usage: bench_upstream.py open|iterate FILE...   (needs the `returnn` package, e.g. the peers venv,
or `pip install --no-deps returnn` next to h5py and numpy)
"""
import sys
import time

from returnn.datasets.hdf import HDFDataset
from returnn.log import log


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("open", "iterate"):
        print(__doc__)
        sys.exit(2)
    log.initialize(verbosity=[0])
    mode = sys.argv[1]
    for path in sys.argv[2:]:
        if mode == "open":
            best = 1e9
            for _ in range(2):
                start = time.time()
                ds = HDFDataset(files=[path], cache_byte_size=0)
                ds.initialize()
                ds.init_seq_order(epoch=1)
                best = min(best, time.time() - start)
            start = time.time()
            ds.get_all_tags()
            print("upstream open %s: %i seqs, best %.3f s; get_all_tags %.3f s" % (path, ds.num_seqs, best, time.time() - start))
        else:
            ds = HDFDataset(files=[path], cache_byte_size=0)
            ds.initialize()
            best, frames = 1e9, 0
            for _ in range(3):
                ds.init_seq_order(epoch=1)
                start = time.time()
                frames, i = 0, 0
                while ds.is_less_than_num_seqs(i):
                    ds.load_seqs(i, i + 1)
                    frames += ds.get_data(i, "data").shape[0]
                    i += 1
                best = min(best, time.time() - start)
            print("upstream iterate %s: %i frames, best %.3f s, %.0f frames/s" % (path, frames, best, frames / best))


if __name__ == "__main__":
    main()
