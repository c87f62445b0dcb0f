#!/usr/bin/env python3
"""Writes losses.json: an independent numpy (float64) reference for the frame-wise losses.

Run from this directory: `python3 make_losses_fixtures.py`. A batch of B=2 sequences of lengths
[3, 2] padded to T=3 frames, D=4 classes/features; padding frames hold nonzero values that must not
count. Each case gives, following RETURNN (returnn/tf/layers/basic.py loss classes, summed over the
valid frames as Loss.reduce_func does), the loss value, the error (default: frame errors, argmax of
the output vs the label or the dense target's argmax), and the gradient of the value with respect
to the inputs named in the case (analytic formulas, checked here against central differences).
"""
import json

import numpy as np

B, T, D = 2, 3, 4
LENS = [3, 2]
rng = np.random.RandomState(42)

x = rng.uniform(-2, 2, size=(B, T, D))            # logits / raw outputs
labels = rng.randint(0, D, size=(B, T))
soft = rng.uniform(0.1, 1.0, size=(B, T, D))
soft /= soft.sum(-1, keepdims=True)                # dense soft targets (distributions)
real = rng.uniform(-1.5, 1.5, size=(B, T, D))      # real-valued dense targets
binary = rng.randint(0, 2, size=(B, T, D)).astype(np.float64)
binary[0, 1, 2] = 0.3                              # a soft binary target
mask = np.zeros((B, T))
for b, n in enumerate(LENS):
    mask[b, :n] = 1
w = mask[..., None]


def log_softmax(z):
    m = z.max(-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))


def softmax(z):
    return np.exp(log_softmax(z))


probs = softmax(x)
onehot = np.eye(D)[labels]


def frame_errors(scores, target_labels):
    return float(((scores.argmax(-1) != target_labels) * mask).sum())


def smoothed(ls):
    conf, low = 1 - ls, ls / (D - 1)
    q = np.full((B, T, D), low)
    q[onehot == 1] = conf
    norm = -(conf * np.log(conf) + (D - 1) * low * np.log(low + 1e-20))
    return q, norm


def fd_check(f, arr, grad, name):
    """Central differences of f w.r.t. every element of arr, against the analytic grad."""
    h = 1e-6
    num = np.zeros_like(arr)
    for i in np.ndindex(arr.shape):
        old = arr[i]
        arr[i] = old + h
        fp = f()
        arr[i] = old - h
        fm = f()
        arr[i] = old
        num[i] = (fp - fm) / (2 * h)
    assert np.allclose(num, grad, atol=1e-6, rtol=1e-5), (name, np.abs(num - grad).max())


cases = {}


def add(name, f, error, grads):
    """grads: {input name: (array, analytic gradient)}."""
    for key, (arr, g) in grads.items():
        fd_check(f, arr, g, name + "/" + key)
    cases[name] = {"value": float(f()), "error": error}
    for key, (_, g) in grads.items():
        cases[name]["grad_" + key] = g.ravel().tolist()


# ce, sparse target, fused on logits (also input_type="logits" and use_fused=False on a softmax layer).
add("ce_sparse_logits", lambda: float((-(log_softmax(x) * onehot).sum(-1) * mask).sum()),
    frame_errors(x, labels), {"x": (x, (softmax(x) - onehot) * w)})

# ce, sparse target, label_smoothing 0.1 on logits.
q, norm = smoothed(0.1)
add("ce_sparse_logits_ls", lambda: float(((-(q * log_softmax(x)).sum(-1) - norm) * mask).sum()),
    frame_errors(x, labels), {"x": (x, (softmax(x) - q) * w)})

# ce, sparse target, on probabilities (no softmax layer): -safe_log(p[t]).
add("ce_sparse_probs", lambda: float((-(np.log(probs) * onehot).sum(-1) * mask).sum()),
    frame_errors(probs, labels), {"probs": (probs, -onehot / probs * w)})

# ce, sparse target, label_smoothing 0.2 on probabilities (smoothing_cross_entropy, logits_are_normalized).
q2, norm2 = smoothed(0.2)
add("ce_sparse_probs_ls", lambda: float(((-(q2 * np.log(probs)).sum(-1) - norm2) * mask).sum()),
    frame_errors(probs, labels), {"probs": (probs, -q2 / probs * w)})

# ce, dense target, on logits: softmax_cross_entropy_with_logits (gradient into the target too).
add("ce_dense_logits", lambda: float((-(soft * log_softmax(x)).sum(-1) * mask).sum()),
    frame_errors(x, soft.argmax(-1)),
    {"x": (x, (soft.sum(-1, keepdims=True) * softmax(x) - soft) * w), "target": (soft, -log_softmax(x) * w)})

# ce, dense target, on probabilities: -sum t log p.
add("ce_dense_probs", lambda: float((-(soft * np.log(probs)).sum(-1) * mask).sum()),
    frame_errors(probs, soft.argmax(-1)), {"probs": (probs, -soft / probs * w), "target": (soft, -np.log(probs) * w)})

# mse, sparse target (one-hot), output = softmax probabilities.
add("mse_sparse", lambda: float((((probs - onehot) ** 2).mean(-1) * mask).sum()),
    frame_errors(probs, labels), {"probs": (probs, 2 * (probs - onehot) / D * w)})

# mse, dense real target.
add("mse_dense", lambda: float((((x - real) ** 2).mean(-1) * mask).sum()),
    frame_errors(x, real.argmax(-1)), {"x": (x, 2 * (x - real) / D * w), "target": (real, -2 * (x - real) / D * w)})

# l1: sum |t - o|.
add("l1", lambda: float((np.abs(real - x).sum(-1) * mask).sum()),
    frame_errors(x, real.argmax(-1)), {"x": (x, np.sign(x - real) * w), "target": (real, np.sign(real - x) * w)})

# mean_l1: per frame mean |t - o|.
add("mean_l1", lambda: float((np.abs(real - x).mean(-1) * mask).sum()),
    frame_errors(x, real.argmax(-1)), {"x": (x, np.sign(x - real) / D * w), "target": (real, np.sign(real - x) / D * w)})


def sig(z):
    return 1 / (1 + np.exp(-z))


def bin_error():
    return float((((x > 0) != (binary > 0.5)) * w).sum() / D)


# bin_ce: sigmoid_cross_entropy_with_logits, summed, / dim.
add("bin_ce", lambda: float(((np.logaddexp(0, x) - binary * x) * w).sum() / D), bin_error(),
    {"x": (x, (sig(x) - binary) / D * w), "target": (binary, -x / D * w)})

# bin_ce with pos_weight 2.5: weighted_cross_entropy_with_logits.
PW = 2.5


def weighted_bce():
    lw = 1 + (PW - 1) * binary
    return float((((1 - binary) * x + lw * np.logaddexp(0, -x)) * w).sum() / D)


lw = 1 + (PW - 1) * binary
add("bin_ce_pos_weight", weighted_bce, bin_error(),
    {"x": (x, ((1 - binary) - lw * sig(-x)) / D * w),
     "target": (binary, (-x + (PW - 1) * np.logaddexp(0, -x)) / D * w)})

# as_is: the sum of the output over the valid frames.
add("as_is", lambda: float((x * w).sum()), None, {"x": (x, np.broadcast_to(w, x.shape).copy())})

out = {
    "generator": "Tests/Fixtures/network/make_losses_fixtures.py",
    "batch": B, "time": T, "dim": D, "lens": LENS,
    "x": x.ravel().tolist(), "probs": probs.ravel().tolist(), "labels": labels.ravel().tolist(),
    "soft": soft.ravel().tolist(), "real": real.ravel().tolist(), "binary": binary.ravel().tolist(),
    "label_smoothing": [0.1, 0.2], "pos_weight": PW,
    "cases": cases,
}
with open("losses.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
