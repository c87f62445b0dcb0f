#!/usr/bin/env python3
"""Writes layers_attention.json: upstream RETURNN (TF backend) outputs and gradients of the attention
layers (dot_attention, concat_attention, generic_attention, gauss_window_attention, combine_dims)
and of softmax_over_spatial with per-decoder-frame start/window layers.

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`); run from
this directory: `python3 make_layers_attention_fixtures.py`. The file has the format of
layers_math.json (see make_layers_math_fixtures.py): each case has `network`, the net dict the Swift
tests build (whole sequences: the query `data` is `[B, T, F]`), and, where upstream only runs the
layer per frame (dot/concat/gauss_window attention assert a query without time axis), `upstream`,
the net dict run here instead: the same layer inside a `rec` unit (query `data:source` `[B, F]`,
`optimize_move_layers_out` False so that it stays in the loop), whose stacked frames are the
reference for both forms. Parameters of the unit (`output/rec/output/v`) are stored under the
whole-sequence name (`output/v`). Gradients of `sum(output * R)` come from `tf.gradients` through
the loop (built with train_flag=True, which these layers ignore otherwise).

Two upstream defects are patched here, and the Swift layers follow the intent instead:
`gauss_window_attention` with `inner_size` fails in upstream's `get_out_data_from_opts` ("setting
the shape is not allowed"); the patch adds the inner axis as a static dim tag before the feature
axis, upstream's computation is unchanged. `combine_dims` with `"axes": "static"` (as
demos/demo-tf-att-copy.config uses it) fails upstream's keep_order assertion; its reference is
upstream `merge_dims` with `keep_order=False` (the old combine_dims behaviour).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import returnn  # noqa: E402
import returnn.tf.compat as tf_compat  # noqa: E402
from returnn.config import Config  # noqa: E402
from returnn.tf.network import TFNetwork  # noqa: E402
from fixture_common import entry, flat, gradients, write_fixture  # noqa: E402
from returnn.tf.util.data import Dim  # noqa: E402
from returnn.tf.layers.rec import AttentionBaseLayer, GaussWindowAttentionLayer  # noqa: E402


def _gauss_window_out(cls, inner_size=None, name=None, **kwargs):
    out = AttentionBaseLayer.get_out_data_from_opts.__func__(cls, name=name, **kwargs)
    if inner_size:
        tag = Dim(kind=Dim.Types.Spatial, dimension=inner_size, description="%s:inner" % name)
        out = out.copy_add_dim_by_tag(tag, unbroadcast=True, axis=out.feature_dim_axis)
    return out


GaussWindowAttentionLayer.get_out_data_from_opts = classmethod(_gauss_window_out)

PRELUDE = """from returnn.tf.util.data import batch_dim, SpatialDim, FeatureDim
time_dim = SpatialDim("time")
enc_time_dim = SpatialDim("enc-time")
extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, FeatureDim("feat", 6)]},
    "enc": {"dim_tags": [batch_dim, enc_time_dim, FeatureDim("enc-feat", 5)], "available_for_inference": True},
    "classes": {"dim_tags": [batch_dim, time_dim], "sparse_dim": FeatureDim("classes", 4), "available_for_inference": True},
}
"""

rng = np.random.RandomState(17)
B = 2
INPUTS = {
    "data": (rng.uniform(-1, 1, (B, 4, 6)).astype("float32"), [4, 2]),
    "enc": (rng.uniform(-1, 1, (B, 5, 5)).astype("float32"), [5, 3]),
    "classes": (rng.randint(0, 4, (B, 4)).astype("int32"), [4, 2]),
}
# As start/window start frames: below each encoder length (3 for sequence 1), so that no decoder
# frame has all encoder frames masked (a NaN softmax, which JSON cannot hold).
INPUTS["classes"][0][:] = [[3, 0, 2, 1], [2, 0, 1, 2]]

ENC_CTX = '"enc_ctx": {"class": "linear", "from": "data:enc", "n_out": 6, "activation": "tanh"}'
ENC_VAL = '"enc_val": {"class": "linear", "from": "data:enc", "n_out": 4, "activation": None}'


def rec(unit, outer=""):
    """The upstream form: `unit` (text of the unit's layers) inside a rec over `data`."""
    return ('{%s"output": {"class": "rec", "from": "data", "optimize_move_layers_out": False, "unit": {%s}}}'
            % (outer + ", " if outer else "", unit))


T_LAYERS = ('"tsl": {"class": "slice", "from": "%s", "axis": "F", "slice_start": 0, "slice_end": 1},'
            ' "t": {"class": "eval", "from": "tsl", "eval": "source(0) * 3.5 + 1.5"}')
ENERGY = ('"energy": {"class": "dot", "from": ["data", "enc_ctx"], "red1": "F", "red2": "F", "var1": "T",'
          ' "var2": "stag:enc-time"}')

# name, network (the Swift whole-sequence form), upstream form (None: the same), inputs to differentiate, extra layers
CASES = [
    ("dot_attention",
     '{%s, "output": {"class": "dot_attention", "from": "data", "base": "data:enc", "base_ctx": "enc_ctx"}}' % ENC_CTX,
     rec('"output": {"class": "dot_attention", "from": "data:source", "base": "base:data:enc", "base_ctx": "base:enc_ctx"}',
         ENC_CTX),
     ["data", "enc"], []),
    ("dot_attention_energy_factor",
     '{%s, %s, "output": {"class": "dot_attention", "from": "data", "base": "enc_val", "base_ctx": "enc_ctx",'
     ' "energy_factor": 0.5, "n_out": 4}}' % (ENC_CTX, ENC_VAL),
     rec('"output": {"class": "dot_attention", "from": "data:source", "base": "base:enc_val", "base_ctx": "base:enc_ctx",'
         ' "energy_factor": 0.5, "n_out": 4}', ENC_CTX + ", " + ENC_VAL),
     ["data", "enc"], []),
    ("concat_attention",
     '{%s, "output": {"class": "concat_attention", "from": "data", "base": "data:enc", "base_ctx": "enc_ctx"}}' % ENC_CTX,
     rec('"output": {"class": "concat_attention", "from": "data:source", "base": "base:data:enc", "base_ctx": "base:enc_ctx"}',
         ENC_CTX),
     ["data", "enc"], []),
    ("generic_attention",
     '{%s, %s, "w": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim},'
     ' "output": {"class": "generic_attention", "weights": "w", "base": "data:enc"}}' % (ENC_CTX, ENERGY),
     None, ["data", "enc"], ["w"]),
    ("generic_attention_squeeze",
     '{%s, %s, "w": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim},'
     ' "w1": {"class": "expand_dims", "from": "w", "axis": "spatial"},'
     ' "output": {"class": "generic_attention", "weights": "w1", "base": "data:enc"}}' % (ENC_CTX, ENERGY),
     None, ["data", "enc"], []),
    ("gauss_window_attention",
     '{%s, "output": {"class": "gauss_window_attention", "from": "t", "window_size": 3, "base": "data:enc"}}'
     % (T_LAYERS % "data"),
     rec('%s, "output": {"class": "gauss_window_attention", "from": "t", "window_size": 3, "base": "base:data:enc"}'
         % (T_LAYERS % "data:source")),
     ["data", "enc"], []),
    ("gauss_window_attention_inner",
     '{%s, "output": {"class": "gauss_window_attention", "from": "t", "window_size": 4, "std": 0.7, "inner_size": 3,'
     ' "inner_size_step": 0.5, "base": "data:enc"}}' % (T_LAYERS % "data"),
     rec('%s, "output": {"class": "gauss_window_attention", "from": "t", "window_size": 4, "std": 0.7, "inner_size": 3,'
         ' "inner_size_step": 0.5, "base": "base:data:enc"}' % (T_LAYERS % "data:source")),
     ["data", "enc"], []),
    ("combine_dims_static",
     '{%s, "att": {"class": "gauss_window_attention", "from": "t", "window_size": 3, "inner_size": 2, "base": "data:enc"},'
     ' "output": {"class": "combine_dims", "axes": "static", "from": "att"}}' % (T_LAYERS % "data"),
     rec('%s, "att": {"class": "gauss_window_attention", "from": "t", "window_size": 3, "inner_size": 2,'
         ' "base": "base:data:enc"}, "output": {"class": "merge_dims", "axes": "static", "keep_order": False, "from": "att"}'
         % (T_LAYERS % "data:source")),
     ["data", "enc"], []),
    ("softmax_over_spatial_start_per_frame",
     '{%s, %s, "output": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim, "start": "data:classes"}}'
     % (ENC_CTX, ENERGY), None, ["data", "enc"], ["energy"]),
    ("softmax_over_spatial_window_per_frame",
     '{%s, %s, "output": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim,'
     ' "window_start": "data:classes", "window_size": 2}}' % (ENC_CTX, ENERGY), None, ["data", "enc"], ["energy"]),
]


def param_name(name):
    """The whole-sequence name of a parameter of the rec unit."""
    return name.replace("output/rec/", "", 1)


def run_case(name, net_text, upstream_text, grad_inputs, extra):
    ns = {}
    exec(PRELUDE + "network = " + (upstream_text or net_text), ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        tf_compat.v1.set_random_seed(1)
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"]}), train_flag=upstream_text is not None)
        net.construct_from_dict(ns["network"])
        session.run(tf_compat.v1.global_variables_initializer())
        feed = {}
        for key, (x, lens) in INPUTS.items():
            d = net.extern_data.data[key]
            feed[d.placeholder] = x
            feed[d.get_sequence_lengths()] = np.array(lens, "int32")
        case = {"name": name, "network": net_text, "outputs": {}, "params": {}}
        if upstream_text:
            case["upstream"] = upstream_text
        variables = tf_compat.v1.global_variables()
        for v, value in zip(variables, session.run(variables)):
            case["params"][param_name(v.name[:-2])] = {"shape": list(value.shape), "values": flat(value)}
        outputs = {}
        for layer_name in ["output"] + extra:
            out = net.layers[layer_name].output.copy_as_batch_major()
            fetch = {"value": out.placeholder}
            for i, tag in enumerate(out.dim_tags):
                if tag.is_dynamic() and not tag.is_batch_dim():
                    tag = tag.get_for_batch_ctx(out.batch, out.control_flow_ctx)
                    fetch[i] = tag.dyn_size_ext.placeholder
            got = session.run(fetch, feed_dict=feed)
            sizes = {i: got[i] for i in fetch if i != "value"}
            case["outputs"][layer_name] = entry(out, got["value"], sizes)
            outputs[layer_name] = out
        case["grads"] = gradients(session, feed, outputs["output"].placeholder, INPUTS,
                                  [net.extern_data.data[k].placeholder for k in grad_inputs], variables,
                                  list(grad_inputs) + [param_name(v.name[:-2]) for v in variables])
        return case


def main():
    cases = [run_case(*c) for c in CASES]
    write_fixture("layers_attention.json", "make_layers_attention_fixtures.py", (returnn.__version__, tf.__version__), PRELUDE, INPUTS, cases)


if __name__ == "__main__":
    main()
