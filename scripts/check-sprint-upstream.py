#!/usr/bin/env python3
"""Runs upstream RETURNN's ExternSprintDataset and swift-returnn's on the same RASR stand-in
(Tests/Fixtures/sprint/rasr-standin) and compares every sequence of two sub-epochs (tags, features,
alignments), then times both on the same corpus.

Upstream drives the stand-in with its own module (returnn.sprint.extern_interface, pickles over the
pipe), we with ours (returnn_sprint_extern, our framing): the same tags, features and classes prove
that our side reads what RASR's python-trainer hands over exactly as upstream does, and that the
stand-in follows the command-line contract upstream uses.

Usage (run from the repository root):
    STANDIN_PYTHON=/usr/bin/python3 VENV/bin/python scripts/check-sprint-upstream.py [--binary .build/release/returnn] [--segments 400]
VENV: a Python with upstream RETURNN, h5py and numpy < 2 (upstream's ExternSprintDataset unpickles arrays with
numpy.fromstring, which numpy 2 removed: with numpy 2 its reader thread fails), e.g.
    python3 -m venv /tmp/venv-sprint && /tmp/venv-sprint/bin/pip install "numpy<2" h5py && /tmp/venv-sprint/bin/pip install --no-deps returnn
STANDIN_PYTHON (default: python3 from PATH) runs the stand-in and upstream's module in the child; it needs numpy < 2 too
(Debian's /usr/bin/python3 with python3-numpy has 1.24).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import h5py
import numpy


# Upstream execs the first element without a PATH search: give it the full path of PATH's python3.
PYTHON3 = os.environ.get("STANDIN_PYTHON") or shutil.which("python3")


def upstream_epochs(standin, corpus, epochs, partition):
    from returnn.datasets.sprint import ExternSprintDataset

    start = time.time()
    ds = ExternSprintDataset(sprintTrainerExecPath=[PYTHON3, standin],
                             sprintConfigStr="--*.standin-corpus=%s --*.corpus.segment-order-shuffle=true" % corpus,
                             partitionEpoch=partition, suppress_load_seqs_print=True)
    out = {}
    frames = 0
    for epoch in epochs:
        ds.init_seq_order(epoch=epoch)
        seqs = []
        i = 0
        while ds.is_less_than_num_seqs(i):
            ds.load_seqs(i, i + 1)
            x = ds.get_data(i, "data")
            seqs.append((ds.get_tag(i), x, ds.get_data(i, "classes")))
            frames += x.shape[0]
            i += 1
        out[epoch] = seqs
    elapsed = time.time() - start
    ds._exit_handler()
    return out, frames, elapsed


def ours_epochs(binary, standin, corpus, epochs, partition, tmp):
    config = os.path.join(tmp, "sprint.config")
    with open(config, "w") as f:
        f.write("#!rnn.py\n")
        f.write("train = %r\n" % {"class": "ExternSprintDataset", "sprintTrainerExecPath": [PYTHON3, standin],
                                  "sprintConfigStr": "--*.standin-corpus=%s --*.corpus.segment-order-shuffle=true" % corpus,
                                  "partitionEpoch": partition})
    out = {}
    frames = 0
    elapsed = 0.0
    for epoch in epochs:
        hdf = os.path.join(tmp, "ours.%i.hdf" % epoch)
        subprocess.run([binary, "dump-dataset", config, "--epoch", str(epoch), "--type", "hdf", "--out", hdf],
                       check=True, stdout=subprocess.DEVNULL)
        start = time.time()  # timed separately: reading only (the HDF writing is not part of training)
        subprocess.run([binary, "dump-dataset", config, "--epoch", str(epoch), "--type", "null"],
                       check=True, stdout=subprocess.DEVNULL)
        elapsed += time.time() - start
        with h5py.File(hdf, "r") as h:
            inputs = h["inputs"][...]
            classes = h["targets/data/classes"][...]
            lens = h["seqLengths"][...]
            tags = [t.decode("utf8") if isinstance(t, bytes) else str(t) for t in h["seqTags"][...]]
        seqs = []
        pos = 0
        for tag, n in zip(tags, lens):
            n0, n1 = int(n[0]), int(n[1]) if len(n) > 1 else int(n[0])
            seqs.append((tag, inputs[pos:pos + n0], classes[pos:pos + n1]))
            pos += n0
            frames += n0
        out[epoch] = seqs
    return out, frames, elapsed


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--binary", default=os.environ.get("RETURNN_BIN", ".build/release/returnn"))
    p.add_argument("--segments", type=int, default=400)
    args = p.parse_args()
    standin = os.path.abspath("Tests/Fixtures/sprint/rasr-standin")
    epochs, partition = [1, 2], 2
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.json")
        with open(corpus, "w") as f:
            json.dump({"name": "corpus", "synthetic": {"num_segments": args.segments, "feature_dim": 40, "output_dim": 50,
                                                       "seed": 3, "min_len": 100, "max_len": 600}}, f)
        ref, ref_frames, ref_time = upstream_epochs(standin, corpus, epochs, partition)
        got, got_frames, got_time = ours_epochs(args.binary, standin, corpus, epochs, partition, tmp)
        for epoch in epochs:
            a, b = ref[epoch], got[epoch]
            same_tags = [t for t, _, _ in a] == [t for t, _, _ in b]
            same_data = same_tags and all(numpy.array_equal(x, y) and numpy.array_equal(c, d)
                                          for (_, x, c), (_, y, d) in zip(a, b))
            ok = ok and same_data
            print("epoch %i: %i seqs upstream, %i ours; tags in the same order: %s; features and classes identical: %s"
                  % (epoch, len(a), len(b), same_tags, same_data))
        print("upstream: %i frames in %.2f s (%.0f frames/s; one dataset: one probe run of RASR, %i epochs)"
              % (ref_frames, ref_time, ref_frames / ref_time, len(epochs)))
        print("ours:     %i frames in %.2f s (%.0f frames/s; one `returnn dump-dataset --type null` per epoch, each with its probe run)"
              % (got_frames, got_time, got_frames / got_time))
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
