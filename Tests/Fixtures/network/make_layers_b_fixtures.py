#!/usr/bin/env python3
"""Writes layers_b.json: independent numpy references for the `conv`, `pool`, `layer_norm`,
`batch_norm` layers and the `rec` units `nativelstm2`, `gru` and `basicrnn`.

Every case is a tiny config (extern_data + a one-layer network), an input batch with sequence
lengths, the layer's parameters and the expected output (and output lengths). Everything is
computed in float64 with direct loops following TensorFlow/RETURNN semantics:
- conv/pool: TF padding rules ("same": out = ceil(T/stride), the odd extra pad frame on the
  right; "valid": out = ceil((T - (K-1)*dilation)/stride)); pooling ignores "same" padding
  frames (max over real frames, average over their count); frames beyond a sequence length
  inside the padded batch are ordinary input (RETURNN without use_time_mask); filters are
  [K..., in, out]; output lengths follow the same formula per sequence.
- layer_norm: (x - mean) / sqrt(var + 1e-6) * scale + bias over the feature axis.
- batch_norm: moments over all axes but the feature axis (only real frames with masked_time),
  running stats updated as r += (batch - r) * momentum, used in eval (RETURNN LayerBase.batch_norm).
- rec units step by step: NativeLstm2 (gate order cell-in, input, forget, output;
  c = f*c + i*tanh(a); y = o*tanh(c)), TF GRUCell ([r, u] = sigmoid([x, h] Wg + bg),
  c = tanh([x, r*h] Wc + bc), h = u*h + (1-u)*c), TF BasicRNNCell (h = tanh([x, h] W + b));
  padded frames keep the state and output 0; direction -1 runs each sequence from its own end.

Run from anywhere: python3 make_layers_b_fixtures.py (writes next to this script).
"""
import json
import math
import os

import numpy as np

RNG = np.random.default_rng(20261124)


def f32(a):
    """Rounds to float32 so that the Swift side reads the very same numbers."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(*shape, scale=1.0):
    return f32(RNG.uniform(-scale, scale, size=shape))


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def geometry(length, size, stride, dilation, padding):
    span = (size - 1) * dilation + 1
    if padding == "valid":
        eff = length - span + 1
        return (0 if eff <= 0 else -(-eff // stride)), 0
    out = -(-length // stride)
    total = max((out - 1) * stride + span - length, 0)
    return out, total // 2


def out_lens(lens, size, stride, dilation, padding):
    return [geometry(n, size, stride, dilation, padding)[0] for n in lens]


def conv_nd(x, w, strides, dilations, padding):
    """x [B, T, (S,) C], w [K_T, (K_S,) C, O] -> [B, T', (S',) O] by direct summation."""
    spatial = x.shape[1:-1]
    ks = w.shape[:-2]
    geo = [geometry(spatial[a], ks[a], strides[a], dilations[a], padding) for a in range(len(ks))]
    out_shape = [x.shape[0]] + [g[0] for g in geo] + [w.shape[-1]]
    y = np.zeros(out_shape)
    for idx in np.ndindex(*out_shape[1:-1]):
        acc = np.zeros((x.shape[0], w.shape[-1]))
        for taps in np.ndindex(*ks):
            src = [idx[a] * strides[a] + taps[a] * dilations[a] - geo[a][1] for a in range(len(ks))]
            if all(0 <= src[a] < spatial[a] for a in range(len(ks))):
                acc += x[(slice(None),) + tuple(src)] @ w[taps]
        y[(slice(None),) + idx] = acc
    return y


def pool_nd(x, mode, sizes, strides, dilations, padding):
    spatial = x.shape[1:-1]
    geo = [geometry(spatial[a], sizes[a], strides[a], dilations[a], padding) for a in range(len(sizes))]
    out_shape = [x.shape[0]] + [g[0] for g in geo] + [x.shape[-1]]
    y = np.zeros(out_shape)
    for idx in np.ndindex(*out_shape[1:-1]):
        vals = []
        for taps in np.ndindex(*sizes):
            src = [idx[a] * strides[a] + taps[a] * dilations[a] - geo[a][1] for a in range(len(sizes))]
            if all(0 <= src[a] < spatial[a] for a in range(len(sizes))):
                vals.append(x[(slice(None),) + tuple(src)])
        v = np.stack(vals)
        y[(slice(None),) + idx] = v.max(axis=0) if mode == "max" else v.mean(axis=0)
    return y


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def run_rec(x, lens, n, direction, cell):
    b, t_len = x.shape[0], x.shape[1]
    h = np.zeros((b, n))
    c = np.zeros((b, n))
    y = np.zeros((b, t_len, n))
    steps = range(t_len) if direction == 1 else range(t_len - 1, -1, -1)
    for t in steps:
        h_new, c_new = cell(x[:, t], h, c)
        m = np.array([[1.0 if t < lens[i] else 0.0] for i in range(b)])
        y[:, t] = h_new * m
        h = h_new * m + h * (1 - m)
        c = c_new * m + c * (1 - m)
    return y


CASES = []


def add_case(name, config, x, lens, params, output, lens_out, train=False, state=None):
    CASES.append({
        "name": name, "config": config, "train": train,
        "xShape": list(x.shape), "x": flat(x), "lens": lens,
        "params": {k: flat(v) for k, v in params.items()},
        "outputShape": list(output.shape), "output": flat(output), "outLens": lens_out,
        "state": {k: flat(v) for k, v in (state or {}).items()},
    })


def extern(dim, spatial=None):
    shape = "(None, %s)" % ", ".join(str(s) for s in (spatial or []) + [dim])
    return 'extern_data = {"data": {"shape": %s}}\n' % shape


def net(layer):
    return 'network = {"l": %s}\n' % layer


def conv_cases():
    lens = [6, 4]
    # 1-D, same, bias, tanh
    x = rand(2, 6, 3)
    w, bias = rand(3, 3, 4), rand(4)
    y = np.tanh(conv_nd(x, w, [1], [1], "same") + bias)
    add_case("conv1d_same_bias_tanh", extern(3) + net(
        '{"class": "conv", "filter_size": (3,), "padding": "same", "n_out": 4, "with_bias": True, '
        '"activation": "tanh", "is_output_layer": True}'), x, lens, {"l/W": w, "l/bias": bias}, y, lens)
    # 1-D, valid, stride 2
    w = rand(3, 3, 2)
    y = conv_nd(x, w, [2], [1], "valid")
    add_case("conv1d_valid_stride2", extern(3) + net(
        '{"class": "conv", "filter_size": [3], "padding": "valid", "strides": 2, "n_out": 2, "is_output_layer": True}'),
        x, lens, {"l/W": w}, y, out_lens(lens, 3, 2, 1, "valid"))
    # 1-D, same, dilation 2
    w = rand(2, 3, 2)
    y = conv_nd(x, w, [1], [2], "same")
    add_case("conv1d_same_dilation2", extern(3) + net(
        '{"class": "conv", "filter_size": (2,), "padding": "SAME", "dilation_rate": 2, "n_out": 2, "is_output_layer": True}'),
        x, lens, {"l/W": w}, y, lens)
    # 2-D over [B, T, F] with input_add_feature_dim, same, strides (2, 1), bias, relu
    x = rand(2, 6, 5)
    w, bias = rand(3, 3, 1, 2), rand(2)
    y = np.maximum(conv_nd(x[..., None], w, [2, 1], [1, 1], "same") + bias, 0)
    add_case("conv2d_add_feature_dim_same_stride", extern(5) + net(
        '{"class": "conv", "filter_size": (3, 3), "padding": "same", "strides": (2, 1), "n_out": 2, "with_bias": True, '
        '"activation": "relu", "input_add_feature_dim": True, "is_output_layer": True}'),
        x, lens, {"l/W": w, "l/bias": bias}, y, out_lens(lens, 3, 2, 1, "same"))
    # 2-D over [B, T, S, C] input, valid, strides (1, 2)
    x = rand(2, 6, 4, 2)
    w = rand(2, 2, 2, 3)
    y = conv_nd(x, w, [1, 2], [1, 1], "valid")
    add_case("conv2d_spatial_input_valid", extern(2, [4]) + net(
        '{"class": "conv", "filter_size": (2, 2), "padding": "valid", "strides": (1, 2), "n_out": 3, "is_output_layer": True}'),
        x, lens, {"l/W": w}, y, out_lens(lens, 2, 1, 1, "valid"))
    # 2-D with input_split_feature_dim, valid, dilation (2, 1)
    x = rand(2, 6, 6)
    w = rand(2, 2, 2, 2)
    y = conv_nd(x.reshape(2, 6, 3, 2), w, [1, 1], [2, 1], "valid")
    add_case("conv2d_split_feature_dilation", extern(6) + net(
        '{"class": "conv", "filter_size": (2, 2), "padding": "valid", "dilation_rate": (2, 1), "n_out": 2, '
        '"input_split_feature_dim": 2, "is_output_layer": True}'),
        x, lens, {"l/W": w}, y, out_lens(lens, 2, 1, 2, "valid"))


def pool_cases():
    lens = [7, 4]
    x = rand(2, 7, 3)
    y = pool_nd(x, "max", [2], [2], [1], "valid")
    add_case("pool1d_max_default_strides", extern(3) + net(
        '{"class": "pool", "mode": "max", "pool_size": (2,), "is_output_layer": True}'),
        x, lens, {}, y, out_lens(lens, 2, 2, 1, "valid"))
    y = pool_nd(x, "avg", [3], [1], [1], "same")
    add_case("pool1d_avg_same_stride1", extern(3) + net(
        '{"class": "pool", "mode": "avg", "pool_size": (3,), "strides": 1, "padding": "same", "is_output_layer": True}'),
        x, lens, {}, y, lens)
    y = pool_nd(x, "max", [2], [1], [2], "same")
    add_case("pool1d_max_dilated", extern(3) + net(
        '{"class": "pool", "mode": "MAX", "pool_size": (2,), "strides": (1,), "dilation_rate": 2, "padding": "same", '
        '"is_output_layer": True}'), x, lens, {}, y, lens)
    x = rand(2, 7, 5, 2)
    y = pool_nd(x, "max", [2, 2], [2, 2], [1, 1], "same")
    add_case("pool2d_max_same", extern(2, [5]) + net(
        '{"class": "pool", "mode": "max", "pool_size": (2, 2), "padding": "same", "is_output_layer": True}'),
        x, lens, {}, y, out_lens(lens, 2, 2, 1, "same"))
    y = pool_nd(x, "avg", [3, 2], [2, 1], [1, 1], "same")
    add_case("pool2d_avg_same_strides", extern(2, [5]) + net(
        '{"class": "pool", "mode": "avg", "pool_size": (3, 2), "strides": (2, 1), "padding": "same", "is_output_layer": True}'),
        x, lens, {}, y, out_lens(lens, 3, 2, 1, "same"))


def layer_norm_cases():
    lens = [5, 3]
    x = rand(2, 5, 4, scale=2.0)
    scale, bias = rand(4) + 1.0, rand(4)
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    y = (x - mean) / np.sqrt(var + 1e-6) * scale + bias
    add_case("layer_norm", extern(4) + net('{"class": "layer_norm", "is_output_layer": True}'),
             x, lens, {"l/scale": scale, "l/bias": bias}, y, lens)


def batch_norm_cases():
    lens = [5, 3]
    x = rand(2, 5, 3, scale=2.0)
    valid = np.concatenate([x[b, :lens[b]] for b in range(2)])
    # Training, masked time, param_version 2, momentum 0.1: batch statistics of the real frames.
    gamma, beta = rand(3) + 1.0, rand(3)
    r_mean, r_var = rand(3), rand(3) * 0.5 + 1.0
    mean, var = valid.mean(axis=0), valid.var(axis=0)
    y = (x - mean) / np.sqrt(var + 1e-3) * gamma + beta
    p = "l/batch_norm/v2_"
    add_case("batch_norm_train_masked_v2", extern(3) + net(
        '{"class": "batch_norm", "masked_time": True, "param_version": 2, "momentum": 0.1, "is_output_layer": True}'),
        x, lens, {p + "mean": r_mean, p + "variance": r_var, p + "gamma": gamma, p + "beta": beta}, y, lens, train=True,
        state={p + "mean": r_mean + (mean - r_mean) * 0.1, p + "variance": r_var + (var - r_var) * 0.1})
    # Eval with the defaults (no behavior_version): param_version 0, the running statistics are
    # updated also in eval (momentum 0.99) and the updated ones are used right away.
    p = "l/batch_norm/l_l_output_"
    new_mean = r_mean + (mean - r_mean) * 0.99
    new_var = r_var + (var - r_var) * 0.99
    y = (x - new_mean) / np.sqrt(new_var + 1e-3) * gamma + beta
    add_case("batch_norm_eval_defaults_v0", extern(3) + net('{"class": "batch_norm", "is_output_layer": True}'),
             x, lens, {p + "mean": r_mean.reshape(1, 1, 3), p + "variance": r_var.reshape(1, 1, 3),
                       p + "gamma": gamma.reshape(1, 1, 3), p + "beta": beta.reshape(1, 1, 3)}, y, lens,
             state={p + "mean": new_mean.reshape(1, 1, 3), p + "variance": new_var.reshape(1, 1, 3)})
    # Eval with update only in training: the running statistics as they are, no state update.
    p = "l/batch_norm/"
    y = (x - r_mean) / np.sqrt(r_var + 1e-5) * gamma
    add_case("batch_norm_eval_running_v1_no_shift", extern(3) + net(
        '{"class": "batch_norm", "param_version": 1, "update_sample_only_in_training": True, "use_shift": False, '
        '"epsilon": 1e-5, "is_output_layer": True}'),
        x, lens, {p + "mean": r_mean.reshape(1, 1, 3), p + "variance": r_var.reshape(1, 1, 3),
                  p + "gamma": gamma.reshape(1, 1, 3)}, y, lens)
    # Training over [B, T, S, C] without masking, use_std False, use_sample 0.5.
    x = rand(2, 5, 2, 3, scale=2.0)
    mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
    p = "l/batch_norm/v2_"
    new_mean = r_mean + (mean - r_mean) * 0.1
    new_var = r_var + (var - r_var) * 0.1
    m = 0.5 * mean + 0.5 * new_mean
    v = 0.5 * var + 0.5 * new_var
    y = (x - m) / np.sqrt(v + 1e-3) + beta
    add_case("batch_norm_train_unmasked_spatial_use_sample", extern(3, [2]) + net(
        '{"class": "batch_norm", "masked_time": False, "param_version": 2, "momentum": 0.1, "use_std": False, '
        '"use_sample": 0.5, "is_output_layer": True}'),
        x, lens, {p + "mean": r_mean, p + "variance": r_var, p + "beta": beta}, y, lens, train=True,
        state={p + "mean": new_mean, p + "variance": new_var})


def rec_cases():
    lens = [5, 3]
    n, d_in = 4, 3
    x = rand(2, 5, d_in)
    w, b, w_re = rand(d_in, 4 * n, scale=0.7), rand(4 * n, scale=0.3), rand(n, 4 * n, scale=0.7)

    def lstm(xt, h, c):
        z = xt @ w + b + h @ w_re
        a, i, f, o = np.tanh(z[:, :n]), sigmoid(z[:, n:2 * n]), sigmoid(z[:, 2 * n:3 * n]), sigmoid(z[:, 3 * n:])
        c_new = f * c + i * a
        return o * np.tanh(c_new), c_new

    wg, bg = rand(d_in + n, 2 * n, scale=0.7), rand(2 * n, scale=0.3) + 1.0
    wc, bc = rand(d_in + n, n, scale=0.7), rand(n, scale=0.3)

    def gru(xt, h, c):
        g = sigmoid(np.concatenate([xt, h], axis=1) @ wg + bg)
        r, u = g[:, :n], g[:, n:]
        cand = np.tanh(np.concatenate([xt, r * h], axis=1) @ wc + bc)
        return u * h + (1 - u) * cand, c

    wr, br = rand(d_in + n, n, scale=0.7), rand(n, scale=0.3)

    def rnn(xt, h, c):
        return np.tanh(np.concatenate([xt, h], axis=1) @ wr + br), c

    units = [
        ("nativelstm2", lstm, {"l/rec/W": w, "l/rec/b": b, "l/rec/W_re": w_re}),
        ("gru", gru, {"l/rec/gru_cell/gates/kernel": wg, "l/rec/gru_cell/gates/bias": bg,
                      "l/rec/gru_cell/candidate/kernel": wc, "l/rec/gru_cell/candidate/bias": bc}),
        ("basicrnn", rnn, {"l/rec/basic_rnn_cell/kernel": wr, "l/rec/basic_rnn_cell/bias": br}),
    ]
    for unit, cell, params in units:
        for direction in (1, -1):
            y = run_rec(x, lens, n, direction, cell)
            add_case("rec_%s_dir%+d" % (unit, direction), extern(d_in) + net(
                '{"class": "rec", "unit": "%s", "n_out": %d, "direction": %d, "is_output_layer": True}' % (unit, n, direction)),
                x, lens, params, y, lens)


def main():
    conv_cases()
    pool_cases()
    layer_norm_cases()
    batch_norm_cases()
    rec_cases()
    out = {
        "generator": "Tests/Fixtures/network/make_layers_b_fixtures.py",
        "description": "conv, pool, layer_norm, batch_norm and rec (nativelstm2, gru, basicrnn) outputs from numpy",
        "cases": CASES,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers_b.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path, len(CASES), "cases")


if __name__ == "__main__":
    main()
