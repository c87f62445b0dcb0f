#!/usr/bin/env python3
"""Writes layers_a_fixtures.json: inputs and numpy-computed expected outputs for the elementwise
and shape layers (combine, activation, split_dims, merge_dims, slice, reduce, constant, cast,
length, expand_dims, squeeze, window). The networks themselves are in the Swift tests
(Tests/ReturnnNetworkTests/*LayerTests.swift); each case here is the numpy version of one of them.

Run from this directory: python3 make_layers_a_fixtures.py
"""
import json

import numpy as np

rng = np.random.RandomState(42)
B, T, F = 2, 5, 6
lengths = np.array([5, 3])
x = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32)
classes = rng.randint(0, 4, size=(B, T))
vec = (np.sign(rng.uniform(-1, 1, size=(B, F))) * rng.uniform(0.5, 1.5, size=(B, F))).astype(np.float32)
x64 = x.astype(np.float64)
v64 = vec.astype(np.float64)
mask = (np.arange(T)[None, :] < lengths[:, None])  # [B, T]
xm = x64 * mask[:, :, None]


def entry(a, lens=None):
    a = np.asarray(a)
    d = {"shape": list(a.shape), "values": [float("%.9g" % v) for v in a.astype(np.float64).ravel()]}
    if lens is not None:
        d["lengths"] = [int(v) for v in lens]
    return d


def window(a, size, left, right, valid=False):
    """a: [B, T, F], already masked. Zero-pads the time axis and stacks the shifted views."""
    if valid:
        t_out = max(a.shape[1] - size + 1, 0)
        return np.stack([a[:, w:w + t_out] for w in range(size)], axis=2)
    p = np.concatenate([np.zeros((B, left, F)), a, np.zeros((B, right, F))], axis=1)
    return np.stack([p[:, w:w + T] for w in range(size)], axis=2)


def masked_time_reduce(fn, a):
    out = []
    for b in range(B):
        out.append(fn(a[b, :lengths[b]], axis=0))
    return np.stack(out)


def ceildiv(a, b):
    return -(-a // b)


sig = 1 / (1 + np.exp(-x64))
padded_t = np.concatenate([x64, np.zeros((B, 1, F))], axis=1)  # T=5 -> 6 for split (-1, 2)

cases = {
    "combine_add": entry(x64 + np.tanh(x64), lengths),
    "combine_sub_vec": entry(x64 - v64[:, None, :], lengths),
    "combine_mul_const": entry(x64 * 0.5, lengths),
    "combine_truediv_vec": entry(x64 / v64[:, None, :], lengths),
    "combine_average": entry((x64 + np.tanh(x64) + v64[:, None, :]) / 3, lengths),
    "combine_maximum": entry(np.maximum(x64, v64[:, None, :]), lengths),
    "combine_minimum": entry(np.minimum(x64, np.tanh(x64)), lengths),
    "combine_squared_difference": entry((x64 - np.tanh(x64)) ** 2, lengths),
    "combine_broadcast_all": entry(x64.sum(axis=2)[:, :, None] + v64[:, None, :], lengths),
    "combine_relu": entry(np.maximum(x64 + v64[:, None, :], 0), lengths),
    "activation_sigmoid": entry(sig, lengths),
    "activation_expr": entry(2 * sig - 1, lengths),
    "split_dims_f": entry(x64.reshape(B, T, 2, 3), lengths),
    "split_dims_t": entry(padded_t.reshape(B, 3, 2, F), ceildiv(lengths, 2)),
    "merge_dims_window_static": entry(window(xm, 3, 1, 1).reshape(B, T, 3 * F), lengths),
    "merge_dims_time": entry(x64.reshape(B, T * F), lengths * F),
    "merge_dims_order": entry(x64.reshape(B, T, 2, 3).transpose(0, 1, 3, 2).reshape(B, T, 6), lengths),
    "slice_f": entry(x64[:, :, 1:5:2], lengths),
    "slice_t_step": entry(x64[:, 1::2], ceildiv(lengths - 1, 2)),
    "slice_t_neg_end": entry(x64[:, :-1], lengths - 1),
    "slice_sparse_t": entry(classes[:, 1::2], ceildiv(lengths - 1, 2)),
    "slice_t_end": entry(x64[:, 1:4], np.minimum(lengths, 4) - 1),
    "reduce_sum_t": entry(masked_time_reduce(np.sum, x64)),
    "reduce_mean_t": entry(masked_time_reduce(np.mean, x64)),
    "reduce_max_t": entry(masked_time_reduce(np.max, x64)),
    "reduce_min_t": entry(masked_time_reduce(np.min, x64)),
    "reduce_logsumexp_t": entry(masked_time_reduce(lambda v, axis: np.log(np.exp(v).sum(axis=axis)), x64)),
    "reduce_argmin_t": entry(masked_time_reduce(np.argmin, x64)),
    "reduce_argmax_f": entry(x64.argmax(axis=2), lengths),
    "reduce_logsumexp_f": entry(np.log(np.exp(x64).sum(axis=2)), lengths),
    "reduce_mean_tf": entry(np.stack([x64[b, :lengths[b]].mean() for b in range(B)])),
    "reduce_sum_f": entry(x64.sum(axis=2), lengths),
    "reduce_max_f": entry(x64.max(axis=2), lengths),
    "reduce_mean_static_window": entry(window(xm, 3, 1, 1).mean(axis=(2, 3)), lengths),
    "reduce_keep_dims_f": entry(x64.sum(axis=2, keepdims=True), lengths),
    "constant_batch": entry(np.full((B, 2, 3), 2.5)),
    "cast_int": entry(np.trunc(3 * x64), lengths),
    "cast_length_float": entry(lengths.astype(np.float64)),
    "length": entry(lengths),
    "expand_dims_spatial": entry(x64[:, :, None, :], lengths),
    "expand_dims_f": entry(np.repeat(x64[:, :, :, None], 2, axis=3), lengths),
    "squeeze_f": entry(x64.sum(axis=2), lengths),
    "window_same": entry(window(xm, 3, 1, 1), lengths),
    "window_left": entry(window(xm, 3, 0, 2), lengths),
    "window_stride": entry(window(xm, 3, 1, 1)[:, ::2], ceildiv(lengths, 2)),
    "window_valid_stride": entry(window(xm, 2, 0, 0, valid=True)[:, ::2], ceildiv(np.maximum(lengths - 1, 0), 2)),
    "window_valid": entry(window(xm, 2, 0, 0, valid=True), np.maximum(lengths - 1, 0)),
}

out = {
    "generated_by": "Tests/Fixtures/network/make_layers_a_fixtures.py",
    "inputs": {"data": entry(x64, lengths), "vec": entry(v64), "classes": entry(classes, lengths)},
    "cases": cases,
}
with open("layers_a_fixtures.json", "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
    f.write("\n")
