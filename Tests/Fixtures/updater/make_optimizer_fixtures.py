#!/usr/bin/env python3
"""Writes optimizer_fixtures.json: several steps of each optimizer on a small tensor, computed by
TensorFlow's own optimizers (tf.compat.v1.train.*, Keras AdamW/SGD), which is what RETURNN's TF
backend uses. RETURNN's own AMSGradOptimizer cannot run in TF2 as written upstream (its slots are
created for an empty var_list), so its documented update rule is computed here in float32 numpy.

Run (needs tensorflow, e.g. `pip install tensorflow-cpu` in a venv outside the repo):
    python3 Tests/Fixtures/updater/make_optimizer_fixtures.py > Tests/Fixtures/updater/optimizer_fixtures.json
"""
import json
import sys

import numpy as np
import tensorflow as tf
import keras

SHAPE = (5, 7)  # 35 values: two full SIMD16 vectors and a tail of 3
STEPS = 4


def data(seed):
    rng = np.random.RandomState(seed)
    init = rng.uniform(-1.0, 1.0, size=SHAPE).astype(np.float32)
    grads = [(rng.normal(size=SHAPE) * 0.5).astype(np.float32) for _ in range(STEPS)]
    grads[1].flat[3] = 0.0  # an exact zero gradient somewhere
    return init, grads


class NesterovAdam(tf.compat.v1.train.AdamOptimizer):
    """The TF1-contrib Nadam that RETURNN keeps as NadamOptimizer: TF's Adam kernel with use_nesterov."""

    def _resource_apply_dense(self, grad, var):
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        return tf.raw_ops.ResourceApplyAdam(
            var=var.handle, m=m.handle, v=v.handle,
            beta1_power=tf.cast(beta1_power, grad.dtype), beta2_power=tf.cast(beta2_power, grad.dtype),
            lr=tf.cast(self._lr_t, grad.dtype), beta1=tf.cast(self._beta1_t, grad.dtype),
            beta2=tf.cast(self._beta2_t, grad.dtype), epsilon=tf.cast(self._epsilon_t, grad.dtype),
            grad=grad, use_locking=self._use_locking, use_nesterov=True)


def run_tf_v1(make_opt, init, grads):
    var = tf.Variable(init)
    opt = make_opt()
    out = []
    for g in grads:
        opt.apply_gradients([(tf.constant(g), var)])
        out.append(var.numpy().copy())
    # Slots in TF's creation order, which is the order of the checkpoint names <var>/Adam, <var>/Adam_1, ...
    order = ["m", "v", "accum", "accum_update", "accumulator", "rms", "mg", "momentum"]
    slots = [opt.get_slot(var, name).numpy() for name in sorted(opt.get_slot_names(), key=order.index)]
    return out, slots


def run_keras(make_opt, init, grads):
    var = tf.Variable(init)
    opt = make_opt()
    out = []
    for g in grads:
        opt.apply_gradients([(tf.constant(g), var)])
        out.append(var.numpy().copy())
    return out, []


def run_amsgrad(lr, init, grads, beta1=0.9, beta2=0.99, epsilon=1e-16, decay=False):
    f = np.float32
    x = init.copy()
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    v_hat = np.zeros_like(x)
    t = f(0)
    out = []
    for g in grads:
        t = f(t + f(1))
        lr_t = f(lr) / np.sqrt(t) if decay else f(lr)
        m = f(beta1) * m + f(1 - beta1) * g
        v = f(beta2) * v + f(1 - beta2) * g * g
        v_hat = np.maximum(v_hat, v)
        x = x + (-lr_t) * m / (f(epsilon) + np.sqrt(v_hat))
        out.append(x.astype(np.float32).copy())
    return out, [m, v, v_hat]


def main():
    v1 = tf.compat.v1.train
    cases = []

    def add(name, config, lr, runner, make_opt, seed, **kw):
        init, grads = data(seed)
        if runner is run_amsgrad:
            expected, slots = run_amsgrad(lr, init, grads, **kw)
        else:
            expected, slots = runner(make_opt, init, grads)
        cases.append({
            "name": name,
            "config": config,
            "learning_rate": lr,
            "shape": list(SHAPE),
            "init": init.flatten().tolist(),
            "grads": [g.flatten().tolist() for g in grads],
            "expected": [e.flatten().tolist() for e in expected],
            "slots": [s.flatten().tolist() for s in slots],
        })

    add("gradientdescent", 'optimizer = {"class": "gradientdescent"}', 0.1, run_tf_v1,
        lambda: v1.GradientDescentOptimizer(0.1), 1)
    add("momentum", 'optimizer = {"class": "momentum", "momentum": 0.9}', 0.05, run_tf_v1,
        lambda: v1.MomentumOptimizer(0.05, momentum=0.9), 2)
    add("momentum_nesterov", 'optimizer = {"class": "MomentumOptimizer", "momentum": 0.8, "use_nesterov": True}', 0.05,
        run_tf_v1, lambda: v1.MomentumOptimizer(0.05, momentum=0.8, use_nesterov=True), 3)
    add("adam_default_epsilon", 'optimizer = {"class": "adam"}', 0.01, run_tf_v1,
        lambda: v1.AdamOptimizer(0.01, epsilon=1e-16), 4)
    add("adam_kwargs", 'optimizer = {"class": "Adam", "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8}', 0.01, run_tf_v1,
        lambda: v1.AdamOptimizer(0.01, beta1=0.8, beta2=0.99, epsilon=1e-8), 5)
    add("adam_multiplier", 'optimizer = {"class": "adam", "learning_rate_multiplier": 0.5}', 0.02, run_tf_v1,
        lambda: v1.AdamOptimizer(0.01, epsilon=1e-16), 6)
    add("nadam", 'optimizer = {"class": "nadam", "epsilon": 1e-8}', 0.01, run_tf_v1,
        lambda: NesterovAdam(0.01, epsilon=1e-8), 7)
    add("adadelta", 'optimizer = {"class": "adadelta", "epsilon": 1e-6}', 1.0, run_tf_v1,
        lambda: v1.AdadeltaOptimizer(1.0, epsilon=1e-6), 8)
    add("adadelta_default", 'optimizer = {"class": "adadelta", "rho": 0.9}', 1.0, run_tf_v1,
        lambda: v1.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-16), 9)
    add("adagrad", 'optimizer = {"class": "adagrad"}', 0.1, run_tf_v1,
        lambda: v1.AdagradOptimizer(0.1), 10)
    add("rmsprop", 'optimizer = {"class": "rmsprop"}', 0.01, run_tf_v1,
        lambda: v1.RMSPropOptimizer(0.01, epsilon=1e-16), 11)
    add("rmsprop_centered_momentum", 'optimizer = {"class": "RMSProp", "decay": 0.8, "momentum": 0.5, "centered": True, "epsilon": 1e-6}',
        0.01, run_tf_v1, lambda: v1.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, centered=True, epsilon=1e-6), 12)
    add("adamw", 'optimizer = {"class": "adamw"}', 0.01, run_keras,
        lambda: keras.optimizers.AdamW(learning_rate=0.01, epsilon=1e-16), 13)
    add("adamw_amsgrad", 'optimizer = {"class": "AdamW", "weight_decay": 0.1, "beta_1": 0.8, "amsgrad": True, "epsilon": 1e-7}',
        0.01, run_keras, lambda: keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1, beta_1=0.8, amsgrad=True,
                                                        epsilon=1e-7), 14)
    add("keras_sgd_nesterov", 'optimizer = {"class": "sgd", "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}',
        0.05, run_keras, lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), 15)
    add("keras_sgd", 'optimizer = {"class": "sgd"}', 0.1, run_keras, lambda: keras.optimizers.SGD(learning_rate=0.1), 16)
    add("amsgrad", 'optimizer = {"class": "amsgrad"}', 0.01, run_amsgrad, None, 17)
    add("amsgrad_decay", 'optimizer = {"class": "AMSGradOptimizer", "decay": True, "beta2": 0.999, "epsilon": 1e-8}', 0.01,
        run_amsgrad, None, 18, decay=True, beta2=0.999, epsilon=1e-8)

    # One case per line, so that diffs of a regenerated file stay readable.
    header = json.dumps("Tests/Fixtures/updater/make_optimizer_fixtures.py (TensorFlow %s, Keras %s, numpy %s)"
                        % (tf.__version__, keras.__version__, np.__version__))
    sys.stdout.write('{"generated_by": %s,\n "cases": [\n' % header)
    sys.stdout.write(",\n".join("  " + json.dumps(c) for c in cases))
    sys.stdout.write("\n]}\n")


if __name__ == "__main__":
    main()
