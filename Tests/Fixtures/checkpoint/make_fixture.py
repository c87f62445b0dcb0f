#!/usr/bin/env python3
"""Writes reference.safetensors with the Python `safetensors` package (the reference
implementation), for the byte-layout tests of SafetensorsFileTests.swift.

Run in a virtual environment outside the repository:
    python3 -m venv ~/venv-safetensors && ~/venv-safetensors/bin/pip install safetensors numpy
    ~/venv-safetensors/bin/python Tests/Fixtures/checkpoint/make_fixture.py

The tensors mix dtypes (I64, F64, F32, I32), a scalar, an empty tensor and names whose byte
order matters; one metadata key (the reference writes metadata from an unordered map, so with
several keys its byte order is not fixed).
"""
import os

import numpy as np
import safetensors
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))

tensors = {
    "output/W": (np.arange(6, dtype=np.float32).reshape(2, 3) * np.float32(0.5) - np.float32(1.25)),
    "output/b": np.array([1.5, -2.0, 3.25], dtype=np.float32),
    "lstm0/rec/W_re": np.array([[1e-8, -3.4e38], [np.inf, -0.0]], dtype=np.float32),
    "Z_upper": np.array([7.0], dtype=np.float32),
    "scalar": np.array(2.5, dtype=np.float32),
    "empty": np.zeros((0, 4), dtype=np.float32),
    "global_step": np.array(123456789012, dtype=np.int64),
    "counts": np.array([[-1, 2], [3, -(2**40)]], dtype=np.int64),
    "f64": np.array([0.1, -1e300], dtype=np.float64),
    "i32": np.array([-7, 2**31 - 1, -(2**31)], dtype=np.int32),
}
metadata = {"note": 'made by make_fixture.py "quoted" \\ tab\t newline\n é'}

if __name__ == "__main__":
    path = os.path.join(HERE, "reference.safetensors")
    save_file(tensors, path, metadata=metadata)
    print("safetensors", safetensors.__version__, "wrote", path, os.path.getsize(path), "bytes")
