#!/usr/bin/env python3
"""Writes python_random_fixture.json: reference draws of CPython's random.Random.

Used by Tests/ReturnnDataTests/PythonRandomTests.swift. Doubles are stored as hex strings of their
IEEE bits. Run: python3 make_python_random_fixture.py
"""
import json
import os
import platform
import random
import struct


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def main():
    cases = []
    for seed in (0, 1, 5, 1234, 2**32 - 1, 2**32 + 7, 2**40 + 3, -17):
        r = random.Random(seed)
        c = {"seed": seed}
        c["random"] = [bits(r.random()) for _ in range(5)]
        c["getrandbits7"] = [r.getrandbits(7) for _ in range(4)]
        c["randbelow"] = [r._randbelow(n) for n in (1, 2, 3, 10, 1000, 65537)]
        lst = list(range(12))
        r.shuffle(lst)
        c["shuffle12"] = lst
        c["after"] = bits(r.random())
        cases.append(c)
    res = {"generator": "Tests/Fixtures/data/make_python_random_fixture.py",
           "python_version": platform.python_version(), "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python_random_fixture.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
