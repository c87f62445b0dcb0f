#!/usr/bin/env python3
"""Writes beam_search.json: upstream RETURNN (TF backend) beam search on fixed weights, the
reference of swift-returnn's search (RecLoopLayer+Search.swift, ChoiceLayer, DecideLayer).

Needs a Python with RETURNN and TensorFlow (e.g. `pip install returnn tensorflow-cpu`); run from
this directory: `python3 make_beam_search_fixtures.py`. Each case is a net dict (Python text after
PRELUDE) built with `TFNetwork(search_flag=True)`; the parameters are initialised with a fixed
seed, scaled by SCALE (5, so that the scores change from frame to frame) and rounded to the 6
digits the fixture stores (and loaded back, so that both sides use the same numbers), with the
bias of label 0 (EOS) of `prob` raised by EOS_BIAS (1) so that hypotheses end at various lengths.
The cheating cases also feed `classes` (the true labels). It stores the parameters, and per case: the labels of every hypothesis of `output`
(batch-major `[B * beam, T]`), their lengths and beam scores, and the labels and lengths of
`decision`.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "network"))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import returnn  # noqa: E402
import returnn.tf.compat as tf_compat  # noqa: E402
from returnn.config import Config  # noqa: E402
from returnn.tf.network import TFNetwork  # noqa: E402
from fixture_common import flat  # noqa: E402
import json  # noqa: E402

PRELUDE = """extern_data = {"data": {"sparse": True, "dim": 6}, "classes": {"sparse": True, "dim": 4}}
"""

SCALE, EOS_BIAS = float(os.environ.get("SCALE", "5")), float(os.environ.get("EOS_BIAS", "1"))
rng = np.random.RandomState(7)
INPUTS = {"data": (rng.randint(0, 6, (3, 5)).astype("int32"), [5, 3, 4]),
          # The true labels for cheating (label 0 = EOS ends them).
          "classes": (rng.randint(1, 4, (3, 4)).astype("int32"), [4, 2, 3])}


def decoder(choice_opts, rec_opts='"max_seq_len": "max_len_from(\'base:encoder\') * 2"', end=True):
    return """{
    "embed": {"class": "linear", "activation": None, "from": "data", "n_out": 5},
    "encoder": {"class": "linear", "activation": "tanh", "from": "embed", "n_out": 6},
    "enc_ctx": {"class": "linear", "activation": None, "from": "encoder", "n_out": 6},
    "output": {"class": "rec", "from": [], "target": "classes", %s, "unit": {
        "emb": {"class": "linear", "activation": None, "from": "output", "n_out": 3},
        "s": {"class": "rnn_cell", "unit": "LSTMBlock", "from": ["prev:emb", "prev:att"], "n_out": 6},
        "att": {"class": "dot_attention", "from": "s", "base": "base:encoder", "base_ctx": "base:enc_ctx"},
        "prob": {"class": "softmax", "from": ["s", "att"], "target": "classes"},
        "output": {"class": "choice", "from": "prob", "target": "classes", %s},%s
    }},
    "decision": {"class": "decide", "from": "output", "is_output_layer": True},
}""" % (rec_opts, choice_opts, '\n        "end": {"class": "compare", "from": "output", "value": 0},' if end else "")


# name, network (dict text)
CASES = [
    ("beam3", decoder('"beam_size": 3, "initial_output": 0')),
    ("beam4_no_length_norm", decoder('"beam_size": 4, "initial_output": 0, "length_normalization": False')),
    ("greedy", decoder('"beam_size": 1, "initial_output": 0')),
    ("beam3_log_prob_scaled", decoder('"beam_size": 3, "initial_output": 0, "input_type": "prob", "length_normalization_exponent": 0.5')),
    ("beam2_include_eos", decoder('"beam_size": 2, "initial_output": 0',
                                  rec_opts='"max_seq_len": 7, "include_eos": True')),
    ("beam3_over_input", """{
    "embed": {"class": "linear", "activation": None, "from": "data", "n_out": 5},
    "encoder": {"class": "linear", "activation": "tanh", "from": "embed", "n_out": 6},
    "output": {"class": "rec", "from": "encoder", "target": "classes", "unit": {
        "emb": {"class": "linear", "activation": None, "from": "prev:output", "n_out": 3},
        "s": {"class": "rnn_cell", "unit": "LSTMBlock", "from": ["data:source", "emb"], "n_out": 6},
        "prob": {"class": "softmax", "from": "s", "target": "classes"},
        "output": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 3, "initial_output": 0},
    }},
    "decision": {"class": "decide", "from": "output", "is_output_layer": True},
}"""),
    ("beam3_cheating", decoder('"beam_size": 3, "initial_output": 0, "cheating": True', rec_opts='"max_seq_len": 4')),
    ("beam3_cheating_exclusive", decoder('"beam_size": 3, "initial_output": 0, "cheating": "exclusive"', rec_opts='"max_seq_len": 4')),
]


def run_case(name, net_text):
    ns = {}
    exec(PRELUDE + "network = " + net_text, ns)
    with tf.Graph().as_default() as graph, tf_compat.v1.Session(graph=graph) as session:
        tf_compat.v1.set_random_seed(3)
        net = TFNetwork(config=Config({"extern_data": ns["extern_data"]}), train_flag=False, eval_flag=False, search_flag=True)
        net.construct_from_dict(ns["network"])
        session.run(tf_compat.v1.global_variables_initializer())
        variables = tf_compat.v1.global_variables()
        case = {"name": name, "network": net_text, "params": {}, "outputs": {}}
        for v, value in zip(variables, session.run(variables)):
            value = value.copy() * SCALE
            if v.name[:-2] == "output/rec/prob/b":
                value[0] += EOS_BIAS
            value = np.array(flat(value), dtype="float32").reshape(value.shape)
            v.load(value, session)
            case["params"][v.name[:-2]] = {"shape": list(value.shape), "values": flat(value)}
        feed = {}
        for key, (x, lens) in INPUTS.items():
            d = net.extern_data.data[key]
            if key == "classes" and "cheating" not in net_text:
                continue
            feed[d.placeholder] = x
            feed[d.get_sequence_lengths()] = np.array(lens, "int32")
        out = net.layers["output"].output.copy_as_batch_major()
        dec = net.layers["decision"].output.copy_as_batch_major()
        fetch = {
            "labels": out.placeholder, "lengths": out.get_sequence_lengths(),
            "scores": net.layers["output"].get_search_choices().beam_scores,
            "decision": dec.placeholder, "decision_lengths": dec.get_sequence_lengths(),
        }
        got = session.run(fetch, feed_dict=feed)
        case["outputs"] = {
            "labels": {"shape": list(got["labels"].shape), "values": [int(v) for v in got["labels"].ravel()]},
            "lengths": [int(v) for v in got["lengths"]],
            "scores": flat(got["scores"]),
            "decision": {"shape": list(got["decision"].shape), "values": [int(v) for v in got["decision"].ravel()]},
            "decision_lengths": [int(v) for v in got["decision_lengths"]],
        }
        print(name, "lengths", case["outputs"]["lengths"], "decision lengths", case["outputs"]["decision_lengths"])
        return case


def main():
    cases = [run_case(*c) for c in CASES]
    out = {"generated_by": "Tests/Fixtures/search/make_beam_search_fixtures.py", "returnn": returnn.__version__,
           "tensorflow": tf.__version__, "prelude": PRELUDE,
           "inputs": {k: {"shape": list(x.shape), "values": [int(v) for v in x.ravel()], "lengths": lens} for k, (x, lens) in INPUTS.items()},
           "cases": cases}
    with open("beam_search.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote beam_search.json: %i cases" % len(cases))


if __name__ == "__main__":
    main()
