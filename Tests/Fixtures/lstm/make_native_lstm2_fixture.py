#!/usr/bin/env python3
"""Writes native_lstm2_small.json: an independent numpy reference for NativeLstm2.

A tiny case (T=4, B=2, n=3; sequence 1 is shorter, so it has padding frames) in both directions,
computed step by step in float64 with RETURNN's NativeLstm2 rules (returnn/native_op.py):
gate order along 4n is cell-in (tanh), input, forget, output (sigmoid); per step
H = X[t] + y_prev @ W_re; c = i*cellIn + f*c_prev; y = o*tanh(c); on a padding frame
(mask 0) c = c_prev, Y[t] = 0 and y_prev is carried (y_prev = y + y_prev*(1-mask)).
Gradients of loss = sum(Y*R) + sum(finalC*R2) are central finite differences in float64, so
they do not depend on any hand-derived backward.

Run from anywhere: python3 make_native_lstm2_fixture.py (writes next to this script).
"""
import json
import os

import numpy as np

T, B, N = 4, 2, 3
LENS = [4, 2]


def f32(a):
    """Rounds to float32 so that the Swift side reads the very same inputs."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def forward(x, w, y0, c0, mask, direction):
    y_out = np.zeros((T, B, N))
    c_out = np.zeros((T, B, N))
    gates = np.zeros((T, B, 4 * N))
    y_prev, c_prev = y0.copy(), c0.copy()
    steps = range(T) if direction > 0 else range(T - 1, -1, -1)
    for t in steps:
        h = x[t] + y_prev @ w
        cell_in = np.tanh(h[:, 0:N])
        in_gate = sigmoid(h[:, N:2 * N])
        forget_gate = sigmoid(h[:, 2 * N:3 * N])
        out_gate = sigmoid(h[:, 3 * N:4 * N])
        gates[t] = np.concatenate([cell_in, in_gate, forget_gate, out_gate], axis=1)
        m = mask[t][:, None]
        c_new = in_gate * cell_in + forget_gate * c_prev
        c = c_new * m + c_prev * (1 - m)
        y = np.tanh(c_new) * out_gate * m
        y_out[t], c_out[t] = y, c
        y_prev = y + y_prev * (1 - m)
        c_prev = c
    return y_out, c_out, gates, y_prev, c_prev


def finite_difference(loss, arrays, eps=1e-6):
    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        flat, gflat = a.reshape(-1), g.reshape(-1)
        for k in range(flat.size):
            old = flat[k]
            flat[k] = old + eps
            lp = loss()
            flat[k] = old - eps
            lm = loss()
            flat[k] = old
            gflat[k] = (lp - lm) / (2 * eps)
        grads.append(g)
    return grads


def flat(a):
    return [float(v) for v in np.asarray(a).reshape(-1)]


def main():
    rng = np.random.default_rng(20260101)
    mask = np.array([[1.0 if t < LENS[b] else 0.0 for b in range(B)] for t in range(T)])
    cases = []
    for direction in (1, -1):
        x = f32(rng.uniform(-1.5, 1.5, (T, B, 4 * N)))
        w = f32(rng.uniform(-0.8, 0.8, (N, 4 * N)))
        y0 = f32(rng.uniform(-0.5, 0.5, (B, N)))
        c0 = f32(rng.uniform(-1.0, 1.0, (B, N)))
        r = f32(rng.uniform(-1, 1, (T, B, N)))
        r2 = f32(rng.uniform(-1, 1, (B, N)))
        y, c, g, fy, fc = forward(x, w, y0, c0, mask, direction)

        def loss():
            yy, _, _, _, cc = forward(x, w, y0, c0, mask, direction)
            return float(np.sum(yy * r) + np.sum(cc * r2))

        dx, dw, dy0, dc0 = finite_difference(loss, [x, w, y0, c0])
        cases.append({
            "direction": direction, "x": flat(x), "wRe": flat(w), "y0": flat(y0), "c0": flat(c0),
            "mask": flat(mask), "y": flat(y), "c": flat(c), "gates": flat(g), "finalY": flat(fy),
            "finalC": flat(fc), "r": flat(r), "r2": flat(r2), "dX": flat(dx), "dWRe": flat(dw),
            "dy0": flat(dy0), "dc0": flat(dc0),
        })
    fixture = {
        "generator": "Tests/Fixtures/lstm/make_native_lstm2_fixture.py",
        "description": "NativeLstm2 forward and finite-difference gradients of sum(Y*R)+sum(finalC*R2)",
        "T": T, "B": B, "n": N, "cases": cases,
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "native_lstm2_small.json")
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
