#!/usr/bin/env python3
"""Writes a generated 2,000-line Python config for timing the config evaluator.

    python3 scripts/gen-bench-config.py [--mix typical|stress] [LINES] > /tmp/gen.config
    perf stat -r 10 -e task-clock .build/release/returnn /tmp/gen.config ++task nop ++log_verbosity 0
    perf stat -r 10 -e task-clock .build/release/returnn tiny.config ++task nop ++log_verbosity 0

The difference of the two is the cost of evaluating the generated lines (process start-up is
in both). `typical` (default) looks like a large real setup: a long multi-line network dict
(one option per line), helper functions that build layers in loops, datasets, `%`/f-string
formatting and a few comprehensions. `stress` makes every line a statement with a loop,
comprehension, f-string or a sum over the network (a worst case, not a real config).
"""
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--mix")]
mix = "stress" if "--mix=stress" in sys.argv or ("--mix" in sys.argv and sys.argv[sys.argv.index("--mix") + 1] == "stress") else "typical"
args = [a for a in args if a not in ("typical", "stress")]
LINES = int(args[0]) if args else 2000

head = [
    "#!returnn.py",
    "import os",
    "from returnn.util.basic import get_login_username",
    "demo_name, _ = os.path.splitext(__file__)",
    "task = config.value('task', 'train')",
    "use_tensorflow = True",
    "def lstm_layer(n_out, src, dropout=0.1, direction=1):",
    "    return {'class': 'rec', 'unit': 'nativelstm2', 'n_out': n_out, 'dropout': dropout, 'direction': direction, 'from': src}",
    "",
]
tail = [
    "optimizer = {'class': 'adam', 'epsilon': 1e-08}",
    "learning_rate = 0.01",
    "model = '/tmp/%s/returnn/%s/model' % (get_login_username(), demo_name)",
    "num_epochs = 5",
    "log_verbosity = 3",
    "print('layers:', len(network))",
]
out = list(head)

if mix == "stress":
    out.append("network = {}")
    i = 0
    while len(out) < LINES - len(tail):
        k = i % 5
        if k == 0:
            out.append("network['fw%d'] = lstm_layer(%d, ['data'] if %d == 0 else ['fw%d'])" % (i, 64 + i % 7, i, max(i - 1, 0)))
        elif k == 1:
            out.append("dims_%d = [d * %d for d in range(16) if d %% 3 != 1]" % (i, i % 11 + 1))
        elif k == 2:
            out.append("name_%d = 'layer_%%03d_%%s' %% (%d, 'x' * 3) + f'{%d:04d}' + '{}'.format(%d)" % (i, i, i, i))
        elif k == 3:
            out.append("opts_%d = {'lr': %r, 'sched': {e: 0.5 ** e for e in range(1, 6)}, 'ok': %d > 10 and True}" % (i, 1e-3 * (i % 9 + 1), i))
        else:
            out.append("net_size_%d = sum(v['n_out'] for v in list(network.values())[-3:])" % i)
        i += 1
else:
    budget = LINES - len(tail) - len(out)
    body = []
    # datasets and settings
    body += [
        "train = {'class': 'HDFDataset', 'files': ['data/train.%d.hdf' % i for i in range(1, 11)], 'partition_epoch': 20,",
        "         'seq_ordering': 'laplace:.1000', 'use_cache_manager': True}",
        "dev = train.copy()",
        "dev.update({'files': ['data/dev.hdf'], 'partition_epoch': 1, 'seq_ordering': 'sorted'})",
        "extern_data = {'data': {'dim': 80, 'shape': (None, 80)}, 'classes': {'dim': 10025, 'sparse': True}}",
        "batch_size = 20000",
        "max_seqs = 200",
        "learning_rates = [0.0002 + (0.001 - 0.0002) * ep / 10.0 for ep in range(10)]",
        "num_lstm_layers = 6",
        "network = {",
    ]
    n_layer_lines = budget - len(body) - 14
    i = 0
    while n_layer_lines > 0:
        layer = [
            "    'enc_%03d': {" % i,
            "        'class': 'linear',",
            "        'activation': %r," % ("relu" if i % 2 else "tanh"),
            "        'n_out': %d," % (256 + 64 * (i % 4)),
            "        'dropout': %r," % (0.1 + 0.05 * (i % 3)),
            "        'L2': 1e-4,",
            "        'from': [%s]," % ("'data'" if i == 0 else "'enc_%03d'" % (i - 1)),
            "    },",
        ]
        if n_layer_lines < len(layer):
            # fill up with one-line layers so that the file has exactly LINES lines
            layer = ["    'enc_%03d': {'class': 'copy', 'n_out': 256, 'from': [%s]}," % (i, "'data'" if i == 0 else "'enc_%03d'" % (i - 1))]
        body += layer
        n_layer_lines -= len(layer)
        i += 1
    body += [
        "    'output': {'class': 'softmax', 'loss': 'ce', 'from': ['enc_%03d' % (" + str(i) + " - 1)], 'target': 'classes'},",
        "}",
        "for layer in range(num_lstm_layers):",
        "    src = ['enc_%03d' % (" + str(i) + " - 1)] if layer == 0 else ['lstm%d_fw' % (layer - 1), 'lstm%d_bw' % (layer - 1)]",
        "    network['lstm%d_fw' % layer] = lstm_layer(512, src, direction=1)",
        "    network['lstm%d_bw' % layer] = lstm_layer(512, src, direction=-1)",
        "network['output']['from'] = ['lstm%d_fw' % (num_lstm_layers - 1), 'lstm%d_bw' % (num_lstm_layers - 1)]",
        "layer_names = sorted(k for k in network if k.startswith('enc_'))",
        "total_dim = sum(network[k]['n_out'] for k in layer_names)",
        "summary = f'{len(network)} layers, {total_dim} enc units'",
        "def get_network(epoch, **kwargs):",
        "    net = dict(network)",
        "    return net",
    ]
    out += body
out += tail
print("\n".join(out))
