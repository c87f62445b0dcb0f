#!/usr/bin/env python3
"""Writes the small RETURNN-layout HDF fixtures in Tests/Fixtures/hdf with h5py.

Each file is laid out exactly as upstream RETURNN writes it (returnn/datasets/hdf.py):
SimpleHDFWriter (vlen seqTags, resizable seqLengths with >= 2 columns, root attrs, labels)
and HDFDatasetWriter.dump_from_dataset (fixed-size S seqTags, [input] + sorted target columns,
targets/size = [dim, ndim], fixed-size S labels), plus an old-style file (scalar targets/size,
1-D seqLengths, NULLPAD tags exactly as wide as the longest tag).

Values follow formulas that the Swift tests recompute (see HDFDatasetFileTests.swift):
frame t of the concatenated data (t counted over the whole file) holds
  dense float:  value[t, j] = t + j / 10
  int data:     value[t]    = (t * 7 + 3) % dim

Usage: python3 scripts/hdf/make_h5py_fixtures.py [OUT_DIR]   (default Tests/Fixtures/hdf)
Needs h5py and numpy (e.g. a venv outside the repo: python3 -m venv VENV &&
VENV/bin/pip install h5py numpy).
"""
import os
import sys

import h5py
import numpy


def dense(total, dim, dtype="float32"):
    t = numpy.arange(total, dtype="float64")[:, None]
    j = numpy.arange(dim, dtype="float64")[None, :]
    return (t + j / 10.0).astype(dtype)


def sparse(total, dim, dtype):
    return ((numpy.arange(total) * 7 + 3) % dim).astype(dtype)


def hdf5_strings(handle, name, data):
    """As returnn.util.basic.hdf5_strings: fixed S<maxlen>, else vlen str."""
    try:
        s = max(len(d) for d in data)
        dset = handle.create_dataset(name, (len(data),), dtype="S" + str(s))
        dset[...] = data
    except Exception:
        if name in handle:
            del handle[name]
        dset = handle.create_dataset(name, (len(data),), dtype=h5py.special_dtype(vlen=str))
        dset[...] = data


def simple_writer(path, dim, seq_lens, labels=None, extra=None):
    """SimpleHDFWriter layout; extra: key -> (dim, ndim, dtype, per-seq lengths)."""
    f = h5py.File(path, "w")
    f.attrs["numTimesteps"] = 0
    f.attrs["inputPattSize"] = dim or 1
    f.attrs["numDims"] = 1
    f.attrs["numLabels"] = dim or 1
    f.attrs["numSeqs"] = 0
    if labels:
        hdf5_strings(f, "labels", labels)
    else:
        f.create_dataset("labels", (0,), dtype="S5")
    seq_lengths = f.create_dataset("seqLengths", (0, 2), dtype="i", maxshape=(None, None))
    seq_tags = f.create_dataset("seqTags", (0,), dtype=h5py.special_dtype(vlen=str), maxshape=(None,))
    extra = extra or {}
    if extra:
        f.create_group("targets/data")
        f.create_group("targets/size")
        f.create_group("targets/labels")
        for key, (kdim, kndim, kdtype, _) in sorted(extra.items()):
            hdf5_strings(f, "targets/labels/%s" % key, ["dummy-label"])
            shape = [None] * kndim
            if kndim >= 2:
                shape[-1] = kdim
            f["targets/data"].create_dataset(key, shape=[d if d else 0 for d in shape], dtype=kdtype, maxshape=shape)
            f["targets/size"].attrs[key] = [kdim or 1, kndim]
        seq_lengths.resize(1 + len(extra), axis=1)
    total = sum(seq_lens)
    inputs_all = dense(total, dim)
    inputs = f.create_dataset("inputs", (0, dim), dtype="float32", maxshape=(None, None))
    offsets = {key: 0 for key in extra}
    pos = 0
    for i, n in enumerate(seq_lens):
        seq_lengths.resize(i + 1, axis=0)
        seq_tags.resize(i + 1, axis=0)
        seq_tags[i] = "seq-%i" % i
        seq_lengths[i, 0] = n
        inputs.resize(pos + n, axis=0)
        inputs[pos:] = inputs_all[pos : pos + n]
        pos += n
        f.attrs["numTimesteps"] += n
        f.attrs["numSeqs"] += 1
        for col, key in enumerate(sorted(extra)):
            kdim, kndim, kdtype, lens = extra[key]
            m = lens[i]
            ds = f["targets/data"][key]
            values = sparse(offsets[key] + m, kdim, kdtype)[offsets[key]:]
            ds.resize(offsets[key] + m, axis=0)
            ds[offsets[key]:] = values
            offsets[key] += m
            seq_lengths[i, col + 1] = m
    f.close()


def dump_writer(path):
    """HDFDatasetWriter.dump_from_dataset layout: uint8 sparse data (dim 255), int16 classes
    (dim 10, labels), float32 dense 'feat' (dim 2), not frame-synced."""
    tags = ["corpus/rec-%i/seg" % i + "x" * i for i in range(4)]
    lens = {"data": [3, 1, 0, 4], "classes": [2, 2, 1, 0], "feat": [1, 0, 2, 3]}
    f = h5py.File(path, "w")
    width = max(len(t) for t in tags) + 1
    f.create_dataset("seqTags", shape=(len(tags),), dtype="S%i" % width)
    for i, tag in enumerate(tags):
        f["seqTags"][i] = numpy.array(tag, dtype="S%i" % width)
    f.create_dataset("seqLengths", shape=(len(tags), 3), dtype="int32")
    for i in range(len(tags)):
        f["seqLengths"][i] = [lens["data"][i]] + [lens[k][i] for k in sorted(["classes", "feat"])]
    f.create_group("targets/data")
    f.create_group("targets/size")
    f.create_group("targets/labels")
    f.create_dataset("inputs", data=sparse(sum(lens["data"]), 255, "uint8"))
    f["targets/data"].create_dataset("classes", data=sparse(sum(lens["classes"]), 10, "int16"))
    f["targets/size"].attrs["classes"] = (10, 1)
    f["targets/data"].create_dataset("feat", data=dense(sum(lens["feat"]), 2))
    f["targets/size"].attrs["feat"] = (2, 2)
    for key, labels in [("classes", ["c%i" % i for i in range(10)]), ("feat", ["feat-class-0", "feat-class-1"])]:
        w = max(len(x) for x in labels) + 1
        f["targets/labels"].create_dataset(key, (len(labels),), dtype="S%i" % w)
        for i, label in enumerate(labels):
            f["targets/labels"][key][i] = numpy.array(label, dtype="S%i" % w)
    f.attrs["inputPattSize"] = 255
    f.close()


def old_style(path):
    """Old files: scalar targets/size, 1-D seqLengths (broadcast to all columns), fixed NULLPAD
    tags exactly as wide as the longest one, int32 classes, vlen target labels."""
    tags = ["a", "longer-tag", "mid-tag"]
    lens = [2, 3, 1]
    f = h5py.File(path, "w")
    f.create_dataset("seqTags", data=numpy.array(tags, dtype="S10"))
    f.create_dataset("seqLengths", data=numpy.array(lens, dtype="int32"))
    f.create_dataset("inputs", data=dense(sum(lens), 4))
    f.create_group("targets/data")
    f.create_group("targets/size")
    f.create_group("targets/labels")
    f["targets/data"].create_dataset("classes", data=sparse(sum(lens), 7, "int32"))
    f["targets/size"].attrs["classes"] = 7
    f["targets/labels"].create_dataset("classes", data=["l%i" % i for i in range(7)], dtype=h5py.special_dtype(vlen=str))
    f.attrs["inputPattSize"] = 4
    f.attrs["numSeqs"] = len(lens)
    f.close()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../Tests/Fixtures/hdf")
    os.makedirs(out, exist_ok=True)
    simple_writer(os.path.join(out, "simple_writer.hdf"), 3, [2, 0, 3], labels=[" ", "a", "b"])
    simple_writer(
        os.path.join(out, "simple_writer_extra.hdf"),
        2,
        [2, 3, 1],
        extra={"classes": (5, 1, "int32", [1, 0, 4]), "align": (6, 1, "int16", [2, 3, 1])},
    )
    dump_writer(os.path.join(out, "dump_writer.hdf"))
    old_style(os.path.join(out, "old_style.hdf"))
    print("wrote fixtures to", os.path.abspath(out), "with h5py", h5py.__version__, "HDF5", h5py.version.hdf5_version)


if __name__ == "__main__":
    main()
