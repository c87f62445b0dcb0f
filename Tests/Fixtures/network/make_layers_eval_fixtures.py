#!/usr/bin/env python3
"""Writes layers_eval.json: upstream RETURNN (TF backend) outputs and gradients of `eval` layers
(and `combine` with `kind="eval"`): TF ops (`tf.*`, `tf.math.*`, `tf.nn.*`), reductions, the
`returnn.tf.util.basic` helpers of the eval namespace (`where_bc`, `safe_log`, ...),
`source(i, as_data=True)` (placeholder, sequence lengths, axes), `self.network.get_config()`,
`eval_locals`, `out_type`, config functions as `eval`.

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`); run from
this directory: `python3 make_layers_eval_fixtures.py`. Each case is a net dict (Python text,
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

PRELUDE = """from returnn.tf.util.data import batch_dim, SpatialDim, FeatureDim
time_dim = SpatialDim("time")
feat_dim = FeatureDim("feat", 6)
extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, feat_dim]},
    "vec": {"dim_tags": [batch_dim, FeatureDim("vec-feat", 6)], "available_for_inference": True},
    "classes": {"dim_tags": [batch_dim, time_dim], "sparse_dim": FeatureDim("classes", 4), "available_for_inference": True},
}
eval_scale = 0.5


def eval_fn(source, self, **kwargs):
    import tensorflow as tf
    return tf.nn.relu(source(0)) * kwargs["factor"]
"""

rng = np.random.RandomState(42)
B = 2
INPUTS = {
    "data": (rng.uniform(-1, 1, (B, 5, 6)).astype("float32"), [5, 3]),
    "vec": (rng.uniform(-1, 1, (B, 6)).astype("float32"), None),
    "classes": (rng.randint(0, 4, (B, 5)).astype("int32"), [5, 3]),
}

# name, network (dict text), inputs to differentiate (None: not differentiable), extra layers to store
CASES = [
    # tf ops and Python operators on tensors
    ("eval_tf_elementwise",
     '{"output": {"class": "eval", "from": "data", "eval": "tf.tanh(source(0)) * 2.0 + tf.exp(-tf.abs(source(0))) - source(0) ** 2"}}',
     ["data"], []),
    ("eval_tf_math_nn",
     '{"output": {"class": "eval", "from": "data",'
     ' "eval": "tf.math.log1p(tf.nn.relu(source(0))) + tf.math.sigmoid(source(0)) * tf.nn.softplus(source(0)) + tf.nn.elu(source(0))"}}',
     ["data"], []),
    ("eval_tf_pow_clip",
     '{"output": {"class": "eval", "from": "data",'
     ' "eval": "tf.pow(tf.abs(source(0)) + 0.5, 1.5) + tf.maximum(source(0), -0.2) + tf.clip_by_value(source(0), -0.3, 0.3)"}}',
     ["data"], []),
    ("eval_tf_pow_tensor",
     '{"output": {"class": "eval", "from": "data", "eval": "tf.pow(tf.abs(source(0)) + 0.5, source(0))"}}',
     ["data"], []),
    ("eval_tf_reduce",
     '{"output": {"class": "eval", "from": "data",'
     ' "eval": "source(0) - tf.reduce_mean(source(0), axis=-1, keepdims=True) + tf.reduce_max(source(0), axis=2, keepdims=True)"}}',
     ["data"], []),
    ("eval_tf_softmax",
     '{"output": {"class": "eval", "from": "data", "eval": "tf.nn.log_softmax(source(0)) + tf.nn.softmax(source(0), axis=-1)"}}',
     ["data"], []),
    # returnn.tf.util.basic helpers in the eval namespace
    ("eval_where_bc",
     '{"output": {"class": "eval", "from": "data", "eval": "where_bc(tf.greater(source(0), 0.0), source(0), 0.1 * source(0))"}}',
     ["data"], []),
    ("eval_safe_log_softmax",
     '{"sm": {"class": "activation", "from": "data", "activation": "softmax"},'
     ' "output": {"class": "eval", "from": "sm", "eval": "safe_log(source(0))"}}',
     ["data"], []),
    ("eval_safe_log_plain",
     '{"output": {"class": "eval", "from": "data", "eval": "safe_log(tf.abs(source(0)))"}}',
     ["data"], []),
    ("eval_get_shape",
     '{"output": {"class": "eval", "from": "data", "eval": "source(0) * float(get_shape(source(0))[-1]) + get_ndim(source(0))"}}',
     ["data"], []),
    # source(i, as_data=True): placeholder, sequence lengths, axes
    ("eval_as_data_mask",
     '{"output": {"class": "eval", "from": "data",'
     ' "eval": "source(0, as_data=True).placeholder * tf.cast(tf.expand_dims(tf.sequence_mask('
     'source(0, as_data=True).get_sequence_lengths(), maxlen=tf.shape(source(0))[source(0, as_data=True).time_dim_axis]), -1), tf.float32)"}}',
     ["data"], []),
    ("eval_as_data_axes",
     '{"output": {"class": "eval", "from": "data",'
     ' "eval": "tf.reverse(source(0), axis=[source(0, as_data=True).time_dim_axis]) * float(source(0, as_data=True).dim)'
     ' + float(source(0, as_data=True).feature_dim_axis)"}}',
     ["data"], []),
    # config access, eval_locals, function as eval
    ("eval_get_config",
     '{"output": {"class": "eval", "from": "data", "eval": "source(0) * self.network.get_config().float(\'eval_scale\', 1.0)"}}',
     ["data"], []),
    ("eval_locals",
     '{"output": {"class": "eval", "from": "data", "eval": "source(0) * scale + offset", "eval_locals": {"scale": 0.3, "offset": 1.0}}}',
     ["data"], []),
    ("eval_function",
     '{"output": {"class": "eval", "from": "data", "eval": eval_fn, "eval_locals": {"factor": 3.0}}}',
     ["data"], []),
    # out_type, two sources, combine kind eval
    ("eval_out_type",
     '{"output": {"class": "eval", "from": "data", "eval": "tf.reduce_sum(source(0), axis=-1, keepdims=True)",'
     ' "out_type": {"shape": (None, 1), "dim": 1}}}',
     ["data"], []),
    ("combine_eval_broadcast",
     '{"output": {"class": "combine", "kind": "eval", "from": ["data", "data:vec"],'
     ' "eval": "source(0) * source(1) + tf.square(source(1))"}}',
     ["data", "vec"], []),
    ("combine_eval_activation",
     '{"output": {"class": "combine", "kind": "eval", "from": ["data", "data"], "eval": "source(0) - 0.5 * source(1)",'
     ' "activation": "tanh"}}',
     ["data"], []),
    # int input
    ("eval_int_classes",
     '{"output": {"class": "eval", "from": "data:classes", "eval": "tf.cast(tf.equal(source(0), 2), tf.float32) * 1.5",'
     ' "out_type": {"dtype": "float32", "sparse": False, "shape": (None,), "dim": None}}}',
     None, []),
]


def run_case(name, net_text, grad_inputs, extra):
    ns = {}
    exec(PRELUDE + "network = " + net_text, ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        tf_compat.v1.set_random_seed(1)
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"], "eval_scale": ns["eval_scale"]}), train_flag=False)
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
    write_fixture("layers_eval.json", "make_layers_eval_fixtures.py", (returnn.__version__, tf.__version__), PRELUDE, INPUTS, cases)


if __name__ == "__main__":
    main()
