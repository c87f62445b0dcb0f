#!/usr/bin/env python3
"""Writes numpy_random_fixture.json: reference draws of numpy's legacy RandomState.

Used by Tests/ReturnnDataTests/NumpyRandomStateTests.swift to check that the Swift MT19937 +
NumpyRandomState are bit-identical to numpy. Run: python3 make_numpy_random_fixture.py
(numpy version is recorded in the output). Doubles are stored as hex strings of their IEEE bits.
"""
import json
import os
import struct

import numpy


def bits(x):
    """A double as the hex string of its IEEE bits (JSON float text would not round-trip exactly)."""
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]

SEEDS = [0, 1, 42, 1234, 2**32 - 1]
TUPLE_SEEDS = [[1, 0], [1, 507], [3, 12345], [7], [0, 1, 2, 3, 4, 2**32 - 1]]


def draws(rs):
    """One fixed sequence of calls; the Swift test replays it in the same order."""
    out = {}
    out["raw32"] = [int(v) for v in rs.randint(0, 2**32, size=8, dtype=numpy.uint64)]
    out["random_sample"] = [bits(rs.random_sample()) for _ in range(5)]
    out["randint_10_100"] = [int(rs.randint(10, 100)) for _ in range(10)]
    out["randint_neg"] = [int(rs.randint(-5, 5)) for _ in range(6)]
    out["randint_big"] = [int(rs.randint(0, 2**40)) for _ in range(5)]
    out["randint_size"] = [int(v) for v in rs.randint(0, 1000, size=7)]
    out["uniform"] = [bits(rs.uniform(-2.0, 3.0)) for _ in range(3)]
    out["choice3"] = [str(rs.choice(["", "1", "2"])) for _ in range(6)]
    out["choice_n"] = [int(rs.choice(17)) for _ in range(4)]
    out["permutation20"] = [int(v) for v in rs.permutation(20)]
    lst = list(range(10))
    rs.shuffle(lst)
    out["shuffle_list10"] = lst
    out["standard_normal"] = [bits(rs.standard_normal()) for _ in range(7)]
    out["after_normal_sample"] = bits(rs.random_sample())
    return out


def main():
    res = {
        "generator": "Tests/Fixtures/data/make_numpy_random_fixture.py",
        "numpy_version": numpy.__version__,
        "int_seeds": [{"seed": s, "draws": draws(numpy.random.RandomState(s))} for s in SEEDS],
        "tuple_seeds": [{"seed": s, "draws": draws(numpy.random.RandomState(s))} for s in TUPLE_SEEDS],
        "permutation_1_1000_first10": [int(v) for v in numpy.random.RandomState(1).permutation(1000)[:10]],
        "permutation_large": {
            "seed": 5,
            "n": 100000,
            "first20": [int(v) for v in numpy.random.RandomState(5).permutation(100000)[:20]],
        },
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_random_fixture.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
