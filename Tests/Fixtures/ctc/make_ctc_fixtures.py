#!/usr/bin/env python3
"""Writes ctc_torch.json: an independent PyTorch reference for the Ctc kernel.

For each case, batch-major float32 logits [B, T, V] (blank = V - 1, as RETURNN's `ctc` loss),
padded targets [B, S], input and target lengths. The reference is
torch.nn.functional.ctc_loss(log_softmax(logits), blank=V-1, reduction="none",
zero_infinity=False) computed in float64 on the float32-rounded logits, and the gradient of
each sequence's loss w.r.t. its logits through autograd (sum of the feasible losses; padded
frames get 0). Infeasible sequences (target longer than the input allows) have loss null
(torch gives +inf); their gradient rows are written as zeros (torch's own backward gives
NaN there, 0 * inf), which is what the Swift kernel returns.

Needs torch (a CPU wheel in a virtualenv outside the repository is enough). Run from anywhere:
python3 make_ctc_fixtures.py (writes next to this script).
"""
import json
import math
import os

import torch


def make_case(gen, name, B, T, V, S, in_lens, tgt_lens, scale, label_pool=None):
    logits = (torch.rand(B, T, V, generator=gen, dtype=torch.float64) * 2 - 1) * scale
    logits = logits.to(torch.float32).to(torch.float64)  # the Swift side reads the same float32 values
    pool = label_pool if label_pool is not None else V - 1
    targets = torch.randint(0, pool, (B, S), generator=gen, dtype=torch.int64)
    for b in range(B):
        targets[b, tgt_lens[b]:] = 0
    logits.requires_grad_(True)
    log_probs = torch.log_softmax(logits, dim=2).transpose(0, 1)  # [T, B, V]
    loss = torch.nn.functional.ctc_loss(
        log_probs, targets, torch.tensor(in_lens), torch.tensor(tgt_lens),
        blank=V - 1, reduction="none", zero_infinity=False)
    feasible = [bool(math.isfinite(v)) for v in loss.tolist()]
    total = sum(loss[b] for b in range(B) if feasible[b])
    grad = torch.autograd.grad(total, logits)[0] if any(feasible) else torch.zeros_like(logits)
    for b in range(B):
        if not feasible[b]:
            grad[b] = 0  # torch's backward gives 0 * inf = NaN there; the Swift kernel gives 0
    assert bool(torch.isfinite(grad).all())
    return {
        "name": name, "B": B, "T": T, "V": V, "S": S,
        "logits": logits.detach().flatten().tolist(),
        "targets": targets.flatten().tolist(),
        "input_lengths": in_lens, "target_lengths": tgt_lens,
        "feasible": feasible,
        "loss": [v if f else None for v, f in zip(loss.tolist(), feasible)],
        "grad": grad.flatten().tolist(),
    }


def main():
    gen = torch.Generator().manual_seed(20261124)
    cases = [
        # Padding, an empty target, a length-1 target, a full-length target.
        make_case(gen, "mixed", B=4, T=12, V=6, S=5, in_lens=[12, 9, 5, 12], tgt_lens=[5, 0, 1, 3], scale=3.0),
        # Two labels only, so targets repeat a lot (blanks needed between repeats).
        make_case(gen, "repeats", B=3, T=30, V=3, S=10, in_lens=[30, 22, 17], tgt_lens=[10, 7, 8], scale=4.0,
                  label_pool=2),
        # Sequence 1 is infeasible: 4 equal labels need 7 frames, it has 6.
        make_case(gen, "infeasible", B=2, T=8, V=2, S=4, in_lens=[8, 6], tgt_lens=[3, 4], scale=2.0),
    ]
    out = {
        "generator": "Tests/Fixtures/ctc/make_ctc_fixtures.py",
        "reference": "torch %s torch.nn.functional.ctc_loss, float64, blank=V-1, reduction=none" % torch.__version__,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ctc_torch.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
