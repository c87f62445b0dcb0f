#!/usr/bin/env python3
"""Writes shape_layers.json: upstream RETURNN's outputs for the shape and sequence layers of
docs/layers-shape.md (transpose, reinterpret_data, gather, gather_nd, slice_nd, range*, pad,
time_chunking/unchunking, postfix/prefix_in_time, shift_axis, seq_len_mask, repeat, tile, stack,
concat, split with its sub-layers "<name>/<i>").

Every case is a config text (the shared PRELUDE with extern_data and dim tags, plus one net dict)
that both upstream RETURNN (TF backend, TFNetwork with train_flag=False, no behavior_version) and
swift-returnn load unchanged, the inputs (one fixed batch, shared by all cases; padding frames hold
non-zero values on purpose) and upstream's output of layer "output": batch-major values, shape,
and for each axis its kind and, for dynamic axes, the sizes. The Swift tests
(Tests/ReturnnNetworkTests/ShapeLayers*Tests.swift, ShapeLayersFixture.swift) compare values on
the frames inside every dynamic axis' sizes.

Cases marked "reference": "numpy" are computed here with numpy instead, where this runtime
deliberately differs from upstream (see docs/layers-shape.md "Differences"): concatenating
dynamic axes packs the sequences (upstream tf.concat's the padded tensors), and prefix_in_time
with a repeat layer (upstream fails: "dynamic dim ... undefined").

Needs a Python with RETURNN (1.20261022 was used) and TensorFlow; run:
    python3 make_shape_layers_fixtures.py [output.json]
(default: shape_layers.json next to this script).
"""
import json
import os
import sys

import numpy as np

PRELUDE = '''
from returnn.tf.util.data import Dim, batch_dim, SpatialDim, FeatureDim
time_dim = SpatialDim("time")
time2_dim = SpatialDim("time2")
feat_dim = FeatureDim("feature", 6)
classes_dim = FeatureDim("classes", 5)
extern_data = {
    "data": {"dims": (batch_dim, time_dim, feat_dim), "dtype": "float32", "version": 1},
    "data2": {"dims": (batch_dim, time2_dim, feat_dim), "dtype": "float32", "version": 1, "available_for_inference": True},
    "classes": {"dims": (batch_dim, time_dim), "sparse_dim": classes_dim, "dtype": "int32", "version": 1, "available_for_inference": True},
    "vec": {"dims": (batch_dim, feat_dim), "dtype": "float32", "version": 1, "available_for_inference": True},
    "pos": {"dims": (batch_dim, time_dim), "dtype": "int32", "version": 1, "available_for_inference": True},
    "reps": {"dims": (batch_dim, time_dim), "dtype": "int32", "version": 1, "available_for_inference": True},
    "start": {"dims": (batch_dim,), "dtype": "int32", "version": 1, "available_for_inference": True},
}
'''

B, T, T2, F = 3, 5, 4, 6
RNG = np.random.RandomState(1324)
LENS = np.array([5, 3, 4], dtype=np.int32)
LENS2 = np.array([2, 4, 1], dtype=np.int32)
INPUTS = {
    "data": (RNG.uniform(-1, 1, size=(B, T, F)).astype(np.float32), LENS),
    "data2": (RNG.uniform(-1, 1, size=(B, T2, F)).astype(np.float32), LENS2),
    "classes": (RNG.randint(0, 5, size=(B, T)).astype(np.int32), LENS),
    "vec": (RNG.uniform(-1, 1, size=(B, F)).astype(np.float32), None),
    "pos": (RNG.randint(0, T, size=(B, T)).astype(np.int32), LENS),
    "reps": (RNG.randint(0, 3, size=(B, T)).astype(np.int32), LENS),
    "start": (np.array([2, 1, 0], dtype=np.int32), None),
}

# name -> net dict (Python source, evaluated after PRELUDE).
CASES = {
    # transpose
    "transpose_dict": '{"output": {"class": "transpose", "perm": {"T": "F", "F": "T"}, "from": "data"}}',
    "transpose_list": '{"output": {"class": "transpose", "perm": [batch_dim, feat_dim, time_dim], "from": "data"}}',
    # reinterpret_data
    "reinterpret_set_dim_tags": '{"output": {"class": "reinterpret_data", "set_dim_tags": {"T": SpatialDim("new-time")}, "from": "data"}}',
    "reinterpret_sparse_dim": '{"output": {"class": "reinterpret_data", "set_sparse_dim": 7, "from": "data:classes"}}',
    "reinterpret_increase_sparse": '{"output": {"class": "reinterpret_data", "increase_sparse_dim": 2, "from": "data:classes"}}',
    "reinterpret_set_sparse_false": '{"output": {"class": "reinterpret_data", "set_sparse": False, "from": "data:classes"}}',
    "reinterpret_size_base": '''{"sb": {"class": "slice", "axis": "T", "slice_end": -1, "from": "data"},
        "output": {"class": "reinterpret_data", "size_base": "sb", "from": "data"}}''',
    "reinterpret_set_axes_f": '''{"sd": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
        "output": {"class": "reinterpret_data", "set_axes": {"F": "dim:2"}, "from": "sd"}}''',
    "reinterpret_batch_major": '{"output": {"class": "reinterpret_data", "enforce_batch_major": True, "from": "data"}}',
    "reinterpret_time_major": '{"output": {"class": "reinterpret_data", "enforce_time_major": True, "from": "data"}}',
    # range
    "range_int": '{"output": {"class": "range", "limit": 8, "start": 1, "delta": 2}}',
    "range_in_axis_t": '{"output": {"class": "range_in_axis", "axis": "T", "from": "data"}}',
    "range_in_axis_f": '{"output": {"class": "range_in_axis", "axis": "F", "from": "data"}}',
    "range_from_length": '''{"len": {"class": "length", "from": "data"},
        "output": {"class": "range_from_length", "from": "len"}}''',
    # pad
    "pad_t": '{"output": {"class": "pad", "axes": "T", "padding": (2, 1), "value": 1.5, "from": "data"}}',
    "pad_t_handle_dynamic": '{"output": {"class": "pad", "axes": "T", "padding": (1, 2), "handle_dynamic_dims": True, "value": -1.0, "from": "data"}}',
    "pad_f_reflect": '{"output": {"class": "pad", "axes": "F", "padding": 2, "mode": "reflect", "from": "data"}}',
    "pad_f_symmetric": '{"output": {"class": "pad", "axes": "F", "padding": (1, 3), "mode": "symmetric", "from": "data"}}',
    "pad_f_replication": '{"output": {"class": "pad", "axes": "F", "padding": (1, 2), "mode": "replication", "from": "data"}}',
    "pad_two_axes": '{"output": {"class": "pad", "axes": ["T", "F"], "padding": [(1, 0), (0, 2)], "from": "data"}}',
    "pad_value_layer": '''{"v": {"class": "constant", "value": 2.5},
        "output": {"class": "pad", "axes": "F", "padding": (1, 1), "value": "v", "from": "data"}}''',
    "pad_sparse": '{"output": {"class": "pad", "axes": "T", "padding": (1, 1), "value": 4, "from": "data:classes"}}',
    # gather, gather_nd
    "gather_f_pos": '{"output": {"class": "gather", "from": "data", "position": "data:pos", "axis": "F"}}',
    "gather_t_start": '{"output": {"class": "gather", "from": "data", "position": "data:start", "axis": "T"}}',
    "gather_t_pos": '{"output": {"class": "gather", "from": "data", "position": "data:pos", "axis": "T"}}',
    "gather_const": '{"output": {"class": "gather", "from": "data", "position": 2, "axis": "F"}}',
    "gather_sparse": '{"output": {"class": "gather", "from": "data:classes", "position": "data:start", "axis": "T"}}',
    "gather_nd_start": '{"output": {"class": "gather_nd", "from": "data", "position": "data:start"}}',
    "gather_nd_pos": '{"output": {"class": "gather_nd", "from": "data", "position": "data:pos"}}',
    # slice_nd
    "slice_nd_start_layer": '{"output": {"class": "slice_nd", "from": "data", "start": "data:start", "size": 2}}',
    "slice_nd_size_none": '{"output": {"class": "slice_nd", "from": "data", "start": "data:start", "size": None}}',
    "slice_nd_int": '{"output": {"class": "slice_nd", "from": "data", "start": 1, "size": 3}}',
    "slice_nd_per_frame": '{"output": {"class": "slice_nd", "from": "data", "start": "data:pos", "size": 2}}',
    # time_chunking / time_unchunking
    "time_chunking": '{"output": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "data"}}',
    "time_unchunking": '''{"c": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "data"},
        "s": {"class": "shift_axis", "axis": "T", "amount": 1, "adjust_size_info": False, "pad_value": 0.25, "from": "c"},
        "output": {"class": "time_unchunking", "chunking_layer": "c", "from": "s"}}''',
    # postfix_in_time / prefix_in_time
    "postfix_const": '{"output": {"class": "postfix_in_time", "postfix": 0.5, "repeat": 2, "from": "data"}}',
    "postfix_layer": '{"output": {"class": "postfix_in_time", "postfix": "data:vec", "repeat": 1, "from": "data"}}',
    "prefix_const": '{"output": {"class": "prefix_in_time", "prefix": 1.0, "repeat": 2, "from": "data"}}',
    # shift_axis
    "shift_right": '{"output": {"class": "shift_axis", "axis": "T", "amount": 1, "from": "data"}}',
    "shift_left": '{"output": {"class": "shift_axis", "axis": "T", "amount": -2, "pad_value": 9.0, "from": "data"}}',
    "shift_right_no_pad": '{"output": {"class": "shift_axis", "axis": "T", "amount": 1, "pad": False, "from": "data"}}',
    "shift_f_no_pad": '{"output": {"class": "shift_axis", "axis": "F", "amount": -1, "pad": False, "from": "data"}}',
    # seq_len_mask
    "seq_len_mask": '{"output": {"class": "seq_len_mask", "mask_value": -1.0, "axis": "T", "from": "data"}}',
    "seq_len_mask_start": '{"output": {"class": "seq_len_mask", "mask_value": 0.0, "axis": "T", "start": "data:start", "from": "data"}}',
    "seq_len_mask_window": '{"output": {"class": "seq_len_mask", "mask_value": 3.0, "axis": "T", "window_start": "data:start", "window_size": 2, "from": "data"}}',
    # repeat
    "repeat_int": '{"output": {"class": "repeat", "repetitions": 2, "axis": "T", "from": "data"}}',
    "repeat_layer": '{"output": {"class": "repeat", "repetitions": "data:reps", "axis": "T", "from": "data"}}',
    "repeat_f": '{"output": {"class": "repeat", "repetitions": 2, "axis": "F", "from": "data"}}',
    "repeat_sparse": '{"output": {"class": "repeat", "repetitions": "data:reps", "axis": "T", "from": "data:classes"}}',
    # tile
    "tile_f": '{"output": {"class": "tile", "multiples": {"F": 2}, "from": "data"}}',
    "tile_static_spatial": '''{"sd": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
        "output": {"class": "tile", "multiples": {"dim:2": 3, "F": 2}, "from": "sd"}}''',
    # stack
    "stack_default": '''{"a": {"class": "activation", "activation": "tanh", "from": "data"},
        "output": {"class": "stack", "from": ["data", "a"]}}''',
    "stack_axis": '''{"a": {"class": "activation", "activation": "tanh", "from": "data"},
        "output": {"class": "stack", "axis": 3, "from": ["data", "a", "data"]}}''',
    # concat
    "concat_f": '''{"a": {"class": "activation", "activation": "tanh", "from": "data"},
        "output": {"class": "concat", "from": [("data", "F"), ("a", "F")]}}''',
    "concat_f_static_spatial": '''{"sd": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
        "output": {"class": "concat", "from": [("sd", "dim:2"), ("sd", "dim:2")]}}''',
    # split: the parts are the sub-layers "s/0", "s/1", ...
    "split_parent": '{"output": {"class": "split", "num_splits": 3, "from": "data"}}',
    "split_num_f": '''{"s": {"class": "split", "num_splits": 2, "from": "data"},
        "output": {"class": "copy", "from": "s/1"}}''',
    "split_size_f": '''{"s": {"class": "split", "axis": "F", "size_splits": [1, 3, 2], "from": "data"},
        "output": {"class": "copy", "from": "s/1"}}''',
    "split_out_dims": '''{"s": {"class": "split", "axis": feat_dim, "out_dims": [FeatureDim("a", 4), FeatureDim("b", 2)], "from": "data"},
        "output": {"class": "copy", "from": "s/0"}}''',
    "split_static_spatial": '''{"sd": {"class": "split_dims", "axis": "F", "dims": (3, 2), "from": "data"},
        "s": {"class": "split", "axis": "dim:3", "size_splits": [1, 2], "from": "sd"},
        "output": {"class": "copy", "from": "s/1"}}''',
    "split_both_parts": '''{"s": {"class": "split", "size_splits": [2, 4], "from": "data"},
        "output": {"class": "concat", "from": [("s/1", "F"), ("s/0", "F")]}}''',
    "split_combine": '''{"s": {"class": "split", "num_splits": 2, "from": "data"},
        "output": {"class": "combine", "kind": "mul", "from": ["s/0", "s/1"]}}''',
    "split_spatial_ones": '''{"sd": {"class": "split_dims", "axis": "F", "dims": (3, 2), "from": "data"},
        "s": {"class": "split", "axis": "dim:3", "num_splits": 3, "from": "sd"},
        "output": {"class": "copy", "from": "s/2"}}''',
}

# Cases computed with numpy (see the docstring), by name.
NUMPY_CASES = {
    "concat_t": '{"output": {"class": "concat", "from": [("data", "T"), ("data", "T")]}}',
    "concat_t_t2": '{"output": {"class": "concat", "from": [("data", "T"), ("data:data2", "T")]}}',
    "prefix_repeat_layer": '{"output": {"class": "prefix_in_time", "prefix": -0.5, "repeat": "data:start", "from": "data"}}',
}


def short(a):
    """Values as numbers with 9 significant digits (exact for float32)."""
    return [float("%.9g" % v) for v in np.asarray(a, dtype=np.float64).ravel()]


def numpy_concat_t(parts):
    """parts: [(x [B,Ti,F], lens)] -> packed [B, sum Ti, F], lens."""
    total = sum(x.shape[1] for x, _ in parts)
    out = np.zeros((B, total, F), dtype=np.float64)
    lens = np.zeros((B,), dtype=np.int64)
    for b in range(B):
        frames = np.concatenate([x[b, :l[b]] for x, l in parts], axis=0)
        out[b, :len(frames)] = frames
        lens[b] = len(frames)
    return out, lens


def numpy_case(name):
    x, lx = INPUTS["data"]
    x2, lx2 = INPUTS["data2"]
    if name == "concat_t":
        out, lens = numpy_concat_t([(x, lx), (x, lx)])
    elif name == "concat_t_t2":
        out, lens = numpy_concat_t([(x, lx), (x2, lx2)])
    elif name == "prefix_repeat_layer":
        # Sequence b: start[b] frames of -0.5, then its frames.
        reps = INPUTS["start"][0]
        lens = lx + reps
        out = np.zeros((B, int(lens.max()), F), dtype=np.float64)
        for b in range(B):
            out[b, :reps[b]] = -0.5
            out[b, reps[b]:lens[b]] = x[b, :lx[b]]
    else:
        raise KeyError(name)
    return {"shape": list(out.shape), "values": short(out), "dtype": "float32",
            "dims": [{"kind": "B", "size": None, "sizes": None}, {"kind": "T", "size": None, "sizes": lens.tolist()},
                     {"kind": "F", "size": F, "sizes": None}]}


def run_upstream(name, net_text):
    import tensorflow as tf
    from returnn.config import Config
    from returnn.tf.network import TFNetwork

    tf.compat.v1.reset_default_graph()
    ns = {}
    exec(PRELUDE + "\nnetwork = " + net_text, ns)
    config = Config({"extern_data": ns["extern_data"]})
    with tf.Graph().as_default() as graph:
        net = TFNetwork(config=config, train_flag=False)
        net.construct_from_dict(ns["network"])
        out = net.layers["output"].output
        if out.have_batch_axis():
            out = out.copy_as_batch_major()
        feed = {}
        for key, (value, lens) in INPUTS.items():
            d = net.extern_data.data[key]
            feed[d.placeholder] = value
            if lens is not None:
                for size in d.size_placeholder.values():
                    feed[size] = lens
        fetch = {"values": out.placeholder}
        for i, dim in enumerate(out.dims):
            if dim.is_dynamic() and not dim.is_batch_dim():
                dim = dim.get_for_batch_ctx(out.batch, out.control_flow_ctx)
                fetch["sizes%i" % i] = dim.dyn_size_ext.placeholder
        with tf.compat.v1.Session(graph=graph) as session:
            res = session.run(fetch, feed_dict=feed)
    values = np.asarray(res["values"])
    dims = []
    for i, dim in enumerate(out.dims):
        if dim.is_batch_dim():
            kind = "B"
        elif dim.is_dynamic():
            kind = "T"
        elif out.feature_dim_axis == i:
            kind = "F"
        else:
            kind = "S"
        sizes = res.get("sizes%i" % i)
        dims.append({"kind": kind, "size": dim.dimension, "sizes": None if sizes is None else np.asarray(sizes).ravel().tolist()})
    print("%-28s %s -> %s" % (name, out, list(values.shape)))
    entry = {"shape": list(values.shape), "dtype": out.dtype, "dims": dims,
             "values": short(values)}
    if out.sparse_dim is not None:
        entry["sparse_dim"] = out.sparse_dim.dimension
    return entry


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "shape_layers.json")
    cases = []
    for name, text in CASES.items():
        entry = run_upstream(name, text)
        entry.update({"name": name, "network": text, "reference": "returnn"})
        cases.append(entry)
    for name, text in NUMPY_CASES.items():
        entry = numpy_case(name)
        entry.update({"name": name, "network": text, "reference": "numpy"})
        cases.append(entry)
    inputs = {}
    for key, (value, lens) in INPUTS.items():
        inputs[key] = {"shape": list(value.shape), "dtype": str(value.dtype), "values": short(value),
                       "lengths": None if lens is None else lens.tolist()}
    import returnn
    doc = {"generated_by": "Tests/Fixtures/network/make_shape_layers_fixtures.py",
           "returnn_version": returnn.__version__, "prelude": PRELUDE, "inputs": inputs, "cases": cases}
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    print("wrote %s (%i cases)" % (path, len(cases)))


if __name__ == "__main__":
    main()
