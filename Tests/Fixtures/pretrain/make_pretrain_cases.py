#!/usr/bin/env python3
"""Generates pretrain_cases.json: the pretrain schedules upstream RETURNN builds for a set of configs.

Needs upstream RETURNN (rwth-i6/returnn) importable, e.g.
    PYTHONPATH=/path/to/returnn-checkout python3 make_pretrain_cases.py > pretrain_cases.json
Each case is a Python config text; the output has, per case, the number of pretrain epochs, the
net dict of every pretrain epoch (and of the first epoch after), the repetitions and str(pretrain).
The Swift tests (Tests/ReturnnTrainingTests/PretrainReferenceTests.swift) load the same config
texts through ReturnnConfig and compare.
"""

import json
import os
import sys
import tempfile

from returnn.config import Config
from returnn.pretrain import pretrain_from_config

MLP2 = """
network = {
    "hidden_0": {"class": "linear", "n_out": 7, "dropout": 0.1, "activation": "relu"},
    "hidden_1": {"class": "linear", "n_out": 8, "dropout": 0.1, "activation": "relu", "from": ["hidden_0"]},
    "output": {"class": "softmax", "loss": "ce", "from": ["hidden_1"]},
}
"""

BLSTM3 = """
def lstm(reverse, src=None):
    d = {"class": "lstm_opt", "n_out": 500, "dropout": 0.1, "sampling": 1, "reverse": reverse}
    if src:
        d["from"] = src
    return d

network = {
    "lstm0_fw": lstm(False), "lstm0_bw": lstm(True),
    "lstm1_fw": lstm(False, ["lstm0_fw", "lstm0_bw"]), "lstm1_bw": lstm(True, ["lstm0_fw", "lstm0_bw"]),
    "lstm2_fw": lstm(False, ["lstm1_fw", "lstm1_bw"]), "lstm2_bw": lstm(True, ["lstm1_fw", "lstm1_bw"]),
    "output": {"class": "softmax", "loss": "ce", "from": ["lstm2_fw", "lstm2_bw"]},
}
"""

MLP3_WINDOW = """
network = {
    "window": {"class": "window", "window_size": 3, "trainable": False},
    "hidden_0": {"class": "linear", "n_out": 10, "activation": "tanh", "from": ["window"]},
    "hidden_1": {"class": "linear", "n_out": 11, "activation": "tanh", "from": ["hidden_0"]},
    "hidden_2": {"class": "linear", "n_out": 12, "activation": "tanh", "from": ["hidden_1"]},
    "output": {"class": "softmax", "loss": "ce", "from": ["hidden_2"]},
}
"""

MLP_POOL = """
network = {
    "hidden_0": {"class": "linear", "n_out": 10, "activation": "tanh"},
    "pool": {"class": "copy", "trainable": False, "from": ["hidden_0"]},
    "hidden_1": {"class": "linear", "n_out": 11, "activation": "tanh", "from": ["pool"]},
    "output": {"class": "softmax", "loss": "ce", "from": ["hidden_1"]},
}
"""

CUSTOM = """
def custom_construction_algo(idx, net_dict):
    if idx >= 2:
        return None
    keep = ["lstm%i_fw" % i for i in range(idx + 1)] + ["lstm%i_bw" % i for i in range(idx + 1)]
    for name in list(net_dict.keys()):
        if name.startswith("lstm") and name not in keep:
            del net_dict[name]
    net_dict["output"]["from"] = ["lstm%i_fw" % idx, "lstm%i_bw" % idx]
    net_dict["#config"] = {"batch_size": 1000 * (idx + 1), "learning_rate": 0.01}
    net_dict["#repetition"] = idx + 2
    if idx == 1:
        net_dict["#copy_param_mode"] = "subset"
    return net_dict

pretrain = {"construction_algo": custom_construction_algo, "copy_param_mode": "ifpossible"}
"""

CASES = [
    ("mlp2_default", "pretrain = 'default'\n" + MLP2),
    ("blstm3_default", "pretrain = 'default'\n" + BLSTM3),
    ("blstm3_from_input", "pretrain = {'construction_algo': 'from_input'}\n" + BLSTM3),
    ("window_from_output", "pretrain = 'default'\n" + MLP3_WINDOW),
    ("window_from_input", "pretrain = 'default'\npretrain_construction_algo = 'from_input'\n" + MLP3_WINDOW),
    ("pool_from_input", "pretrain = {'construction_algo': 'from_input'}\n" + MLP_POOL),
    ("pool_from_output", "pretrain = True\n" + MLP_POOL),
    ("no_modifications", "pretrain = {'construction_algo': 'no_network_modifications', 'repetitions': 3}\n" + MLP2),
    ("repetitions_int", "pretrain = {'repetitions': 2}\n" + BLSTM3),
    ("repetitions_list", "pretrain = 'default'\npretrain_repetitions = [1, 2]\n" + BLSTM3),
    ("repetitions_dict_final", "pretrain = {'repetitions': {'default': 2, 'final': 1}}\n" + BLSTM3),
    ("repetitions_dict_index", "pretrain = {'repetitions': {'default': 1, 1: 3}}\n" + BLSTM3),
    ("custom_function", CUSTOM + BLSTM3),
]


def random_cases(seed=42, count=24):
    """Random layer DAGs (lists as `from`, some non-trainable layers), both built-in algorithms.
    Nets for which upstream raises (e.g. an assertion in from_output) are left out."""
    import random

    rnd = random.Random(seed)
    cases = []
    attempt = 0
    while len(cases) < count:
        attempt += 1
        n = rnd.randint(2, 7)
        net = {}
        names = []
        for i in range(n):
            name = "l%i" % i
            layer = {"class": "linear", "n_out": rnd.randint(2, 9)}
            candidates = ["data"] + names
            k = rnd.randint(1, min(2, len(candidates)))
            srcs = rnd.sample(candidates[-3:], min(k, len(candidates[-3:])))
            if srcs != ["data"] or rnd.random() < 0.5:
                layer["from"] = srcs
            if rnd.random() < 0.25:
                layer["trainable"] = False
            net[name] = layer
            names.append(name)
        out_srcs = rnd.sample(names[-2:], rnd.randint(1, min(2, len(names))))
        net["output"] = {"class": "softmax", "loss": "ce", "from": out_srcs}
        algo = rnd.choice(["from_output", "from_input"])
        text = "pretrain = {'construction_algo': %r}\nnetwork = %r\n" % (algo, net)
        try:
            run_case(text)
        except Exception:
            continue
        cases.append(("random_%i_%s" % (attempt, algo), text))
    return cases


def run_case(text):
    with tempfile.NamedTemporaryFile("w", suffix=".config", delete=False) as f:
        f.write("#!returnn.py\n" + text)
        path = f.name
    try:
        config = Config()
        config.load_file(path)
    finally:
        os.unlink(path)
    pretrain = pretrain_from_config(config)
    n = pretrain.get_train_num_epochs()
    return {
        "num_epochs": n,
        "repetitions": list(pretrain.repetitions),
        "description": str(pretrain),
        "nets": [pretrain.get_network_json_for_epoch(e) for e in range(1, n + 2)],
    }


def main():
    out = []
    for name, text in CASES + random_cases():
        case = {"name": name, "config": text}
        case.update(run_case(text))
        out.append(case)
    json.dump({"generator": "Tests/Fixtures/pretrain/make_pretrain_cases.py", "cases": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
