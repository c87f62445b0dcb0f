#!/usr/bin/env python3
"""Writes the synthetic frame-classification corpus of demos/blstm-hdf.config in RETURNN's HDF
layout (the same data as the peers' make-synth-hdf.py, so timings compare like for like).

  python3 demos/make-blstm-hdf.py OUT_DIR [--train-seqs 200] [--dev-seqs 20] [--min-len 300] [--max-len 500]

Needs numpy and h5py (pip install numpy h5py). Writes OUT_DIR/train.hdf and OUT_DIR/dev.hdf:
  data:    float32 (T, 40), Gaussian noise smoothed over 5 frames
  classes: int32 (T,), 10 classes; classes[t] = argmax((x[t-3] + x[t] + x[t+3]) @ W) for a fixed
           random W, so a bidirectional model can learn it (it needs past and future frames).
Seeds are fixed (numpy default_rng(1234) train, (5678) dev, W from 42): every machine writes the
same values.
"""
import argparse
import os

import h5py
import numpy as np

FEAT_DIM = 40
NUM_CLASSES = 10


def make_seq(rng, w, length):
    noise = rng.standard_normal((length + 4, FEAT_DIM)).astype(np.float32)
    x = (noise[:-4] + noise[1:-3] + noise[2:-2] + noise[3:-1] + noise[4:]) / np.sqrt(5.0)
    x = x.astype(np.float32)
    xp = np.pad(x, ((3, 3), (0, 0)))
    ctx = xp[0:length] + xp[3:3 + length] + xp[6:6 + length]
    y = np.argmax(ctx @ w, axis=-1).astype(np.int32)
    return x, y


def write(path, seed, num_seqs, min_len, max_len, w, prefix):
    rng = np.random.default_rng(seed)
    xs, ys, lens, tags = [], [], [], []
    for i in range(num_seqs):
        length = int(rng.integers(min_len, max_len + 1))
        x, y = make_seq(rng, w, length)
        xs.append(x)
        ys.append(y)
        lens.append(length)
        tags.append("%s-%04d" % (prefix, i))
    tmp = path + ".tmp"
    str_type = h5py.string_dtype("utf-8")
    with h5py.File(tmp, "w") as f:
        total = sum(lens)
        f.attrs["numTimesteps"] = total
        f.attrs["inputPattSize"] = FEAT_DIM
        f.attrs["numDims"] = 1
        f.attrs["numLabels"] = NUM_CLASSES
        f.attrs["numSeqs"] = num_seqs
        f.create_dataset("inputs", data=np.concatenate(xs))
        f.create_dataset("seqLengths", data=np.array([[n, n] for n in lens], dtype=np.int32))
        f.create_dataset("seqTags", data=np.array(tags, dtype=object), dtype=str_type)
        f.create_dataset("labels", data=np.array([], dtype=object), dtype=str_type)
        f.create_dataset("targets/data/classes", data=np.concatenate(ys))
        f.create_group("targets/size").attrs["classes"] = np.array([NUM_CLASSES, 1], dtype=np.int32)
        f.create_dataset("targets/labels/classes", data=np.array(["c%d" % i for i in range(NUM_CLASSES)], dtype=object),
                         dtype=str_type)
    os.replace(tmp, path)
    return sum(lens)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--train-seqs", type=int, default=200)
    ap.add_argument("--dev-seqs", type=int, default=20)
    ap.add_argument("--min-len", type=int, default=300)
    ap.add_argument("--max-len", type=int, default=500)
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    w = np.random.default_rng(42).standard_normal((FEAT_DIM, NUM_CLASSES)).astype(np.float32)
    n_train = write(os.path.join(args.out_dir, "train.hdf"), 1234, args.train_seqs, args.min_len, args.max_len, w, "train")
    n_dev = write(os.path.join(args.out_dir, "dev.hdf"), 5678, args.dev_seqs, args.min_len, args.max_len, w, "dev")
    print("synthetic HDF: train %d seqs %d frames, dev %d seqs %d frames, dim %d, classes %d"
          % (args.train_seqs, n_train, args.dev_seqs, n_dev, FEAT_DIM, NUM_CLASSES))


if __name__ == "__main__":
    main()
