#!/usr/bin/env python3
"""Writes a generated 2,000-line Python config (many layers, dicts, comprehensions, functions,
string formatting) for timing the config evaluator:

    python3 scripts/gen-bench-config.py > /tmp/gen.config
    time .build/release/returnn /tmp/gen.config ++task nop ++log_verbosity 0
    time .build/release/returnn tiny.config ++task nop ++log_verbosity 0   # baseline

The difference of the two is the evaluation cost of the 2,000 lines.
"""
import sys

LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000

out = [
    "#!returnn.py",
    "import os",
    "from returnn.util.basic import get_login_username",
    "demo_name, _ = os.path.splitext(__file__)",
    "task = config.value('task', 'train')",
    "network = {}",
    "def lstm_layer(name, n_out, src, dropout=0.1):",
    "    return {'class': 'rec', 'unit': 'nativelstm2', 'n_out': n_out, 'dropout': dropout, 'from': src}",
    "",
]
i = 0
while len(out) < LINES - 6:
    k = i % 5
    if k == 0:
        out.append("network['fw%d'] = lstm_layer('fw%d', %d, ['data'] if %d == 0 else ['fw%d'])" % (i, i, 64 + i % 7, i, max(i - 1, 0)))
    elif k == 1:
        out.append("dims_%d = [d * %d for d in range(16) if d %% 3 != 1]" % (i, i % 11 + 1))
    elif k == 2:
        out.append("name_%d = 'layer_%%03d_%%s' %% (%d, 'x' * 3) + f'{%d:04d}' + '{}'.format(%d)" % (i, i, i, i))
    elif k == 3:
        out.append("opts_%d = {'lr': %r, 'sched': {e: 0.5 ** e for e in range(1, 6)}, 'ok': %d > 10 and True}" % (i, 1e-3 * (i % 9 + 1), i))
    else:
        out.append("net_size_%d = sum(v['n_out'] for v in list(network.values())[-3:])" % i)
    i += 1
out += [
    "optimizer = {'class': 'adam'}",
    "learning_rate = 0.01",
    "model = '/tmp/%s/returnn/%s/model' % (get_login_username(), demo_name)",
    "num_epochs = 5",
    "log_verbosity = 3",
    "print('layers:', len(network))",
]
print("\n".join(out))
