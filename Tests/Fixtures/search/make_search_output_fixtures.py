#!/usr/bin/env python3
"""Writes search_output.json: the `search_output_file` text that upstream RETURNN's
`Engine.search` (returnn/tf/engine.py) writes for given hypotheses, in the formats "txt" and "py".

Needs a Python with RETURNN and numpy (e.g. `pip install returnn`); run from this directory:
`python3 make_search_output_fixtures.py`. The writing lines of `Engine.search` are reproduced
here on an `out_cache` as `extra_fetches_callback` fills it (corpus seq idx -> str, or a list of
(numpy.float32 score, str), or a dict layer name -> one of those), with upstream's own
`returnn.util.basic.better_repr`. numpy runs with `legacy="1.25"` print options: with numpy 2's
default, a float32 score is written `np.float32(-1.5)`, which neither i6_core's `eval(...,
{"nan": ..., "inf": ...})` nor `TextDictDataset` can read; numpy 1.x wrote `-1.5`, as swift-returnn
does (docs/tasks.md).
"""
import io
import json
import sys

import numpy
import returnn
from returnn.util.basic import better_repr

F = numpy.float32
CASES = [
    ("txt_single", "txt", [("corpus/a/1", "hello world"), ("corpus/a/2", ""), ("corpus/b/1", "it's \"quoted\" \\ ä 中")]),
    ("txt_nbest", "txt", [("seq-0", [(F(-1.5), "a b"), (F(-2.25), "a c")]),
                          ("seq-1", [(F(-0.1), "x"), (F(-12345678.0), "it's"), (F(1e-5), ""), (F(-3e20), "big"), (F(0.00012345), "small")])]),
    ("py_single", "py", [("corpus/a/1", "hello world"), ("corpus/a/2", ""), ("tag with 'quote'", "tab\there \\ ü"),
                         ("corpus/b/1", "line\nbreak")]),
    ("py_nbest", "py", [("seq-0", [(F(-1.5), "a b"), (F(-2.25), "a c"), (F(-3.0000002), "a")]),
                        ("seq-1", [(F("nan"), "x"), (F("-inf"), "y"), (F(0.0), "z"), (F(-0.0), "w"), (F(1234567.0), "v")]),
                        ("seq-2", [])]),
    ("py_layers", "py", [("seq-0", {"output": "a b", "ctc": [(F(-0.5), "a b")]}),
                         ("seq-1", {"out": "x", "b": "y"}),
                         ("seq-2", {"output_long_name": "a long hypothesis text", "z": "more words here"})]),
]


def write(output_file_format, out_cache, seq_idx_to_tag):
    """Engine.search, from `if output_file:` after the run (output_file a text stream)."""
    output_file = io.StringIO()
    assert out_cache
    assert 0 in out_cache
    assert len(out_cache) - 1 in out_cache
    if output_file_format == "txt":
        for i in range(len(out_cache)):
            output_file.write("%s\n" % out_cache[i])
    elif output_file_format == "py":
        output_file.write("{\n")
        with numpy.printoptions(threshold=sys.maxsize):
            for i in range(len(out_cache)):
                output_file.write("%r: %s,\n" % (seq_idx_to_tag[i], better_repr(out_cache[i])))
        output_file.write("}\n")
    return output_file.getvalue()


def spec(entry):
    """The entry as JSON for the Swift test."""
    if isinstance(entry, str):
        return {"text": entry}
    if isinstance(entry, list):
        return {"nbest": [[repr(float(s)), t] for s, t in entry]}  # score as text: JSON has no nan/inf
    return {"layers": {k: spec(v) for k, v in entry.items()}}


def main():
    numpy.set_printoptions(legacy="1.25")
    cases = []
    for name, fmt, seqs in CASES:
        out_cache = {i: entry for i, (_, entry) in enumerate(seqs)}
        seq_idx_to_tag = {i: tag for i, (tag, _) in enumerate(seqs)}
        text = write(fmt, out_cache, seq_idx_to_tag)
        cases.append({"name": name, "format": fmt, "seqs": [[tag, spec(e)] for tag, e in seqs], "text": text})
    out = {"generated_by": "Tests/Fixtures/search/make_search_output_fixtures.py", "returnn": returnn.__version__,
           "numpy": numpy.__version__, "cases": cases}
    with open("search_output.json", "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote search_output.json: %i cases" % len(cases))


if __name__ == "__main__":
    main()
