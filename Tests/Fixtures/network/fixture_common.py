"""Helpers shared by the make_layers_*_fixtures.py scripts (upstream RETURNN/TF fixtures): the
gradient weights, number formatting, one output entry, and writing the JSON file."""
import json

import numpy as np


def weights(n):
    """R[i] = sin(1.3 i + 0.5): the weights of `sum(output * R)`, whose gradients a fixture stores."""
    return np.sin(1.3 * np.arange(n) + 0.5).astype("float32")


def flat(a):
    """The values of `a` as a flat list of floats with 6 significant digits."""
    return [float("%.6g" % v) for v in np.asarray(a, dtype=np.float64).ravel()]


def entry(data, value, sizes):
    """One layer output: shape, dtype, dim tags (as upstream describes them), values, dynamic sizes."""
    d = {"shape": list(value.shape), "dtype": data.dtype,
         "dims": [("B" if t.is_batch_dim() else (t.description if t.dimension is None else "%s(%i)" % (t.description, t.dimension)))
                  for t in data.dim_tags],
         "values": flat(value.astype(np.float64))}
    if sizes:
        d["sizes"] = {str(k): [int(x) for x in v] for k, v in sizes.items()}
    return d


def gradients(session, feed, out, inputs, placeholders, variables, names):
    """The gradients of `sum(out * R)` (R: `weights`) with respect to `placeholders` (the inputs to
    differentiate) and `variables`, by name (`names`: the inputs' keys, then the parameter names),
    as flat lists; an input or variable that `out` does not depend on gets zeros."""
    import tensorflow as tf
    r = tf.constant(weights(int(np.prod(session.run(tf.shape(out), feed_dict=feed)))))
    obj = tf.reduce_sum(tf.reshape(out, [-1]) * r)
    targets = list(placeholders) + list(variables)
    grads = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in tf.gradients(obj, targets)]
    result = {}
    for n, g, t in zip(names, grads, targets):
        shape = inputs[n][0].shape if n in inputs else t.shape.as_list()
        value = session.run(g, feed_dict=feed) if g is not None else np.zeros(shape, "float32")
        result[n] = flat(value)
    return result


def write_fixture(filename, script, versions, prelude, inputs, cases):
    """Writes `filename` (compact JSON): the generating script, the RETURNN and TF versions, the
    prelude, the inputs (`name -> (array, lengths)`) and the cases."""
    out = {
        "generated_by": "Tests/Fixtures/network/" + script,
        "returnn": versions[0],
        "tensorflow": versions[1],
        "prelude": prelude,
        "inputs": {k: {"shape": list(x.shape), "values": flat(x), "lengths": lens} for k, (x, lens) in inputs.items()},
        "cases": cases,
    }
    with open(filename, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s: %i cases" % (filename, len(cases)))
