#!/usr/bin/env python3
"""Writes seq_order_fixture.json: reference sequence orders of RETURNN's seq_ordering modes.

Re-implements Dataset.get_seq_order_for_epoch (returnn/datasets/basic.py, read for behaviour)
with numpy's legacy RandomState. Lengths are `i**2 % 17` for 30 seqs (as test_Dataset
test_get_seq_order) and RandomState(42).randint(1, 23, size=3023) (test_get_seq_order_laplace_reference).
Used by Tests/ReturnnDataTests/SeqOrderingTests.swift. Run: python3 make_seq_order_fixture.py
"""
import json
import os

import numpy


def bins_of(spec, n):
    if spec.startswith("."):
        return max(n // int(spec[1:]), 2)
    return int(spec)


def seed_for(epoch, nth, partition_epoch=1, offset=0):
    seed = epoch
    if partition_epoch > 1:
        seed = (seed - 1) // partition_epoch + 1
    if nth > 1:
        seed = (seed - 1) // nth + 1
    return seed + offset


def order(mode, epoch, lens, partition_epoch=1, offset=0):
    n = len(lens)
    parts = mode.split(":")
    head, rest = parts[0], parts[1:]
    if head == "default":
        idx = list(range(n))
    elif head == "default_every_n":
        k = int(rest[0])
        a = numpy.arange(n // k, dtype="int64").repeat(k)
        for i in range(1, k):
            a[i::k] += i * (n // k)
        idx = a.tolist()
    elif head == "reverse":
        idx = list(range(n - 1, -1, -1))
    elif head in ("sorted", "sorted_reverse"):
        l = numpy.array(lens)
        idx = numpy.argsort(-l if head == "sorted_reverse" else l, kind="stable").tolist()
    elif head in ("random", "random_sample"):
        nth = int(rest[0]) if rest else 1
        r = numpy.random.RandomState(seed_for(epoch, nth, partition_epoch, offset))
        idx = (r.permutation(n) if head == "random" else r.randint(0, n, size=n)).tolist()
    elif head in ("sort_bin_shuffle", "sort_bin_shuffle_x2"):
        nth = int(rest[1]) if len(rest) > 1 else 1
        r = numpy.random.RandomState(seed_for(epoch, nth, partition_epoch, offset))
        s = r.permutation(n).tolist()
        s.sort(key=lambda i: lens[i])
        b = bins_of(rest[0], n) if rest else 2
        out = []
        for i in r.permutation(b):
            part = s[i * len(s) // b:] if i == b - 1 else s[i * len(s) // b:(i + 1) * len(s) // b]
            if head == "sort_bin_shuffle_x2":
                r.shuffle(part)
            out += part
        idx = out
    elif head == "laplace":
        nth = int(rest[1]) if len(rest) > 1 else 1
        b = bins_of(rest[0], n) if rest else 2
        r = numpy.random.RandomState(seed_for(epoch, nth, partition_epoch, offset))
        s = r.permutation(n)
        out = []
        for i in range(b):
            part = s[i * len(s) // b:(i + 1) * len(s) // b].tolist()
            part.sort(key=lambda j: lens[j], reverse=(i % 2 == 1))
            out += part
        idx = out
    else:
        raise ValueError(mode)
    if partition_epoch > 1:
        p = partition_epoch
        cur = (epoch - 1) % p
        per = len(idx) // p
        sizes = [per + 1] * (len(idx) % p) + [per] * (p - len(idx) % p)
        start = sum(sizes[:cur])
        idx = idx[start:start + sizes[cur]]
    return [int(i) for i in idx]


def main():
    small = [i ** 2 % 17 for i in range(30)]
    big = [int(x) for x in numpy.random.RandomState(42).randint(1, 23, size=3023)]
    modes = ["default", "default_every_n:5", "reverse", "sorted", "sorted_reverse", "random", "random:3",
             "random_sample", "laplace:3", "laplace:.10", "sort_bin_shuffle:3", "sort_bin_shuffle_x2:.10",
             "sort_bin_shuffle", "laplace"]
    cases = []
    for m in modes:
        for epoch in (1, 3, 5):
            cases.append({"mode": m, "epoch": epoch, "partition_epoch": 1, "offset": 0, "order": order(m, epoch, small)})
    for m in ("random", "sort_bin_shuffle_x2:.10", "laplace:.10"):
        for epoch in range(1, 9):
            cases.append({"mode": m, "epoch": epoch, "partition_epoch": 4, "offset": 0,
                          "order": order(m, epoch, small, partition_epoch=4)})
    cases.append({"mode": "random:2", "epoch": 4, "partition_epoch": 1, "offset": 17,
                  "order": order("random:2", 4, small, offset=17)})
    res = {
        "generator": "Tests/Fixtures/data/make_seq_order_fixture.py",
        "numpy_version": numpy.__version__,
        "small_lens": small,
        "cases": cases,
        "laplace_reference": {"mode": "laplace:.100", "epoch": 1, "lens": big, "order": order("laplace:.100", 1, big)},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seq_order_fixture.json")
    with open(path, "w") as f:
        json.dump(res, f)
        f.write("\n")


if __name__ == "__main__":
    main()
