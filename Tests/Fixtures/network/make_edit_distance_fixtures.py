#!/usr/bin/env python3
"""Writes edit_distance.json: upstream RETURNN (TF backend) outputs of the `edit_distance` layer
(EditDistanceLayer, returnn/tf/layers/rec.py, on the native EditDistanceOp), the errors of the
`edit_distance` loss (EditDistanceLoss, returnn/tf/layers/basic.py: sparse output, `label_map`,
`ctc_decode`), and `tf_util.ctc_greedy_decode` (returnn/tf/util/basic.py) on fixed scores.

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`, and a C++
compiler for RETURNN's native op); run from this directory: `python3 make_edit_distance_fixtures.py`.
The layer cases use the format of layers_math.json (LayersMathFixture in the Swift tests); the
loss cases store the summed error of one batch (`error:output` before normalisation); the greedy
cases store the decoded labels per sequence.

The `ctc_decode` loss cases use peaked scores on which upstream's `tf.nn.ctc_beam_search_decoder`
(beam 100) and greedy decoding agree (this port decodes greedily; docs/differences.md).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import returnn  # noqa: E402
import returnn.tf.compat as tf_compat  # noqa: E402
import returnn.tf.util.basic as tf_util  # noqa: E402
from returnn.config import Config  # noqa: E402
from returnn.tf.network import TFNetwork  # noqa: E402
from fixture_common import write_fixture  # noqa: E402
from make_layers_math_fixtures import run_case  # noqa: E402
import make_layers_math_fixtures  # noqa: E402

PRELUDE = """from returnn.tf.util.data import batch_dim, SpatialDim, FeatureDim
time_dim = SpatialDim("time")
hyp_time_dim = SpatialDim("hyp-time")
label_dim = FeatureDim("labels", 5)
extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, FeatureDim("scores", 6)]},
    "hyp": {"dim_tags": [batch_dim, hyp_time_dim], "sparse_dim": label_dim, "available_for_inference": True},
    "classes": {"dim_tags": [batch_dim, SpatialDim("ref-time")], "sparse_dim": label_dim, "available_for_inference": True},
    "same": {"dim_tags": [batch_dim, hyp_time_dim], "sparse_dim": label_dim, "available_for_inference": True},
}
"""

B = 3
# Peaked CTC scores over 5 labels + blank (index 5): each frame has one clear winner.
best = np.array([[0, 0, 5, 1, 1, 2], [3, 5, 3, 3, 4, 4], [5, 5, 2, 2, 5, 0]])
scores = np.full((B, 6, 6), 0.02, "float32")
for b in range(B):
    for t in range(6):
        scores[b, t, best[b, t]] = 0.9
scores /= scores.sum(-1, keepdims=True)
INPUTS = {
    "data": (scores, [6, 5, 4]),
    "hyp": (np.array([[1, 2, 3, 4, 0], [1, 1, 2, 0, 0], [4, 3, 2, 1, 0]], "int32"), [4, 3, 5]),
    "classes": (np.array([[1, 3, 3, 4], [0, 0, 0, 0], [2, 3, 4, 0]], "int32"), [4, 0, 4]),
    "same": (np.array([[1, 2, 3, 4, 0], [1, 2, 2, 0, 0], [4, 3, 2, 1, 0]], "int32"), [4, 3, 5]),
}

LAYER_CASES = [
    ("edit_distance_hyp_ref", '{"output": {"class": "edit_distance", "a": "data:hyp", "b": "data:classes"}}', None, []),
    ("edit_distance_ref_hyp", '{"output": {"class": "edit_distance", "a": "data:classes", "b": "data:hyp"}}', None, []),
    ("edit_distance_same_time", '{"output": {"class": "edit_distance", "a": "data:hyp", "b": "data:same"}}', None, []),
    ("edit_distance_spatial_dims",
     '{"output": {"class": "edit_distance", "a": "data:hyp", "b": "data:classes", "a_spatial_dim": hyp_time_dim,'
     ' "b_spatial_dim": "T"}}', None, []),
]

# name, network text (the output layer carries the loss; target "classes").
LOSS_CASES = [
    ("loss_sparse", '{"output": {"class": "copy", "from": "data:hyp", "loss": "edit_distance", "target": "classes"}}'),
    ("loss_sparse_label_map",
     '{"output": {"class": "copy", "from": "data:hyp", "loss": "edit_distance", "target": "classes",'
     ' "loss_opts": {"label_map": {0: 0, 1: 1, 2: 3, 3: 3, 4: 4}}}}'),
    ("loss_sparse_label_map_remove",
     '{"output": {"class": "copy", "from": "data:hyp", "loss": "edit_distance", "target": "classes",'
     ' "loss_opts": {"label_map": {0: None, 1: 1, 2: 2, 3: None, 4: 4}}}}'),
    ("loss_ctc_decode",
     '{"output": {"class": "copy", "from": "data", "loss": "edit_distance", "target": "classes",'
     ' "loss_opts": {"ctc_decode": True}}}'),
    ("loss_ctc_decode_log_space",
     '{"log": {"class": "activation", "from": "data", "activation": "log"},'
     ' "output": {"class": "copy", "from": "log", "loss": "edit_distance", "target": "classes",'
     ' "loss_opts": {"ctc_decode": True, "output_in_log_space": True}}}'),
]


def feed_dict(net):
    feed = {}
    for key, (x, lens) in INPUTS.items():
        d = net.extern_data.data[key]
        feed[d.placeholder] = x
        feed[d.get_sequence_lengths()] = np.array(lens, "int32")
    return feed


def ctc_decode_error(net):
    """EditDistanceLoss.get_error with ctc_decode=True as upstream builds it, with the decoded labels
    cast to int32: upstream itself fails there with TF 2 (`tf.nn.ctc_beam_search_decoder` gives
    int64 labels, the target is int32: "TypeError: Input 'truth_values' of 'EditDistance' Op has
    type int32 that does not match type int64")."""
    loss = net.layers["output"].loss
    loss.init(output=net.layers["output"].output, output_with_activation=net.layers["output"].output_before_activation,
              target=net.extern_data.data["classes"], layer=net.layers["output"])
    logits = tf.transpose(loss.get_output_logits(), [1, 0, 2])
    decoded = tf.nn.ctc_beam_search_decoder(inputs=logits, sequence_length=loss.output_seq_lens)[0][0]
    decoded = tf.SparseTensor(decoded.indices, tf.cast(decoded.values, tf.int32), decoded.dense_shape)
    labels = loss._get_target_sparse_labels()
    return tf.reduce_sum(tf.edit_distance(hypothesis=decoded, truth=labels, normalize=False))


def run_loss_case(name, net_text):
    ns = {}
    exec(PRELUDE + "network = " + net_text, ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"]}), train_flag=False, eval_flag=True)
        net.construct_from_dict(ns["network"])
        if "ctc_decode" in net_text:
            error = ctc_decode_error(net)
        else:
            net.maybe_construct_objective()
            error = net.losses_dict["output"].get_error_value()
        return {"name": name, "network": net_text, "error": float(session.run(error, feed_dict=feed_dict(net)))}


def greedy_cases():
    out = []
    with tf.Graph().as_default(), tf_compat.v1.Session() as session:
        rng = np.random.RandomState(3)
        for name, x, lens in [
            ("peaked", scores, INPUTS["data"][1]),
            ("random", rng.normal(size=(2, 7, 4)).astype("float32"), [7, 3]),
            ("empty", rng.normal(size=(2, 3, 3)).astype("float32"), [0, 3]),
        ]:
            x[..., -1] += 0.5 if name == "random" else 0.0  # more blanks
            decoded = tf_util.ctc_greedy_decode(logits=tf.constant(x), seq_lens=tf.constant(lens, tf.int32), time_major=False)
            dense = tf_compat.v1.sparse_to_dense(decoded.indices, decoded.dense_shape, decoded.values, default_value=-1)
            d = session.run(dense)
            labels = [[int(v) for v in row if v >= 0] for row in d] + [[] for _ in range(len(lens) - d.shape[0])]
            out.append({"name": name, "shape": list(x.shape), "values": [float(v) for v in x.ravel()],
                        "lengths": [int(v) for v in lens], "labels": labels})
    return out


def main():
    make_layers_math_fixtures.PRELUDE = PRELUDE
    make_layers_math_fixtures.INPUTS = INPUTS
    cases = [run_case(*c) for c in LAYER_CASES]
    filename = "edit_distance.json"
    write_fixture(filename, "make_edit_distance_fixtures.py", (returnn.__version__, tf.__version__), PRELUDE, INPUTS, cases)
    import json

    with open(filename) as f:
        d = json.load(f)
    d["loss_cases"] = [run_loss_case(*c) for c in LOSS_CASES]
    d["greedy_cases"] = greedy_cases()
    with open(filename, "w") as f:
        json.dump(d, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s: %i loss cases, %i greedy cases" % (filename, len(d["loss_cases"]), len(d["greedy_cases"])))


if __name__ == "__main__":
    main()
