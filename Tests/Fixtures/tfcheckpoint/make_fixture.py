#!/usr/bin/env python3
"""Makes the TensorFlow checkpoint fixtures of this directory with TensorFlow and upstream RETURNN.

Run with a Python that has tensorflow and returnn installed (e.g. the peers venv), from anywhere:
    PYTHON=/path/to/venv/bin/python; $PYTHON Tests/Fixtures/tfcheckpoint/make_fixture.py

It writes:
- bundle.index, bundle.data-00000-of-00001: tensors of every dtype we read (float32 matrix and
  vector, float64, int32, int64 scalar, string scalar and vector), written by TensorFlow's own
  SaveV2 op in name order. Tests read it and check that our writer produces the same bytes.
- 12ax/model.002.index, 12ax/model.002.data-00000-of-00001: upstream RETURNN's 12AX demo
  (one NativeLstm2 layer, Adam) trained for 2 epochs with `debug_save_updater_vars = True`, so the
  checkpoint also holds upstream's Adam slots (`optimize/...`) and `global_step`. The `.meta` graph
  (150 KB) is left out: nothing reads it.
- 12ax/upstream.json: upstream's dev score and error of epoch 2, the global step, and the versions.
- 12ax/12ax.config: the config used (the tests run our eval of model.002 with it).
Training takes a few minutes (TensorFlow compiles the NativeLstm2 op first).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = """#!returnn.py
# Upstream RETURNN's demo-tf-native-lstm2.12ax, 2 epochs; made by make_fixture.py.
import os
use_tensorflow = True
task = "train"
train = {"class": "Task12AXDataset", "num_seqs": 1000}
dev = {"class": "Task12AXDataset", "num_seqs": 100, "fixed_random_seed": 1}
num_inputs = 9
num_outputs = 2
batching = "random"
batch_size = 5000
max_seqs = 10
chunking = "0"
network = {
    "fw0": {"class": "rec", "unit": "nativelstm2", "n_out": 10, "dropout": 0.1, "from": "data"},
    "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]},
}
optimizer = {"class": "adam"}
learning_rate = 0.01
model = os.environ.get("FIXTURE_OUT", ".") + "/model"
learning_rate_file = os.environ.get("FIXTURE_OUT", ".") + "/learning_rates"
num_epochs = 2
log_verbosity = 3
"""


def make_bundle():
    names = ["a/W", "a/b", "count", "f64", "i32", "s", "sv"]
    values = [
        np.arange(6, dtype=np.float32).reshape(2, 3) - np.float32(1.5),
        np.array([1e-8, -3.4e38], np.float32),
        np.array(123456789012, np.int64),
        np.array([0.1, -1e300], np.float64),
        np.array([-7, 2**31 - 1], np.int32),
        np.array(b"swift-returnn 0.1.0"),
        np.array([b"x", b"", b"hello"]),
    ]
    prefix = os.path.join(HERE, "bundle")
    tf.raw_ops.SaveV2(prefix=prefix, tensor_names=names, shape_and_slices=[""] * len(names),
                      tensors=[tf.constant(v) for v in values])
    print("wrote", prefix + ".index", prefix + ".data-00000-of-00001")


def make_12ax():
    out = os.path.join(HERE, "12ax")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "12ax.config"), "w") as f:
        f.write(CONFIG)
    work = tempfile.mkdtemp()
    try:
        env = dict(os.environ, FIXTURE_OUT=work)
        cmd = [sys.executable, "-m", "returnn", os.path.join(out, "12ax.config"), "++debug_save_updater_vars", "True"]
        subprocess.run(cmd, env=env, check=True, cwd=work)
        for ext in [".index", ".data-00000-of-00001"]:
            shutil.copy(os.path.join(work, "model.002" + ext), os.path.join(out, "model.002" + ext))
        from returnn.learning_rate_control import LearningRateControl

        lrc = LearningRateControl(default_learning_rate=0.01, filename=os.path.join(work, "learning_rates"))
        data = lrc.epoch_data[2]
        reader = tf.train.load_checkpoint(os.path.join(work, "model.002"))
        import returnn

        info = {
            "epoch": 2,
            "dev_score": data.error["dev_score"],
            "dev_error": data.error["dev_error"],
            "global_step": int(reader.get_tensor("global_step")),
            "variables": sorted(n for n, _ in tf.train.list_variables(os.path.join(work, "model.002"))),
            "returnn": returnn.__version__,
            "tensorflow": tf.__version__,
        }
        with open(os.path.join(out, "upstream.json"), "w") as f:
            json.dump(info, f, indent=1, sort_keys=True)
            f.write("\n")
        print(json.dumps(info, indent=1, sort_keys=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    make_bundle()
    make_12ax()
