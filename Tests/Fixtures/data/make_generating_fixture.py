#!/usr/bin/env python3
"""Writes generating_fixture.json: reference sequences of RETURNN's generating datasets.

Re-implements the generation rules of returnn/datasets/generating.py (read for behaviour, not
copied) on top of numpy's legacy RandomState, seeded per sequence as upstream does:
RandomState((epoch_seed, corpus_seq_idx)). Used by Tests/ReturnnDataTests/*DatasetTests.swift.
Run: python3 make_generating_fixture.py
"""
import json
import os

import numpy


def rnd_for(epoch_seed, corpus_idx):
    return numpy.random.RandomState((epoch_seed, corpus_idx))


def task12ax(r):
    n = r.randint(10, 100)
    s = r.choice(["", "1", "2"])
    while len(s) < n:
        if r.uniform() < 0.5:
            s += r.choice(list("12"))
        if r.uniform() < 0.9:
            s += r.choice(["AX", "BY"])
        while r.uniform() < 0.5:
            s += r.choice(list("123ABCXYZ"))
    s = s[:n]
    outer, inner, out = "", "", ""
    for c in s:
        o = "L"
        if c in "12":
            outer = c
        elif c in "AB":
            inner = c
        elif c in "XY":
            if outer + inner + c in ("1AX", "2BY"):
                o = "R"
            inner = ""
        out += o
    return {"input": s, "output": out}


def episodic_copy(r):
    classes = " .01234567"
    n = r.randint(1, 10)
    s = "".join(r.choice(list(classes[2:])) for _ in range(n))
    s += " " * r.randint(1, 100) + "." + "." * (n + 1)
    mem, out, state = "", "", 0
    for c in s:
        if state == 0:
            out += " "
            if c == ".":
                state = 1
            elif c != " ":
                mem += c
        else:
            out += mem[:1] if mem else "."
            mem = mem[1:]
    return {"input": s, "output": out}


def xml_modeling(r, depth=4):
    classes = " <>/abcdefgh"
    s, stack = " ", []
    while True:
        if not stack or (len(stack) < depth and r.rand() > 0.6):
            tag = "".join(r.choice(list(classes[4:])) for _ in range(r.randint(1, 10)))
            s += "<%s>" % tag
            stack.append(tag)
        else:
            s += "</%s>" % stack.pop()
        if not stack and r.rand() > 0.2:
            break
    # Output: predict determined next chars (closing tag names, '>' and '<').
    out, stack, state = "", [], 0
    for c in s:
        if c in " >":
            out += "<"
            state = 1
        elif state == 1:
            out += " "
            state = 2
        elif state == 2:
            if c == "/":
                out += stack[-1][0]
                stack[-1] = stack[-1][1:]
                state = 4
            else:
                out += " "
                state = 3
                stack.append(c)
        elif state == 3:
            out += " "
            stack[-1] += c
        else:
            if not stack[-1]:
                out += ">"
                stack.pop()
                state = 0
            else:
                out += stack[-1][0]
                stack[-1] = stack[-1][1:]
    return {"input": s, "output": out}


def number_base_convert(r, ib=8, ob=2, lo=1, hi=8):
    n = r.randint(lo, hi + 1)
    digits = [int(r.randint(0, ib)) for _ in range(n)]
    num = 0
    for d in digits:
        num = num * ib + d
    out = []
    while num:
        out.insert(0, num % ob)
        num //= ob
    return {"data": digits, "classes": out or [0]}


def copy_task(r, epoch, nsym=5, minlen=2, maxlen=4, minf=0.5, maxf=1.0):
    n = r.randint(int(minlen + minf * epoch), int(maxlen + maxf * epoch) + 1)
    return [int(r.randint(0, nsym)) for _ in range(n)]


def dummy_generic(r):
    # template: data float32 [T, 3] lens 2..4; classes sparse dim 7 lens 5..6
    ranges = [(2, 4), (5, 6)]
    res = {}
    for ki, key in enumerate(["data", "classes"]):
        lens = [int(r.randint(a, b + 1, size=[1], dtype=numpy.int32)[0]) for a, b in ranges]
        if key == "data":
            v = r.standard_normal([lens[0], 3]).astype("float32")
            res[key] = {"shape": list(v.shape), "values": [float(x) for x in v.flatten()]}
        else:
            v = r.randint(0, 7, [lens[1]], dtype="int32")
            res[key] = {"shape": list(v.shape), "values": [int(x) for x in v.flatten()]}
    return res


def main():
    res = {
        "generator": "Tests/Fixtures/data/make_generating_fixture.py",
        "numpy_version": numpy.__version__,
        "Task12AXDataset": {str(e): [task12ax(rnd_for(e, i)) for i in range(6)] for e in (1, 2, 7)},
        "TaskEpisodicCopyDataset": [episodic_copy(rnd_for(1, i)) for i in range(5)],
        "TaskXmlModelingDataset": [xml_modeling(rnd_for(1, i)) for i in range(5)],
        "TaskNumberBaseConvertDataset": [number_base_convert(rnd_for(1, i)) for i in range(8)],
        "CopyTaskDataset_epoch3": [copy_task(rnd_for(3, i), 3) for i in range(5)],
        "DummyGenericDataset": [dummy_generic(rnd_for(1, i)) for i in range(3)],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generating_fixture.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
