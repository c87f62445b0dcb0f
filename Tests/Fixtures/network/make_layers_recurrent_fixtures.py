#!/usr/bin/env python3
"""Writes layers_recurrent.json: upstream RETURNN (TF backend) outputs and gradients of the layers
that also run frame by frame in rec units: rnn_cell, self_attention, positional_encoding,
relative_positional_encoding, cum_concat.

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`); run from
this directory: `python3 make_layers_recurrent_fixtures.py`. Same format as
make_layers_math_fixtures.py: each case is a net dict (Python text after PRELUDE) built with
`TFNetwork.construct_from_dict` without a behavior version and run on the fixed inputs; it stores
the parameters, the outputs (batch-major, as swift-returnn lays them out) with dims and dynamic
sizes, and the gradient of `sum(output * R)` (R[i] = sin(1.3 i + 0.5) over the flat batch-major
output). Trainable initial states ("var", zeros at init) are set to sin(0.7 i) after init, so
they matter. Cases named `loop_*` run the layer inside a `rec` unit frame by frame
(`optimize_move_layers_out: False`): the per-frame reference.
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
new_dim = SpatialDim("cum-concat")
extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, feat_dim]},
    "enc": {"dim_tags": [batch_dim, enc_time_dim, FeatureDim("enc-feat", 6)], "available_for_inference": True},
    "vec": {"dim_tags": [batch_dim, FeatureDim("vec-feat", 6)], "available_for_inference": True},
}
"""

rng = np.random.RandomState(42)
B = 2
INPUTS = {
    "data": (rng.uniform(-1, 1, (B, 5, 6)).astype("float32"), [5, 3]),
    "enc": (rng.uniform(-1, 1, (B, 4, 6)).astype("float32"), [4, 2]),
    "vec": (rng.uniform(-1, 1, (B, 6)).astype("float32"), None),
}


def loop(unit):
    return '{"output": {"class": "rec", "from": "data", "optimize_move_layers_out": False, "unit": %s}}' % unit


SA = '"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6'
# name, network (dict text), inputs to differentiate (None: not differentiable), extra layers to store
CASES = [
    # rnn_cell over whole sequences
    ("rnn_cell_lstmblock", '{"output": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 3, "from": "data"}}', ["data"], []),
    ("rnn_cell_basiclstm_var",
     '{"output": {"class": "rnn_cell", "unit": "BasicLSTM", "n_out": 3, "from": "data", "initial_state": "var",'
     ' "unit_opts": {"forget_bias": 0.5}}}', ["data"], []),
    ("rnn_cell_standardlstm_layers",
     '{"c0": {"class": "linear", "activation": "tanh", "n_out": 3, "from": "data:vec"},'
     ' "h0": {"class": "linear", "activation": None, "n_out": 3, "from": "data:vec"},'
     ' "output": {"class": "rnn_cell", "unit": "StandardLSTM", "n_out": 3, "from": "data", "initial_state": {"c": "c0", "h": "h0"}},'
     ' "last": {"class": "get_last_hidden_state", "from": "output", "n_out": 6, "is_output_layer": True}}', ["data", "vec"], ["last"]),
    ("rnn_cell_gru_var", '{"output": {"class": "rnn_cell", "unit": "GRU", "n_out": 4, "from": "data", "initial_state": "var"}}',
     ["data"], []),
    ("rnn_cell_basicrnn_ones",
     '{"output": {"class": "rnn_cell", "unit": "BasicRNN", "n_out": 3, "from": "data", "initial_state": "ones"},'
     ' "last": {"class": "get_last_hidden_state", "from": "output", "key": None, "n_out": 3, "is_output_layer": True}}', ["data"], ["last"]),
    ("rnn_cell_gru_enc_last",
     '{"enc_rnn": {"class": "rec", "unit": "gru", "n_out": 3, "from": "data:enc"},'
     ' "enc_last": {"class": "get_last_hidden_state", "from": "enc_rnn", "n_out": 3},'
     ' "output": {"class": "rnn_cell", "unit": "GRU", "n_out": 3, "from": "data", "initial_state": "enc_last"}}',
     ["data", "enc"], []),
    # rnn_cell frame by frame in a rec unit
    ("loop_rnn_cell_lstmblock_var",
     loop('{"cell": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 3, "from": "data:source", "initial_state": "var"},'
          ' "output": {"class": "copy", "from": "cell"}}'), None, []),
    ("loop_rnn_cell_gru", loop('{"cell": {"class": "rnn_cell", "unit": "GRU", "n_out": 3, "from": "data:source"},'
                               ' "output": {"class": "copy", "from": "cell"}}'), None, []),
    # self_attention
    ("self_att", '{"output": {%s, "from": "data"}}' % SA, ["data"], []),
    ("self_att_left", '{"output": {%s, "from": "data", "attention_left_only": True}}' % SA, ["data"], []),
    ("self_att_rel_pos",
     '{"rel": {"class": "relative_positional_encoding", "from": "data", "n_out": 2, "clipping": 2},'
     ' "output": {%s, "from": "data", "key_shift": "rel"}}' % SA, ["data"], ["rel"]),
    ("loop_self_att_rel_pos",
     loop('{"rel": {"class": "relative_positional_encoding", "from": "data:source", "n_out": 2, "clipping": 2},'
          ' "att": {%s, "from": "data:source", "attention_left_only": True, "key_shift": "rel"},'
          ' "output": {"class": "copy", "from": "att"}}' % SA), None, []),
    # positional encodings
    ("pos_enc_add", '{"output": {"class": "positional_encoding", "from": "data", "add_to_input": True}}', ["data"], []),
    ("pos_enc_odd", '{"output": {"class": "positional_encoding", "from": "data", "n_out": 5}}', None, []),
    ("pos_enc_constant", '{"output": {"class": "positional_encoding", "from": "data", "n_out": 4, "constant": 3}}', None, []),
    ("loop_pos_enc",
     loop('{"pe": {"class": "positional_encoding", "from": "data:source", "add_to_input": True},'
          ' "output": {"class": "copy", "from": "pe"}}'), None, []),
    ("rel_pos_fixed", '{"output": {"class": "relative_positional_encoding", "from": "data", "n_out": 4, "clipping": 3, "fixed": True}}',
     None, []),
    # cum_concat frame by frame, summed over its new axis
    ("loop_cum_concat",
     loop('{"cc": {"class": "cum_concat", "from": "data:source", "out_spatial_dim": new_dim},'
          ' "output": {"class": "reduce", "mode": "sum", "from": "cc", "axis": new_dim}}'), None, []),
]


def run_case(name, net_text, grad_inputs, extra):
    ns = {}
    exec(PRELUDE + "network = " + net_text, ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        tf_compat.v1.set_random_seed(1)
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"]}), train_flag=False)
        net.construct_from_dict(ns["network"])
        session.run(tf_compat.v1.global_variables_initializer())
        variables = tf_compat.v1.global_variables()
        for v in variables:
            if v.name.split("/")[-1].startswith("initial_"):
                n = int(np.prod(v.shape.as_list()))
                v.load(np.sin(0.7 * np.arange(n)).reshape(v.shape.as_list()).astype("float32"), session)
        feed = {}
        for key, (x, lens) in INPUTS.items():
            d = net.extern_data.data[key]
            feed[d.placeholder] = x
            if lens is not None:
                feed[d.get_sequence_lengths()] = np.array(lens, "int32")
        case = {"name": name, "network": net_text, "outputs": {}, "params": {}}
        for v, value in zip(variables, session.run(variables)):
            case["params"][v.name[:-2]] = {"shape": list(value.shape), "values": flat(value)}
        for layer_name in ["output"] + extra:
            out = net.layers[layer_name].output
            if out.have_batch_axis():
                out = out.copy_as_batch_major()
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
            out = net.layers["output"].output
            out = out.copy_as_batch_major().placeholder if out.have_batch_axis() else out.placeholder
            case["grads"] = gradients(session, feed, out, INPUTS, [net.extern_data.data[k].placeholder for k in grad_inputs], variables,
                                      list(grad_inputs) + [v.name[:-2] for v in variables])
        return case


def main():
    cases = [run_case(*c) for c in CASES]
    write_fixture("layers_recurrent.json", "make_layers_recurrent_fixtures.py", (returnn.__version__, tf.__version__), PRELUDE, INPUTS, cases)


if __name__ == "__main__":
    main()
