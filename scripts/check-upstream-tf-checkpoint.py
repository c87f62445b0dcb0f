#!/usr/bin/env python3
"""Checks that upstream RETURNN (TensorFlow backend) reads the TF checkpoints swift-returnn writes.

1. Trains demos/12ax.config for 2 epochs with our `returnn` (checkpoint_format "tf", the default
   there), keeping our dev score of epoch 2.
2. Upstream RETURNN evaluates our model.002 (`++task eval ++load .../model.002`): its dev score must
   equal ours (float tolerance).
3. Upstream RETURNN continues our training for one epoch from our model.002 (found as
   model.002.index in its model directory): it must load it and its model.003 must continue our
   global step. (Upstream re-initialises its optimizer slots on every resume, so it does not use
   the Adam state we store under its names `optimize/...`.)

Run with a Python that has upstream RETURNN and TensorFlow (e.g. the peers venv), from the repo:
    $VENV/bin/python scripts/check-upstream-tf-checkpoint.py [--returnn .build/release/returnn] [--keep DIR]
Exits non-zero if a check fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0:
        sys.stdout.write(p.stdout[-4000:])
        raise SystemExit("failed (%d): %s" % (p.returncode, " ".join(cmd)))
    return p.stdout


def dev_lines(out):
    return re.findall(r"^dev: score (\S+) error (\S+)", out, re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--returnn", default=os.path.join(REPO, ".build/release/returnn"), help="our returnn binary")
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    config = os.path.join(REPO, "demos/12ax.config")
    ok = True
    try:
        ours = os.path.join(work, "ours")
        out = run([args.returnn, config, "++model", ours + "/model", "++num_epochs", "2", "++learning_rate_file", ours + "/lr"])
        our_score, our_error = dev_lines(out)[-1]
        print("ours:     files %s" % sorted(f for f in os.listdir(ours) if f.startswith("model.002")))
        print("ours:     epoch 2 dev score %s error %s" % (our_score, our_error))

        up = os.path.join(work, "upstream-eval")
        out = run([sys.executable, "-m", "returnn", config, "++task", "eval", "++load", ours + "/model.002",
                   "++model", up + "/model", "++learning_rate_file", up + "/lr", "++log_verbosity", "3"])
        up_score, up_error = dev_lines(out)[-1]
        rel = abs(float(up_score) - float(our_score)) / abs(float(our_score))
        print("upstream: eval of our model.002: dev score %s error %s (relative difference of the score %.2e)" % (up_score, up_error, rel))
        ok &= rel < 1e-5 and abs(float(up_error) - float(our_error)) < 1e-6

        cont = os.path.join(work, "upstream-continue")
        os.makedirs(cont, exist_ok=True)
        for f in os.listdir(ours):
            if f.startswith("model."):
                shutil.copy(os.path.join(ours, f), cont)
        out = run([sys.executable, "-m", "returnn", config, "++model", cont + "/model", "++num_epochs", "3",
                   "++learning_rate_file", ours + "/lr", "++log_verbosity", "4"])
        loaded = [l for l in out.splitlines() if l.startswith("loading weights from ")]
        epoch3 = [l for l in out.splitlines() if l.startswith("epoch 3 score:")]
        print("upstream: continue training: %s; %s; %s" % (loaded[-1] if loaded else "no 'loading weights' line",
                                                          epoch3[-1] if epoch3 else "no epoch 3", "dev: score %s error %s" % dev_lines(out)[-1]))
        import tensorflow as tf

        step2 = int(tf.train.load_checkpoint(ours + "/model.002").get_tensor("global_step"))
        r3 = tf.train.load_checkpoint(cont + "/model.003")
        step3 = int(r3.get_tensor("global_step"))
        print("upstream: global_step of our epoch 2 = %d, of upstream's epoch 3 = %d" % (step2, step3))
        steps = re.findall(r"^train epoch 3, finished after (\d+) steps", out, re.M)
        ok &= bool(loaded) and bool(epoch3) and bool(steps) and step2 > 0 and step3 == step2 + int(steps[-1])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
