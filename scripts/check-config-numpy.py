#!/usr/bin/env python3
"""Compares the config sandbox's numpy with real numpy on random expressions.

Generates COUNT random expressions (array reprs, broadcasting arithmetic over all dtypes,
ufuncs, reductions along axes, indexing, linspace/arange/geomspace, interp, where/clip), each
giving a str; evaluates them with CPython + numpy and, inside one config, with `returnn
CONFIG --dump-config`; prints the mismatches and exits non-zero if there are any.

Usage: check-config-numpy.py [COUNT] [SEED]
Environment: RETURNN_BIN (default: .build/release/returnn below the repository root).
Needs numpy (compare with the version named in Tests/Fixtures/config/module_cases.txt).
Values of transcendental functions (exp, log, sin, pow, ...) are compared as numpy prints
them (8 digits): numpy may use SIMD implementations that differ from libm in the last bit.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DTYPES = ["float64", "float32", "int64", "int32", "bool"]


def scalar_literal(rng, dtype):
    if dtype == "bool":
        return rng.choice(["True", "False"])
    if dtype.startswith("int"):
        return str(rng.choice([rng.randint(-9, 9), rng.randint(-1000, 1000), rng.randint(-10**6, 10**6)]))
    r = rng.random()
    if r < 0.06:
        return rng.choice(["float('nan')", "float('inf')", "-float('inf')", "-0.0"])
    if r < 0.3:
        return repr(float(rng.randint(-20, 20)))
    if r < 0.5:
        return repr(rng.randint(-20, 20) / rng.choice([2, 4, 8, 10, 3]))
    return repr(rng.uniform(-1, 1) * 10 ** rng.randint(-9, 10))


def shape(rng, ndim=None):
    ndim = rng.choice([0, 1, 1, 1, 2, 2, 3]) if ndim is None else ndim
    return tuple(rng.choice([0, 1, 2, 3, 4, 5, 7]) if rng.random() < 0.1 else rng.randint(1, 6) for _ in range(ndim))


def nested(rng, shp, dtype, magnitude):
    if not shp:
        return scalar_literal(rng, dtype) if magnitude is None else magnitude(rng)
    return "[" + ", ".join(nested(rng, shp[1:], dtype, magnitude) for _ in range(shp[0])) + "]"


def array(rng, shp=None, dtype=None, ndim=None):
    dtype = dtype or rng.choice(DTYPES)
    shp = shape(rng, ndim) if shp is None else shp
    if rng.random() < 0.03 and dtype != "bool":
        n = rng.choice([1001, 1500, 4000])
        return "(np.arange(%d, dtype=np.%s) * %s)" % (n, dtype, scalar_literal(rng, dtype))
    # One order of magnitude per array, as real data has (the repr's choice of format depends on it).
    k = rng.randint(-6, 9)
    mag = None
    if dtype.startswith("float") and rng.random() < 0.6:
        mag = lambda r: repr(round(r.uniform(-1, 1) * 10 ** k, r.randint(0, 12)))
    return "np.array(%s, dtype=np.%s)" % (nested(rng, shp, dtype, mag), dtype)


def broadcastable(rng, shp):
    r = rng.random()
    if r < 0.3:
        return shp
    if r < 0.6:
        return tuple(1 if rng.random() < 0.5 else d for d in shp)
    return shp[rng.randint(0, len(shp)):]


def case(rng):
    kind = rng.choice(["repr", "repr", "arith", "arith", "arith", "ufunc", "reduce", "index", "create", "interp", "select"])
    if kind == "repr":
        a = array(rng)
        return "repr(%s)" % a if rng.random() < 0.7 else "str(%s)" % a
    if kind == "arith":
        op = rng.choice(["+", "-", "*", "/", "//", "%", "**", "==", "<", ">=", "&", "|", "^"])
        # Known differences (docs/config.md): bool // % ** bool give int8 in numpy (int64 here);
        # float32 ** uses numpy's own float32 pow.
        # int64 values beyond 2**53 lose precision here (stored as doubles): ** only on float64.
        dtypes = ["float64"] if op == "**" else [d for d in DTYPES if not (op in ("//", "%") and d == "bool")]
        shp = shape(rng, rng.choice([1, 2, 3]))
        a = array(rng, shp, rng.choice(dtypes))
        b = array(rng, broadcastable(rng, shp), rng.choice(dtypes)) if rng.random() < 0.6 else scalar_literal(rng, rng.choice(dtypes))
        if rng.random() < 0.5:
            a, b = b, a
        e = "(%s %s %s)" % (a, op, b)
        return "repr((%s.tolist(), %s.dtype.name))" % (e, e) if op != "**" else "repr(%s)" % e
    if kind == "ufunc":
        f = rng.choice(["exp", "log", "sqrt", "abs", "floor", "ceil", "sin", "tanh", "round", "square", "isnan", "log10",
                        "negative", "sign", "isfinite", "trunc"])
        # float32 inputs are left out: numpy's float32 exp/log/sin/... are its own (not libm's);
        # square of ints would leave the 2**53 range where int64 is exact here.
        dtype = "float64" if f == "square" else rng.choice(["float64", "int64", "int32"])
        return "repr(np.%s(%s))" % (f, array(rng, dtype=dtype, ndim=rng.choice([1, 2, 3])))
    if kind == "reduce":
        f = rng.choice(["sum", "mean", "max", "min", "prod", "argmax", "argmin", "cumsum", "std", "var", "any", "all", "cumprod"])
        # Products of ints leave the 2**53 range where int64 is exact here: prod on floats and bools.
        a = array(rng, ndim=rng.choice([1, 2, 3]), dtype=rng.choice(["float64", "bool"]) if "prod" in f else None)
        axis = rng.choice(["", ", axis=0", ", axis=-1", ", axis=1"])
        return "repr(np.asarray(np.%s(%s%s)).tolist())" % (f, a, axis)
    if kind == "index":
        a = array(rng, ndim=rng.choice([1, 2, 3]))
        idx = rng.choice(["[0]", "[-1]", "[1:3]", "[::-2]", "[:, 0]", "[1, -1]", "[:2, 1:]", "[None]", "[2]"])
        return "repr(np.asarray(%s%s).tolist())" % (a, idx)
    if kind == "create":
        n = rng.randint(0, 12)
        a, b = scalar_literal(rng, "float64"), scalar_literal(rng, "float64")
        c = rng.choice([
            "np.linspace(%s, %s, %d, endpoint=%s)" % (a, b, n, rng.choice(["True", "False"])),
            "np.arange(%d, %d, %d)" % (rng.randint(-20, 20), rng.randint(-20, 20), rng.choice([-3, -1, 1, 2, 5])),
            "np.arange(%s, %s, %s)" % (rng.randint(-5, 5), rng.randint(-5, 5) + rng.random(), rng.choice(["0.1", "0.25", "-0.3", "0.7"])),
            "np.geomspace(%s, %s, %d)" % (rng.choice(["1e-5", "0.5", "3", "-2"]), rng.choice(["1e-3", "10", "7.5", "-100"]), n),
            "np.logspace(%d, %d, %d, base=%s)" % (rng.randint(-4, 2), rng.randint(-2, 4), n, rng.choice(["10", "2", "2.5"])),
        ])
        exact = not c.startswith(("np.geomspace", "np.logspace"))
        return "repr(%s.tolist())" % c if exact else "repr(%s)" % c
    if kind == "interp":
        xp = sorted(rng.sample(range(-50, 50), rng.randint(1, 6)))
        fp = [rng.uniform(-1, 1) for _ in xp]
        x = [rng.uniform(-60, 60) for _ in range(rng.randint(1, 5))]
        return "repr(np.interp(%r, %r, %r).tolist())" % (x, xp, fp)
    a = array(rng, ndim=rng.choice([1, 2]))
    return rng.choice([
        "repr(np.where(%s > 0, %s, %s).tolist())" % (a, a, scalar_literal(rng, "float64")),
        "repr(np.clip(%s, %s, %s).tolist())" % (a, scalar_literal(rng, "int64"), scalar_literal(rng, "float64")),
        "repr(np.maximum(%s, %s).tolist())" % (a, scalar_literal(rng, "float64")),
    ])


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    binary = os.environ.get("RETURNN_BIN", os.path.join(ROOT, ".build/release/returnn"))
    rng = random.Random(seed)
    exprs = [case(rng) for _ in range(count)]
    np.seterr(all="ignore")
    expected = []
    for e in exprs:
        try:
            expected.append(eval(e, {"np": np}))
        except Exception:
            expected.append("error")
    lines = ["#!returnn.py", "import numpy as np", "results = []"]
    for e in exprs:
        lines += ["try:", "    results.append(%s)" % e, "except Exception:", "    results.append('error')"]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "numpy-check.config")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = subprocess.run([binary, path, "--dump-config"], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr)
        sys.exit("returnn failed")
    got = json.loads(out.stdout.replace("NaN", "null"))["results"]
    bad = [(e, x, y) for e, x, y in zip(exprs, expected, got) if x != y]
    for e, x, y in bad[:20]:
        print("MISMATCH %s\n  numpy:   %s\n  sandbox: %s" % (e, x, y))
    errors = sum(1 for x in expected if x == "error")
    print("numpy %s, %d expressions (seed %d; %d of them raise in numpy and must raise here), %d mismatches"
          % (np.__version__, count, seed, errors, len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
