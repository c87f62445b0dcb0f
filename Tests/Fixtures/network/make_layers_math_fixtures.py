#!/usr/bin/env python3
"""Writes layers_math.json: upstream RETURNN (TF backend) outputs and gradients of the math and
neural layers (compare, switch, cumsum, dot, softmax_over_spatial, gating, conv with groups and
2-D, transposed_conv, norm, math_norm, reduce_out, variable, scaled_grad, get_last_hidden_state).

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`); run from
this directory: `python3 make_layers_math_fixtures.py`. Each case is a net dict (Python text,
evaluated after PRELUDE, which the Swift tests read as config text as well), built with
`TFNetwork.construct_from_dict` without a behavior version, run on the fixed inputs below. A case
stores the parameters (as initialised by TF), the output of layer "output" (and of `extra`
layers) with its dims and dynamic sizes, and for differentiable cases the gradient of
`sum(output * R)` (R[i] = sin(1.3 i + 0.5) over the flat output) with respect to the inputs in
`grad_inputs` and every parameter, from `tf.gradients`.
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

PRELUDE = """from returnn.tf.util.data import batch_dim, SpatialDim, FeatureDim
time_dim = SpatialDim("time")
enc_time_dim = SpatialDim("enc-time")
feat_dim = FeatureDim("feat", 6)
extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, feat_dim]},
    "enc": {"dim_tags": [batch_dim, enc_time_dim, FeatureDim("enc-feat", 6)], "available_for_inference": True},
    "vec": {"dim_tags": [batch_dim, FeatureDim("vec-feat", 6)], "available_for_inference": True},
    "classes": {"dim_tags": [batch_dim, time_dim], "sparse_dim": FeatureDim("classes", 4), "available_for_inference": True},
    "img": {"dim_tags": [batch_dim, SpatialDim("height", 4), SpatialDim("width", 5), FeatureDim("channel", 3)],
            "available_for_inference": True},
}
"""

rng = np.random.RandomState(42)
B = 2
INPUTS = {
    "data": (rng.uniform(-1, 1, (B, 5, 6)).astype("float32"), [5, 3]),
    "enc": (rng.uniform(-1, 1, (B, 4, 6)).astype("float32"), [4, 2]),
    "vec": (rng.uniform(-1, 1, (B, 6)).astype("float32"), None),
    "classes": (rng.randint(0, 4, (B, 5)).astype("int32"), [5, 3]),
    "img": (rng.uniform(-1, 1, (B, 4, 5, 3)).astype("float32"), None),
}
# A few exact ties and zeros for the comparisons.
INPUTS["data"][0][0, 0, :3] = [0.0, 0.25, -0.25]
INPUTS["data"][0][1, 1, 0] = 0.0

# name, network (dict text), inputs to differentiate (None: not differentiable), extra layers to store
CASES = [
    # compare: bool output; kinds and aliases; int (sparse) input; two sources with broadcast
    ("compare_greater_value", '{"output": {"class": "compare", "from": "data", "kind": "greater", "value": 0.0}}', None, []),
    ("compare_equal_value", '{"output": {"class": "compare", "from": "data", "kind": "equal", "value": 0.25}}', None, []),
    ("compare_not_equal_value", '{"output": {"class": "compare", "from": "data", "kind": "!=", "value": 0.0}}', None, []),
    ("compare_less_sources", '{"output": {"class": "compare", "from": ["data", "data:vec"], "kind": "less"}}', None, []),
    ("compare_less_equal_chain",
     '{"output": {"class": "compare", "from": ["data", "data:vec"], "kind": "<=", "value": 0.5}}', None, []),
    ("compare_greater_equal_value", '{"output": {"class": "compare", "from": "data", "kind": ">=", "value": -0.25}}', None, []),
    ("compare_sparse_equal", '{"output": {"class": "compare", "from": "data:classes", "kind": "equal", "value": 2}}', None, []),
    # switch: condition from compare, constants or layers
    ("switch_layers",
     '{"cond": {"class": "compare", "from": "data", "kind": "greater", "value": 0.0},'
     ' "neg": {"class": "activation", "from": "data", "activation": "tanh"},'
     ' "output": {"class": "switch", "condition": "cond", "true_from": "data", "false_from": "neg"}}',
     ["data"], ["cond", "neg"]),
    ("switch_const_false",
     '{"cond": {"class": "compare", "from": "data", "kind": "greater", "value": 0.0},'
     ' "output": {"class": "switch", "condition": "cond", "true_from": "data", "false_from": -1.5}}',
     ["data"], ["cond"]),
    ("switch_broadcast_cond",
     '{"cond": {"class": "compare", "from": "data:classes", "kind": "equal", "value": 1},'
     ' "output": {"class": "switch", "condition": "cond", "true_from": 2.0, "false_from": "data"}}',
     ["data"], ["cond"]),
    # cumsum
    ("cumsum_time", '{"output": {"class": "cumsum", "from": "data"}}', ["data"], []),
    ("cumsum_time_reverse", '{"output": {"class": "cumsum", "from": "data", "reverse": True}}', ["data"], []),
    ("cumsum_feature_summand",
     '{"output": {"class": "cumsum", "from": "data", "axis": "F", "additional_left_summand_per_element": 1.5}}',
     ["data"], []),
    # dot
    ("dot_attention_old",
     '{"output": {"class": "dot", "from": ["data", "data:enc"], "red1": "F", "red2": "F", "var1": "T", "var2": "T"}}',
     ["data", "enc"], []),
    ("dot_attention_auto",
     '{"output": {"class": "dot", "from": ["data", "data:enc"], "reduce": "F", "var1": "auto", "var2": "auto"}}',
     ["data", "enc"], []),
    ("dot_reduce_time_masked",
     '{"lin": {"class": "linear", "from": "data", "n_out": 4, "activation": "tanh", "bias_init": 0.1},'
     ' "output": {"class": "dot", "from": ["data", "lin"], "red1": time_dim, "red2": time_dim, "var1": "F", "var2": "F"}}',
     ["data"], []),
    ("dot_defaults_var2_empty",
     '{"output": {"class": "dot", "from": ["data", "data:vec"], "red1": "F", "red2": "F", "var1": "T", "var2": None}}',
     ["data", "vec"], []),
    ("dot_old_defaults",
     '{"lin": {"class": "linear", "from": "data", "n_out": 4, "activation": "tanh", "bias_init": 0.1},'
     ' "m": {"class": "dot", "from": ["data", "lin"], "red1": "T", "red2": "T", "var1": "F", "var2": "F"},'
     ' "output": {"class": "dot", "from": ["data", "m"]}}',
     ["data"], []),
    # softmax_over_spatial
    ("softmax_over_spatial_time", '{"output": {"class": "softmax_over_spatial", "from": "data"}}', ["data"], []),
    ("softmax_over_spatial_enc_axis",
     '{"att": {"class": "dot", "from": ["data", "data:enc"], "red1": "F", "red2": "F", "var1": "T", "var2": "T"},'
     ' "output": {"class": "softmax_over_spatial", "from": "att", "axis": enc_time_dim, "energy_factor": 0.5}}',
     ["data", "enc"], []),
    ("softmax_over_spatial_log_no_mask",
     '{"output": {"class": "softmax_over_spatial", "from": "data", "use_time_mask": False, "log_space": True}}',
     ["data"], []),
    # start/window_start from other layers ([B] int: the classes of frame 0 and 1, [1, 1] and [2, 0])
    ("softmax_over_spatial_start_layer",
     '{"st": {"class": "gather", "from": "data:classes", "axis": "T", "position": 0},'
     ' "output": {"class": "softmax_over_spatial", "from": "data", "start": "st"}}', ["data"], []),
    ("softmax_over_spatial_window_layer",
     '{"ws": {"class": "gather", "from": "data:classes", "axis": "T", "position": 1},'
     ' "output": {"class": "softmax_over_spatial", "from": "data", "window_start": "ws", "window_size": 2}}',
     ["data"], []),
    ("softmax_over_spatial_static_axis",
     '{"output": {"class": "softmax_over_spatial", "from": "data:img", "axis": "stag:width"}}', ["img"], []),
    # gating
    ("gating_default", '{"output": {"class": "gating", "from": "data", "activation": "tanh"}}', ["data"], []),
    ("gating_two_sources",
     '{"a": {"class": "linear", "from": "data", "n_out": 3, "bias_init": 0.1},'
     ' "b": {"class": "linear", "from": "data", "n_out": 3, "bias_init": -0.1},'
     ' "output": {"class": "gating", "from": ["a", "b"], "activation": "relu", "gate_activation": "tanh"}}',
     ["data"], []),
    # conv: groups, depthwise, 2-D over two static axes, extra axes as batch
    ("conv_groups",
     '{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "same", "n_out": 4, "groups": 2,'
     ' "with_bias": True, "bias_init": 0.1}}', ["data"], []),
    ("conv_depthwise",
     '{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "valid", "n_out": 12, "groups": 6,'
     ' "strides": 2}}', ["data"], []),
    ("conv_depthwise_same_dilated",
     '{"output": {"class": "conv", "from": "data", "filter_size": (2,), "padding": "same", "n_out": 6, "groups": 6,'
     ' "dilation_rate": 2, "activation": "tanh"}}', ["data"], []),
    ("conv_2d_static",
     '{"output": {"class": "conv", "from": "data:img", "filter_size": (3, 2), "padding": "same", "n_out": 4,'
     ' "strides": (2, 1), "in_spatial_dims": ["stag:height", "stag:width"]}}', ["img"], []),
    ("conv_2d_groups_valid",
     '{"output": {"class": "conv", "from": "data:img", "filter_size": (3, 2), "padding": "valid", "n_out": 6, "groups": 3}}',
     ["img"], []),
    ("conv_2d_depthwise",
     '{"output": {"class": "conv", "from": "data:img", "filter_size": (2, 3), "padding": "same", "n_out": 3, "groups": 3,'
     ' "with_bias": True, "bias_init": 0.1}}', ["img"], []),
    ("conv_in_spatial_time_extra_axis",
     '{"split": {"class": "split_dims", "from": "data", "axis": "F", "dims": (2, 3)},'
     ' "output": {"class": "conv", "from": "split", "filter_size": (2,), "padding": "valid", "n_out": 5,'
     ' "in_spatial_dims": ["T"]}}', ["data"], []),
    ("conv_2d_in_spatial_reordered",
     '{"split": {"class": "split_dims", "from": "data", "axis": "F", "dims": (2, 3)},'
     ' "output": {"class": "conv", "from": "split", "filter_size": (2, 2), "padding": "same", "n_out": 4,'
     ' "in_spatial_dims": ["dim:2", "T"]}}', ["data"], []),
    # transposed_conv
    ("transposed_conv_same",
     '{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "strides": (2,), "n_out": 2,'
     ' "bias_init": 0.1}}', ["data"], []),
    ("transposed_conv_valid_remove_padding",
     '{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "strides": (2,), "padding": "valid",'
     ' "n_out": 2, "remove_padding": 1}}', ["data"], []),
    ("transposed_conv_output_padding",
     '{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "strides": (2,), "padding": "same",'
     ' "output_padding": 1, "n_out": 2, "activation": "tanh"}}', ["data"], []),
    ("transposed_conv_default_strides",
     '{"output": {"class": "transposed_conv", "from": "data", "filter_size": (2,), "n_out": 3, "with_bias": False}}',
     ["data"], []),
    ("transposed_conv_2d",
     '{"output": {"class": "transposed_conv", "from": "data:img", "filter_size": (3, 2), "strides": (2, 2), "n_out": 2}}',
     ["img"], []),
    ("transposed_conv_2d_valid",
     '{"output": {"class": "transposed_conv", "from": "data:img", "filter_size": (2, 3), "strides": (1, 2),'
     ' "padding": "valid", "n_out": 2}}', ["img"], []),
    # norm
    ("norm_feature", '{"output": {"class": "norm", "from": "data", "axes": "F"}}', ["data"], []),
    ("norm_time_feature", '{"output": {"class": "norm", "from": "data", "axes": "TF", "epsilon": 0.01}}', ["data"], []),
    ("norm_no_params", '{"output": {"class": "norm", "from": "data", "axis": "T", "scale": False, "bias": False}}',
     ["data"], []),
    # math_norm
    ("math_norm_l2_feature", '{"output": {"class": "math_norm", "from": "data", "p": 2, "axis": "F"}}', ["data"], []),
    ("math_norm_l1_time", '{"output": {"class": "math_norm", "from": "data", "p": 1, "axis": "T"}}', ["data"], []),
    ("math_norm_p3_keep",
     '{"output": {"class": "math_norm", "from": "data", "p": 3, "axes": "F", "keep_dims": True}}', ["data"], []),
    # reduce_out
    ("reduce_out_max", '{"output": {"class": "reduce_out", "from": "data", "mode": "max", "num_pieces": 2}}', ["data"], []),
    ("reduce_out_sum", '{"output": {"class": "reduce_out", "from": "data", "mode": "sum", "num_pieces": 3}}', ["data"], []),
    ("reduce_out_mean", '{"output": {"class": "reduce_out", "from": "data", "mode": "mean", "num_pieces": 2}}',
     ["data"], []),
    # variable
    ("variable_batch",
     '{"output": {"class": "variable", "shape": [3, 4], "init": "glorot_uniform", "add_batch_axis": True}}', [], []),
    ("variable_time_dim_tag", '{"output": {"class": "variable", "shape": [feat_dim], "init": 0.5, "add_time_axis": True}}',
     [], []),
    ("variable_plain_combined",
     '{"v": {"class": "variable", "shape": [feat_dim], "init": "random_normal_initializer(mean=0.0, stddev=0.5)"},'
     ' "output": {"class": "combine", "kind": "mul", "from": ["data", "v"]}}', ["data"], []),
    # scaled_grad
    ("scaled_grad_reversal", '{"output": {"class": "scaled_grad", "from": "data", "scale": -0.5}}', ["data"], []),
    ("scaled_grad_stop", '{"output": {"class": "scaled_grad", "from": "data", "scale": 0}}', ["data"], []),
    # get_last_hidden_state
    ("last_state_lstm_concat",
     '{"lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data"},'
     ' "output": {"class": "get_last_hidden_state", "from": "lstm", "n_out": 6}}', ["data"], []),
    ("last_state_lstm_c",
     '{"lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data"},'
     ' "output": {"class": "get_last_hidden_state", "from": "lstm", "key": "c", "n_out": 3}}', ["data"], []),
    ("last_state_lstm_h_backward",
     '{"lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data", "direction": -1},'
     ' "output": {"class": "get_last_hidden_state", "from": "lstm", "key": "h", "n_out": 3}}', ["data"], []),
    ("last_state_two_add",
     '{"fw": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data"},'
     ' "bw": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data", "direction": -1},'
     ' "output": {"class": "get_last_hidden_state", "from": ["fw", "bw"], "key": "h", "combine": "add", "n_out": 3}}',
     ["data"], []),
]


def run_case(name, net_text, grad_inputs, extra):
    ns = {}
    exec(PRELUDE + "network = " + net_text, ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        tf_compat.v1.set_random_seed(1)
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"]}), train_flag=False)
        net.construct_from_dict(ns["network"])
        session.run(tf_compat.v1.global_variables_initializer())
        feed = {}
        for key, (x, lens) in INPUTS.items():
            d = net.extern_data.data[key]
            feed[d.placeholder] = x
            if lens is not None:
                feed[d.get_sequence_lengths()] = np.array(lens, "int32")
        case = {"name": name, "network": net_text, "outputs": {}, "params": {}}
        variables = tf_compat.v1.global_variables()
        for v, value in zip(variables, session.run(variables)):
            case["params"][v.name[:-2]] = {"shape": list(value.shape), "values": flat(value)}
        for layer_name in ["output"] + extra:
            out = net.layers[layer_name].output
            fetch = {"value": out.placeholder}
            assert out.placeholder is not None, (name, layer_name)
            for i, tag in enumerate(out.dim_tags):
                if tag.is_dynamic() and not tag.is_batch_dim():
                    tag = tag.get_for_batch_ctx(out.batch, out.control_flow_ctx)
                    fetch[i] = tag.dyn_size_ext.placeholder
                    assert fetch[i] is not None, (name, layer_name, tag)
            got = session.run(fetch, feed_dict=feed)
            sizes = {i: got[i] for i in fetch if i != "value"}
            case["outputs"][layer_name] = entry(out, got["value"], sizes)
        if grad_inputs is not None:
            case["grads"] = gradients(session, feed, net.layers["output"].output.placeholder, INPUTS,
                                      [net.extern_data.data[k].placeholder for k in grad_inputs], variables,
                                      list(grad_inputs) + [v.name[:-2] for v in variables])
        return case


def main():
    cases = [run_case(*c) for c in CASES]
    write_fixture("layers_math.json", "make_layers_math_fixtures.py", (returnn.__version__, tf.__version__), PRELUDE, INPUTS, cases)


if __name__ == "__main__":
    main()
