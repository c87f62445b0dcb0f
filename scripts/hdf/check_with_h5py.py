#!/usr/bin/env python3
"""Checks that HDF files (e.g. written by swift-returnn's HDFWriter / HDFDumpWriter) are readable
by h5py and have RETURNN's HDFDataset layout, the way upstream's HDFDataset.add_file reads them.

Usage: check_with_h5py.py [--returnn] [--expect EXPECT.json] FILE.hdf...

For each file it prints a one-line summary and checks:
  - seqLengths is (num_seqs, n_cols) (or 1-D) with n_cols = (1 if inputs) + #target keys, where the
    target keys are sorted(targets/data keys | targets/size attrs), or the dummy ["classes"]
    without a targets group (the 2-column quirk);
  - seqTags has num_seqs entries that decode as UTF-8;
  - every data entry has at least sum(seqLengths[:, col]) frames;
  - targets/size attrs are a scalar or [dim, ndim]; 1-D inputs have attrs["inputPattSize"];
  - labels and targets/labels decode.
With --expect, a JSON file {"<basename>": {"tags": [...], "keys": {"<key>": {"dtype": "float32",
"dim": d, "ndim": n, "lengths": [...], "sums": [...]}}}} is compared per sequence (sums of the
sequence's values, compared with a relative tolerance of 1e-6).
With --returnn, each file is also read with upstream RETURNN's own HDFDataset (the `returnn`
package must be importable, e.g. `pip install --no-deps returnn` in the same venv, or the peers
venv) and compared with the expectations: data keys, tags, per-key lengths and value sums.
Exits 1 if any check fails. Needs h5py and numpy (a venv outside the repo).
"""
import json
import os
import sys

import h5py
import numpy


def decode(s):
    if isinstance(s, bytes):
        s = s.decode("utf-8")
    return s.split("\0")[0]


def check(path, expect):
    problems = []
    f = h5py.File(path, "r")
    has_inputs = "inputs" in f
    if "targets" in f:
        target_keys = sorted(set(f["targets/data"].keys()) | set(f["targets/size"].attrs.keys()))
        column_keys = list(target_keys)
    else:
        target_keys = []
        column_keys = ["classes"]
    lengths = f["seqLengths"][...]
    n = lengths.shape[0]
    n_cols = (1 if has_inputs else 0) + len(column_keys)
    if lengths.ndim == 1:
        lengths = numpy.stack([lengths] * n_cols, axis=1)
    if lengths.ndim != 2 or lengths.shape[1] != n_cols:
        problems.append("seqLengths shape %r, expected (%i, %i)" % (f["seqLengths"].shape, n, n_cols))
        return problems
    starts = numpy.zeros((n + 1, n_cols), dtype="int64")
    numpy.cumsum(lengths, axis=0, out=starts[1:])
    tags = [decode(t) for t in f["seqTags"][...].tolist()]
    if len(tags) != n:
        problems.append("seqTags has %i entries, seqLengths %i" % (len(tags), n))
    keys = {}
    if has_inputs:
        shape = f["inputs"].shape
        if len(shape) == 1:
            if "inputPattSize" not in f.attrs:
                problems.append("1-D inputs without attrs['inputPattSize']")
            dim = int(f.attrs.get("inputPattSize", 0))
        else:
            dim = int(shape[1])
        keys["data"] = (f["inputs"], dim, len(shape), 0)
    for i, k in enumerate(target_keys):
        if k not in f["targets/data"]:
            problems.append("targets/data/%s missing" % k)
            continue
        ds = f["targets/data"][k]
        ndim = len(ds.shape)
        dim = 1 if ndim == 1 else int(ds.shape[-1])
        if k in f["targets/size"].attrs:
            a = f["targets/size"].attrs[k]
            if numpy.isscalar(a):
                dim = int(a)
            elif numpy.shape(a) == (2,):
                dim, ndim = int(a[0]), int(a[1])
            else:
                problems.append("targets/size attr %s has shape %r" % (k, numpy.shape(a)))
        keys[k] = (ds, dim, ndim, (1 if has_inputs else 0) + i)
    for k, (ds, dim, ndim, col) in keys.items():
        if ds.shape[0] < starts[n, col]:
            problems.append("%s has %i frames, seqLengths sum to %i" % (ds.name, ds.shape[0], starts[n, col]))
    if "targets" in f:
        for k in f["targets/labels"]:
            [decode(x) for x in f["targets/labels"][k][...].tolist()]
    if "labels" in f:
        [decode(x) for x in f["labels"][...].tolist()]
    summary = ", ".join("%s %s dim %i ndim %i" % (k, v[0].dtype, v[1], v[2]) for k, v in keys.items())
    print("%s: %i seqs, keys [%s]" % (path, n, summary))
    if expect is not None:
        if expect.get("tags") is not None and expect["tags"] != tags:
            problems.append("tags differ: %r vs expected %r" % (tags[:5], expect["tags"][:5]))
        for k, e in expect.get("keys", {}).items():
            if k not in keys:
                problems.append("expected key %s missing (have %s)" % (k, sorted(keys)))
                continue
            ds, dim, ndim, col = keys[k]
            if str(ds.dtype) != e["dtype"] or dim != e["dim"] or ndim != e["ndim"]:
                problems.append("%s: dtype/dim/ndim %s/%i/%i, expected %s/%i/%i" % (k, ds.dtype, dim, ndim, e["dtype"], e["dim"], e["ndim"]))
            got_lens = [int(x) for x in lengths[:, col]]
            if got_lens != e["lengths"]:
                problems.append("%s: lengths %r, expected %r" % (k, got_lens[:10], e["lengths"][:10]))
                continue
            for s in range(n):
                got = float(numpy.asarray(ds[starts[s, col] : starts[s + 1, col]], dtype="float64").sum())
                want = e["sums"][s]
                if abs(got - want) > 1e-6 * max(1.0, abs(want)):
                    problems.append("%s seq %i: sum %r, expected %r" % (k, s, got, want))
                    break
    f.close()
    return problems


def check_returnn(path, expect):
    """Reads the file with upstream's HDFDataset and compares it with the expectations."""
    from returnn.datasets.hdf import HDFDataset
    from returnn.log import log

    if not getattr(log, "initialized", False):
        log.initialize(verbosity=[0])
    problems = []
    ds = HDFDataset(files=[path], cache_byte_size=0)
    ds.initialize()
    ds.init_seq_order(epoch=1)
    keys = ds.get_data_keys()
    if sorted(keys) != sorted(expect.get("keys", {})):
        problems.append("upstream data keys %r, expected %r" % (keys, sorted(expect.get("keys", {}))))
    tags = []
    i = 0
    while ds.is_less_than_num_seqs(i):
        ds.load_seqs(i, i + 1)
        tags.append(ds.get_tag(i))
        for k, e in expect.get("keys", {}).items():
            if k not in keys:
                continue
            data = ds.get_data(i, k)
            if str(data.dtype) != e["dtype"] or ds.get_data_dim(k) != e["dim"]:
                problems.append("upstream %s: dtype %s dim %s, expected %s %s" % (k, data.dtype, ds.get_data_dim(k), e["dtype"], e["dim"]))
            if data.shape[0] != e["lengths"][i]:
                problems.append("upstream %s seq %i: length %i, expected %i" % (k, i, data.shape[0], e["lengths"][i]))
            got = float(numpy.asarray(data, dtype="float64").sum())
            if abs(got - e["sums"][i]) > 1e-6 * max(1.0, abs(e["sums"][i])):
                problems.append("upstream %s seq %i: sum %r, expected %r" % (k, i, got, e["sums"][i]))
        i += 1
    if expect.get("tags") is not None and tags != expect["tags"]:
        problems.append("upstream tags %r, expected %r" % (tags[:5], expect["tags"][:5]))
    print("%s: upstream HDFDataset read %i seqs, keys %r" % (path, i, keys))
    return problems


def main():
    args = sys.argv[1:]
    use_returnn = "--returnn" in args
    args = [a for a in args if a != "--returnn"]
    expect_all = {}
    if len(args) >= 2 and args[0] == "--expect":
        with open(args[1]) as fh:
            expect_all = json.load(fh)
        args = args[2:]
    if not args:
        print(__doc__)
        sys.exit(2)
    failed = False
    for path in args:
        try:
            problems = check(path, expect_all.get(os.path.basename(path)))
            if use_returnn and not problems:
                problems = check_returnn(path, expect_all.get(os.path.basename(path), {}))
        except Exception as exc:  # unreadable file, missing entry
            problems = ["%s: %s" % (type(exc).__name__, exc)]
        for p in problems:
            print("FAIL %s: %s" % (path, p))
        failed = failed or bool(problems)
    print("all OK" if not failed else "FAILED")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
