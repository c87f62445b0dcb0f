#!/usr/bin/env python3
"""Writes a large RETURNN config in the layout that i6_core's `ReturnnConfig.write()` produces, as
input for timing how fast `returnn CONFIG ++task nop` evaluates a Sisyphus-written config.

    Benchmarks/make-i6core-config.py [-o FILE] [--enc-blocks N] [--dec-blocks N] [--epochs N]
                                     [--style black|pprint] [--no-prolog]

Defaults (12 conformer encoder blocks, 12 transformer decoder blocks in a rec layer, 600 epochs of
learning rates, black style) give about 4,900 lines. Plain python3, no dependencies. The output is
the same for the same arguments and Python version (pprint's layout is Python's).

The layout follows i6_core's ReturnnConfig (returnn/config.py, `PYTHON_CODE` and `_serialize`):
  #!rnn.py, the support code (empty), the python_prolog, then every config key in sorted order as
  `key = pprint.pformat(value)` with PrettyPrinter(indent=2, width=150, sort_dicts=True), then
  `config = {}`, `locals().update(**config)` and the python_epilog (functions as inspect.getsource
  writes them). Values that i6_core writes as code (CodeWrapper) appear unquoted, e.g. the
  `__time_tag__` of the prolog in extern_data. ReturnnConfig's default black_formatting=True then
  runs the `black` formatter over the file; --style black (the default) writes what black makes of
  it (checked byte for byte against black 26.10 at several sizes), --style pprint the file before.

The network is a conformer attention encoder-decoder: SpecAugment as an eval layer calling a
python_epilog function, a VGG-style front end, conformer blocks (two half-step feed-forward
modules, relative-position self-attention, convolution module), CTC, and a transformer decoder
in a rec layer with label choice. The functions only build TF graphs and are never called when the
config is evaluated.
"""

import argparse
import pprint
import string
import sys

# i6_core's ReturnnConfig.PYTHON_CODE after textwrap.dedent (whitespace-only lines become empty).
PYTHON_CODE = "#!rnn.py\n\n${SUPPORT_CODE}\n\n${PROLOG}\n\n${REGULAR_CONFIG}\n\nlocals().update(**config)\n\n${EPILOG}\n"

PROLOG = '''import numpy as np

from returnn.tf.util.data import Dim

__time_tag__ = Dim(dimension=None, kind=Dim.Types.Spatial, description="time")
'''

# The python_epilog: functions as i6_core pastes them (inspect.getsource). They use TF and are only
# called by eval layers when the network is built, never when the config is evaluated.
EPILOG_FUNCTIONS = [
    '''def _mask(x, batch_axis, axis, pos, max_amount):
    """
    Masks a random span of at most max_amount frames (or features) starting at pos.

    :param tf.Tensor x: (batch, time, feature)
    :param int batch_axis:
    :param int axis: 1 for time, 2 for feature
    :param tf.Tensor pos: (batch,)
    :param int|tf.Tensor max_amount: inclusive
    """
    from returnn.tf.compat import v1 as tf

    ndim = x.get_shape().ndims
    n_batch = tf.shape(x)[batch_axis]
    dim = tf.shape(x)[axis]
    amount = tf.random_uniform(
        shape=(n_batch,), minval=1, maxval=max_amount + 1, dtype=tf.int32
    )
    pos2 = tf.minimum(pos + amount, dim)
    idxs = tf.expand_dims(tf.range(0, dim), 0)  # (1, dim)
    pos_bc = tf.expand_dims(pos, 1)  # (batch, 1)
    pos2_bc = tf.expand_dims(pos2, 1)  # (batch, 1)
    cond = tf.logical_and(
        tf.greater_equal(idxs, pos_bc), tf.less(idxs, pos2_bc)
    )  # (batch, dim)
    if batch_axis > axis:
        cond = tf.transpose(cond)  # (dim, batch)
    cond = tf.reshape(
        cond, [tf.shape(x)[i] if i in (batch_axis, axis) else 1 for i in range(ndim)]
    )
    from TFUtil import where_bc

    x = where_bc(cond, 0.0, x)
    return x
''',
    '''def random_mask(x, batch_axis, axis, min_num, max_num, max_dims):
    """
    Applies between min_num and max_num masks of at most max_dims each.

    :param tf.Tensor x: (batch, time, feature)
    :param int batch_axis:
    :param int axis:
    :param int|tf.Tensor min_num:
    :param int|tf.Tensor max_num: inclusive
    :param int|tf.Tensor max_dims: inclusive
    """
    from returnn.tf.compat import v1 as tf

    n_batch = tf.shape(x)[batch_axis]
    if isinstance(min_num, int) and isinstance(max_num, int) and min_num == max_num:
        num = min_num
    else:
        num = tf.random_uniform(
            shape=(n_batch,), minval=min_num, maxval=max_num + 1, dtype=tf.int32
        )
    # Gumbel-max trick: top-k of log(-log(uniform)) samples k positions without replacement.
    z = -tf.log(-tf.log(tf.random_uniform((n_batch, tf.shape(x)[axis]), 0, 1)))
    _, indices = tf.nn.top_k(z, num if isinstance(num, int) else tf.reduce_max(num))
    if isinstance(num, int):
        for i in range(num):
            x = _mask(
                x,
                batch_axis=batch_axis,
                axis=axis,
                pos=indices[:, i],
                max_amount=max_dims,
            )
    else:
        _, x = tf.while_loop(
            cond=lambda i, _: tf.less(i, tf.reduce_max(num)),
            body=lambda i, x: (
                i + 1,
                tf.where(
                    tf.less(i, num),
                    _mask(
                        x,
                        batch_axis=batch_axis,
                        axis=axis,
                        pos=indices[:, i],
                        max_amount=max_dims,
                    ),
                    x,
                ),
            ),
            loop_vars=(0, x),
        )
    return x
''',
    '''def transform(data, network):
    """
    SpecAugment in training only: time and feature masking, more masks for longer sequences.

    :param Data data:
    :param TFNetwork network:
    """
    x = data.placeholder
    from returnn.tf.compat import v1 as tf

    step = network.global_train_step
    step1 = tf.where(tf.greater_equal(step, 1000), 1, 0)
    step2 = tf.where(tf.greater_equal(step, 2000), 1, 0)

    def get_masked():
        x_masked = x
        x_masked = random_mask(
            x_masked,
            batch_axis=data.batch_dim_axis,
            axis=data.time_dim_axis,
            min_num=step1 + step2,
            max_num=tf.maximum(tf.shape(x)[data.time_dim_axis] // 100, 2)
            * (1 + step1 + step2 * 2),
            max_dims=20,
        )
        x_masked = random_mask(
            x_masked,
            batch_axis=data.batch_dim_axis,
            axis=data.feature_dim_axis,
            min_num=step1 + step2,
            max_num=2 + step1 + step2 * 2,
            max_dims=data.dim // 5,
        )
        return x_masked

    x = network.cond_on_train(get_masked, lambda: x)
    return x
''',
    '''def dynamic_learning_rate(*, network, global_train_step, learning_rate, **kwargs):
    """
    Noam-style warm-up and inverse square-root decay, on top of the epoch-wise learning rate.
    """
    from returnn.tf.compat import v1 as tf

    warmup_steps = 25000
    n = tf.cast(global_train_step, tf.float32) + 1.0
    return learning_rate * tf.minimum(n / warmup_steps, tf.sqrt(warmup_steps / n))
''',
]


class CodeWrapper:
    """As i6_core's CodeWrapper: a value written into the config as code, not as a quoted string."""

    def __init__(self, code):
        self.code = code

    def __repr__(self):
        return self.code


def conformer_block(net, i, src, dim, heads, ff_dim, conv_kernel, dropout, l2):
    """Adds conformer block i (1-based) reading from src; returns the name of its output layer."""
    p = "enc_%03d" % i
    init = "variance_scaling_initializer(mode='fan_in', distribution='uniform', scale=0.78)"

    def ff(name, src):
        net[f"{p}_{name}_ln"] = {"class": "layer_norm", "from": src}
        net[f"{p}_{name}_ff1"] = {
            "class": "linear",
            "activation": "swish",
            "from": f"{p}_{name}_ln",
            "n_out": ff_dim,
            "with_bias": True,
            "L2": l2,
            "forward_weights_init": init,
        }
        net[f"{p}_{name}_ff2"] = {
            "class": "linear",
            "activation": None,
            "from": f"{p}_{name}_ff1",
            "n_out": dim,
            "with_bias": True,
            "dropout": dropout,
            "L2": l2,
            "forward_weights_init": init,
        }
        net[f"{p}_{name}_drop"] = {"class": "dropout", "from": f"{p}_{name}_ff2", "dropout": dropout}
        net[f"{p}_{name}_half_step"] = {"class": "eval", "from": f"{p}_{name}_drop", "eval": "0.5 * source(0)"}
        net[f"{p}_{name}_out"] = {"class": "combine", "kind": "add", "from": [src, f"{p}_{name}_half_step"], "n_out": dim}
        return f"{p}_{name}_out"

    x = ff("ffmod_1", src)
    # multi-head self-attention with relative positional encoding
    net[f"{p}_self_att_ln"] = {"class": "layer_norm", "from": x}
    net[f"{p}_self_att_ln_rel_pos_enc"] = {
        "class": "relative_positional_encoding",
        "from": f"{p}_self_att_ln",
        "n_out": dim // heads,
        "forward_weights_init": init,
        "clipping": 32,
    }
    net[f"{p}_self_att"] = {
        "class": "self_attention",
        "from": f"{p}_self_att_ln",
        "n_out": dim,
        "num_heads": heads,
        "total_key_dim": dim,
        "attention_dropout": dropout,
        "key_shift": f"{p}_self_att_ln_rel_pos_enc",
        "forward_weights_init": init,
    }
    net[f"{p}_self_att_linear"] = {
        "class": "linear",
        "activation": None,
        "from": f"{p}_self_att",
        "n_out": dim,
        "with_bias": False,
        "L2": l2,
        "forward_weights_init": init,
    }
    net[f"{p}_self_att_dropout"] = {"class": "dropout", "from": f"{p}_self_att_linear", "dropout": dropout}
    net[f"{p}_self_att_out"] = {"class": "combine", "kind": "add", "from": [x, f"{p}_self_att_dropout"], "n_out": dim}
    x = f"{p}_self_att_out"
    # convolution module
    net[f"{p}_conv_ln"] = {"class": "layer_norm", "from": x}
    net[f"{p}_conv_pointwise1"] = {
        "class": "linear",
        "activation": None,
        "from": f"{p}_conv_ln",
        "n_out": 2 * dim,
        "with_bias": True,
        "L2": l2,
        "forward_weights_init": init,
    }
    net[f"{p}_conv_GLU"] = {"class": "gating", "activation": "identity", "from": f"{p}_conv_pointwise1"}
    net[f"{p}_conv_depthwise"] = {
        "class": "conv",
        "activation": None,
        "from": f"{p}_conv_GLU",
        "filter_size": (conv_kernel,),
        "groups": dim,
        "n_out": dim,
        "padding": "same",
        "with_bias": True,
        "L2": l2,
        "forward_weights_init": init,
    }
    net[f"{p}_conv_bn"] = {
        "class": "batch_norm",
        "from": f"{p}_conv_depthwise",
        "delay_sample_update": True,
        "epsilon": 1e-05,
        "momentum": 0.1,
        "update_sample_only_in_training": True,
    }
    net[f"{p}_conv_act"] = {"class": "activation", "activation": "swish", "from": f"{p}_conv_bn"}
    net[f"{p}_conv_pointwise2"] = {
        "class": "linear",
        "activation": None,
        "from": f"{p}_conv_act",
        "n_out": dim,
        "with_bias": True,
        "L2": l2,
        "forward_weights_init": init,
    }
    net[f"{p}_conv_dropout"] = {"class": "dropout", "from": f"{p}_conv_pointwise2", "dropout": dropout}
    net[f"{p}_conv_out"] = {"class": "combine", "kind": "add", "from": [x, f"{p}_conv_dropout"], "n_out": dim}
    x = ff("ffmod_2", f"{p}_conv_out")
    net[p] = {"class": "layer_norm", "from": x}
    return p


def decoder_block(unit, i, src, dim, heads, ff_dim, dropout, l2):
    """Adds transformer decoder block i (1-based) to the rec unit; returns its output layer name."""
    p = "dec_%02d" % i
    unit[f"{p}_self_att_laynorm"] = {"class": "layer_norm", "from": [src]}
    unit[f"{p}_self_att_att"] = {
        "class": "self_attention",
        "from": [f"{p}_self_att_laynorm"],
        "n_out": dim,
        "num_heads": heads,
        "total_key_dim": dim,
        "attention_left_only": True,
        "attention_dropout": dropout,
        "forward_weights_init": "variance_scaling_initializer(mode='fan_avg', distribution='uniform')",
    }
    unit[f"{p}_self_att_lin"] = {
        "class": "linear",
        "activation": None,
        "from": [f"{p}_self_att_att"],
        "n_out": dim,
        "with_bias": False,
        "L2": l2,
    }
    unit[f"{p}_self_att_drop"] = {"class": "dropout", "from": [f"{p}_self_att_lin"], "dropout": dropout}
    unit[f"{p}_att_query0"] = {"class": "combine", "kind": "add", "from": [src, f"{p}_self_att_drop"], "n_out": dim}
    unit[f"{p}_att_laynorm"] = {"class": "layer_norm", "from": [f"{p}_att_query0"]}
    unit[f"{p}_att_query"] = {
        "class": "linear",
        "activation": None,
        "from": [f"{p}_att_laynorm"],
        "n_out": dim,
        "with_bias": False,
    }
    unit[f"{p}_att_query_split"] = {"class": "split_dims", "axis": "F", "dims": (heads, dim // heads), "from": [f"{p}_att_query"]}
    unit[f"{p}_att_energy"] = {
        "class": "dot",
        "from": [f"base:{p}_att_key", f"{p}_att_query_split"],
        "red1": -1,
        "red2": -1,
        "var1": "T",
        "var2": "T?",
    }
    unit[f"{p}_att_weights"] = {"class": "softmax_over_spatial", "from": [f"{p}_att_energy"], "energy_factor": (dim // heads) ** -0.5}
    unit[f"{p}_att_weights_drop"] = {"class": "dropout", "dropout_noise_shape": {"*": None}, "from": [f"{p}_att_weights"], "dropout": dropout}
    unit[f"{p}_att0"] = {"class": "generic_attention", "weights": f"{p}_att_weights_drop", "base": f"base:{p}_att_value"}
    unit[f"{p}_att_att"] = {"class": "merge_dims", "axes": "static", "from": [f"{p}_att0"]}
    unit[f"{p}_att_lin"] = {"class": "linear", "activation": None, "from": [f"{p}_att_att"], "n_out": dim, "with_bias": False, "L2": l2}
    unit[f"{p}_att_drop"] = {"class": "dropout", "from": [f"{p}_att_lin"], "dropout": dropout}
    unit[f"{p}_att_out"] = {"class": "combine", "kind": "add", "from": [f"{p}_att_query0", f"{p}_att_drop"], "n_out": dim}
    unit[f"{p}_ff_laynorm"] = {"class": "layer_norm", "from": [f"{p}_att_out"]}
    unit[f"{p}_ff_conv1"] = {"class": "linear", "activation": "relu", "from": [f"{p}_ff_laynorm"], "n_out": ff_dim, "with_bias": True, "L2": l2}
    unit[f"{p}_ff_conv2"] = {
        "class": "linear",
        "activation": None,
        "from": [f"{p}_ff_conv1"],
        "n_out": dim,
        "with_bias": True,
        "dropout": dropout,
        "L2": l2,
    }
    unit[f"{p}_ff_drop"] = {"class": "dropout", "from": [f"{p}_ff_conv2"], "dropout": dropout}
    unit[f"{p}_ff_out"] = {"class": "combine", "kind": "add", "from": [f"{p}_att_out", f"{p}_ff_drop"], "n_out": dim}
    return f"{p}_ff_out"


def make_network(enc_blocks, dec_blocks, dim=512, heads=8, vocab=10025):
    net = {
        "source": {
            "class": "eval",
            "from": "data",
            "eval": "self.network.get_config().typed_value('transform')(source(0, as_data=True), network=self.network)",
        },
        "source0": {"class": "split_dims", "axis": "F", "dims": (-1, 1), "from": "source"},
        "conv0": {"class": "conv", "activation": None, "filter_size": (3, 3), "from": "source0", "n_out": 32, "padding": "same", "with_bias": True},
        "conv0p": {"class": "pool", "from": "conv0", "mode": "max", "padding": "same", "pool_size": (1, 2), "trainable": False},
        "conv1": {"class": "conv", "activation": "swish", "filter_size": (3, 3), "from": "conv0p", "n_out": 64, "padding": "same", "strides": (3, 1), "with_bias": True},
        "conv2": {"class": "conv", "activation": "swish", "filter_size": (3, 3), "from": "conv1", "n_out": 64, "padding": "same", "strides": (2, 1), "with_bias": True},
        "conv_merged": {"class": "merge_dims", "axes": "static", "from": "conv2"},
        "encoder_in": {"class": "linear", "activation": None, "from": "conv_merged", "n_out": dim, "with_bias": True},
        "encoder_in_drop": {"class": "dropout", "from": "encoder_in", "dropout": 0.1},
    }
    x = "encoder_in_drop"
    for i in range(1, enc_blocks + 1):
        x = conformer_block(net, i, x, dim=dim, heads=heads, ff_dim=4 * dim, conv_kernel=32, dropout=0.1, l2=5e-06)
    net["encoder"] = {"class": "copy", "from": x}
    net["ctc"] = {
        "class": "softmax",
        "from": "encoder",
        "loss": "ctc",
        "loss_opts": {"beam_width": 1, "ctc_opts": {"ignore_longer_outputs_than_inputs": True}},
        "target": "bpe_labels",
    }
    for i in range(1, dec_blocks + 1):
        p = "dec_%02d" % i
        net[f"{p}_att_key0"] = {"class": "linear", "activation": None, "from": ["encoder"], "n_out": dim, "with_bias": False}
        net[f"{p}_att_key"] = {"class": "split_dims", "axis": "F", "dims": (heads, dim // heads), "from": [f"{p}_att_key0"]}
        net[f"{p}_att_value0"] = {"class": "linear", "activation": None, "from": ["encoder"], "n_out": dim, "with_bias": False}
        net[f"{p}_att_value"] = {"class": "split_dims", "axis": "F", "dims": (heads, dim // heads), "from": [f"{p}_att_value0"]}
    unit = {
        "end": {"class": "compare", "from": ["output"], "value": 0},
        "target_embed_raw": {
            "class": "linear",
            "activation": None,
            "from": ["prev:output"],
            "n_out": dim,
            "with_bias": False,
            "forward_weights_init": "variance_scaling_initializer(mode='fan_in', distribution='uniform')",
        },
        "target_embed_with_pos": {"class": "positional_encoding", "add_to_input": True, "from": ["target_embed_raw"]},
        "target_embed": {"class": "dropout", "from": ["target_embed_with_pos"], "dropout": 0.1},
    }
    y = "target_embed"
    for i in range(1, dec_blocks + 1):
        y = decoder_block(unit, i, y, dim=dim, heads=heads, ff_dim=4 * dim, dropout=0.1, l2=5e-06)
    unit["decoder"] = {"class": "layer_norm", "from": [y]}
    unit["output_prob"] = {
        "class": "softmax",
        "dropout": 0.0,
        "from": ["decoder"],
        "loss": "ce",
        "loss_opts": {"label_smoothing": 0.1, "use_normalized_loss": True},
        "reuse_params": {"map": {"W": {"reuse_layer": "target_embed_raw", "custom": "(lambda d, s: d.reuse_layer.params['W'])"}, "b": None}},
        "target": "bpe_labels",
        "with_bias": True,
    }
    unit["output"] = {
        "class": "choice",
        "beam_size": 12,
        "from": ["output_prob"],
        "initial_output": 0,
        "target": "bpe_labels",
    }
    net["output"] = {
        "class": "rec",
        "from": [],
        "max_seq_len": "max_len_from('base:encoder') * 3",
        "target": "bpe_labels",
        "unit": unit,
    }
    net["decision"] = {"class": "decide", "from": ["output"], "loss": "edit_distance", "target": "bpe_labels"}
    return net


def learning_rates(epochs):
    """One-cycle schedule written out per epoch, as i6 setups pass it (one pprint line per epoch)."""
    warm, peak, final = epochs * 9 // 20, epochs * 9 // 20, epochs - 2 * (epochs * 9 // 20)
    lr = [round(4e-05 + (4e-04 - 4e-05) * i / max(warm - 1, 1), 10) for i in range(warm)]
    lr += [round(4e-04 - (4e-04 - 4e-05) * i / max(peak - 1, 1), 10) for i in range(peak)]
    lr += [round(4e-05 - (4e-05 - 1e-06) * i / max(final - 1, 1), 10) for i in range(final)]
    return lr


def make_config(enc_blocks, dec_blocks, epochs, time_tag=True):
    oggzip = "/u/example/setups/librispeech/work/i6_core/returnn/oggzip/BlissToOggZipJob.%s/output/out.ogg.zip"
    bpe = {
        "bpe_file": "/u/example/setups/librispeech/work/i6_core/text/label/subword_nmt/ReturnnTrainBpeJob.vTq56NZ8STWt/output/bpe.codes",
        "seq_postfix": [0],
        "unknown_label": "<unk>",
        "vocab_file": "/u/example/setups/librispeech/work/i6_core/text/label/subword_nmt/ReturnnTrainBpeJob.vTq56NZ8STWt/output/bpe.vocab",
    }
    audio = {"features": "mfcc", "num_feature_filters": 80, "peak_normalization": True, "preemphasis": 0.97, "step_len": 0.01, "window_len": 0.025}

    def dataset(name, seq_ordering, partition, zips):
        return {
            "class": "MetaDataset",
            "data_map": {"audio_features": ("zip_dataset", "data"), "bpe_labels": ("zip_dataset", "classes")},
            "datasets": {
                "zip_dataset": {
                    "class": "OggZipDataset",
                    "audio": audio,
                    "partition_epoch": partition,
                    "path": [oggzip % z for z in zips],
                    "segment_file": None,
                    "seq_ordering": seq_ordering,
                    "targets": bpe,
                    "use_cache_manager": True,
                }
            },
            "seq_order_control_dataset": "zip_dataset",
        }

    return {
        "accum_grad_multiple_step": 2,
        "batch_size": 2400000,
        "batching": "random",
        "behavior_version": 12,
        "cache_size": "0",
        "cleanup_old_models": {"keep": [epochs // 4, epochs // 2, epochs * 3 // 4, epochs], "keep_best_n": 4, "keep_last_n": 1},
        "debug_print_layer_output_template": True,
        "default_input": "audio_features",
        "dev": dataset("dev", "sorted_reverse", 1, ["NSdIHfk1iw2M", "RvwLniNrgMit"]),
        "device": "gpu",
        "eval_datasets": {"devtrain": dataset("devtrain", "sorted_reverse", 1, ["Cbboscd6En6A"])},
        "extern_data": {
            "audio_features": dict(
                {"available_for_inference": True, "dim": 80, "shape": (None, 80)},
                **({"same_dim_tags_as": {"T": CodeWrapper("__time_tag__")}} if time_tag else {}),
            ),
            "bpe_labels": {"available_for_inference": False, "dim": 10025, "shape": (None,), "sparse": True},
        },
        "gradient_clip": 0.0,
        "gradient_noise": 0.0,
        "learning_rate": 0.0008,
        "learning_rate_control": "newbob_multi_epoch",
        "learning_rate_control_error_measure": "dev_score_output/output_prob",
        "learning_rate_control_min_num_epochs_per_new_lr": 3,
        "learning_rate_control_relative_error_relative_lr": True,
        "learning_rate_file": "learning_rates",
        "learning_rates": learning_rates(epochs),
        "log": ["./returnn.log"],
        "log_batch_size": True,
        "log_verbosity": 5,
        "max_seq_length": {"bpe_labels": 75},
        "max_seqs": 200,
        "min_learning_rate": 2e-05,
        "model": "/u/example/setups/librispeech/work/i6_core/returnn/training/ReturnnTrainingJob.Xy1A9bDw2Lmk/output/models/epoch",
        "network": make_network(enc_blocks, dec_blocks),
        "newbob_learning_rate_decay": 0.9,
        "newbob_multi_num_epochs": 20,
        "newbob_multi_update_interval": 1,
        "num_epochs": epochs,
        "optimizer": {"class": "nadam", "epsilon": 1e-08},
        "save_interval": 1,
        "target": "bpe_labels",
        "task": "train",
        "tf_log_memory_usage": True,
        "tf_session_opts": {"gpu_options": {"per_process_gpu_memory_fraction": 0.94}},
        "train": dataset("train", "laplace:.1000", 20, ["Ir51K7xFl2su", "CRNNTrainingJob", "2q7ZL3Fh9cBs"]),
        "truncation": -1,
        "update_on_device": True,
        "use_learning_rate_control_always": True,
        "use_tensorflow": True,
        "watch_memory": True,
    }


def black_repr(v):
    """A value on one line as black writes it: double quotes where possible, ", " and ": "."""
    if isinstance(v, str):
        r = repr(v)
        if r.startswith("'") and '"' not in v:
            r = '"' + r[1:-1].replace("\\'", "'") + '"'
        return r
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (black_repr(k), black_repr(x)) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(black_repr(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(black_repr(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)


def black_lines(v, indent, head, tail, width=88):
    """The lines black makes of `head + value + tail` at this indent: one line if it fits in width,
    else the brackets split with one element per line, each with a trailing comma (black's
    right-hand split; pprint's output carries no magic trailing commas)."""
    flat = " " * indent + head + black_repr(v) + tail
    brackets = {dict: "{}", list: "[]", tuple: "()"}.get(type(v))
    if len(flat) <= width or not brackets or not v:
        return [flat]
    lines = [" " * indent + head + brackets[0]]
    items = v.items() if isinstance(v, dict) else ((None, x) for x in v)
    # A sole element gets no trailing comma (black splits it off without a delimiter split),
    # except in a one-element tuple, whose comma is syntax.
    comma = "," if len(v) > 1 or isinstance(v, tuple) else ""
    for k, x in items:
        lines += black_lines(x, indent + 4, "" if k is None else black_repr(k) + ": ", comma, width)
    lines.append(" " * indent + brackets[1] + tail)
    return lines


def serialize(config, prolog, epilog, style):
    """As i6_core ReturnnConfig._serialize with sort_config=True and no post_config; with style
    "black", each `key = value` as `black` then rewrites it (i6_core's default black_formatting)."""
    pp = pprint.PrettyPrinter(indent=2, width=150, sort_dicts=True)
    config_lines = []
    for k, v in sorted(config.items()):
        assert pprint.isreadable(v), k
        if style == "black":
            config_lines += black_lines(sort_dicts(v), 0, "%s = " % k, "")
        else:
            config_lines.append("%s = %s" % (k, pp.pformat(v)))
    config_lines.append("config = {}")
    if style == "black":
        epilog = "\n" + epilog  # black puts two blank lines before a top-level def
    text = string.Template(PYTHON_CODE).substitute(
        {"SUPPORT_CODE": "", "PROLOG": prolog, "REGULAR_CONFIG": "\n".join(config_lines), "EPILOG": epilog}
    )
    if style == "black":
        # black keeps at most two blank lines at module level and ends the file with one newline
        while "\n\n\n\n" in text:
            text = text.replace("\n\n\n\n", "\n\n\n")
        text = text.rstrip("\n") + "\n"
    return text


def sort_dicts(v):
    """The value with every dict's keys sorted, as pprint(sort_dicts=True) wrote them before black."""
    if isinstance(v, dict):
        return {k: sort_dicts(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [sort_dicts(x) for x in v]
    if isinstance(v, tuple):
        return tuple(sort_dicts(x) for x in v)
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    ap.add_argument("--enc-blocks", type=int, default=12, help="conformer encoder blocks (default 12)")
    ap.add_argument("--dec-blocks", type=int, default=12, help="transformer decoder blocks (default 12)")
    ap.add_argument("--epochs", type=int, default=600, help="epochs, one learning_rates line each (default 600)")
    ap.add_argument(
        "--no-prolog",
        action="store_true",
        help="no python_prolog (no `from returnn.tf.util.data import Dim` and __time_tag__), as older i6 configs",
    )
    ap.add_argument(
        "--style",
        choices=("black", "pprint"),
        default="black",
        help="black: as i6_core writes by default (pprint, then the black formatter); pprint: black_formatting=False",
    )
    args = ap.parse_args()
    if min(args.enc_blocks, args.dec_blocks, args.epochs) < 1:
        ap.error("--enc-blocks, --dec-blocks and --epochs must be at least 1")
    config = make_config(args.enc_blocks, args.dec_blocks, args.epochs, time_tag=not args.no_prolog)
    text = serialize(config, "" if args.no_prolog else PROLOG, "\n\n".join(EPILOG_FUNCTIONS), args.style)
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        import os

        os.replace(tmp, args.output)
        print("wrote %s: %d lines" % (args.output, text.count("\n")), file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
