#!/usr/bin/env python3
"""Reads the search output files that swift-returnn wrote with upstream's readers.

The Swift test `SearchOutputFileTests` writes one file per case of
Tests/Fixtures/search/search_output.json (plain and `.gz`) and keeps them in
$RETURNN_KEEP_SEARCH_OUTPUT. This script reads each "py" file as the consumers do: RETURNN's
`TextDictDataset` parser (`returnn.util.literal_py_to_pickle.literal_eval`, falling back to
`eval` with nan/inf as TextDictDataset does), i6_core's `eval(text, {"nan": ..., "inf": ...})`
and `ast.literal_eval` (which cannot read nan/inf), and loads the one-hypothesis and n-best files
with `TextDictDataset` itself; each "txt" file is compared line by line with what upstream writes.
Exits non-zero on any mismatch.

Usage:
  RETURNN_KEEP_SEARCH_OUTPUT=/tmp/search-out swift test --skip-build --filter SearchOutputFileTests
  python3 scripts/check-search-output.py /tmp/search-out
Needs RETURNN (e.g. `pip install returnn`).
"""
import ast
import gzip
import json
import math
import os
import sys
import tempfile

import numpy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def same(a, b):
    """Structural equality with nan == nan."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def expected(seqs):
    def entry(spec):
        if "text" in spec:
            return spec["text"]
        if "nbest" in spec:
            return [(float(str(numpy.float32(float(s)))), t) for s, t in spec["nbest"]]  # the float32 shortest digits
        return {k: entry(v) for k, v in sorted(spec["layers"].items())}
    return {tag: entry(spec) for tag, spec in seqs}


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("RETURNN_KEEP_SEARCH_OUTPUT", "")
    if not directory:
        sys.exit(__doc__)
    from returnn.util.literal_py_to_pickle import literal_eval as returnn_literal_eval
    from returnn.datasets.text_dict import TextDictDataset

    with open(os.path.join(ROOT, "Tests/Fixtures/search/search_output.json")) as f:
        cases = json.load(f)["cases"]
    failures = 0
    for case in cases:
        for suffix in ["", ".gz"]:
            path = os.path.join(directory, "%s.%s%s" % (case["name"], case["format"], suffix))
            raw = gzip.open(path, "rb").read() if suffix else open(path, "rb").read()
            text = raw.decode("utf8")
            notes = []
            if case["format"] == "txt":
                ok = text == case["text"]
                notes.append("%i lines" % text.count("\n"))
            else:
                want = expected(case["seqs"])
                try:
                    got = returnn_literal_eval(raw)
                    notes.append("literal_py_to_pickle")
                except Exception:
                    got = eval(text, {"nan": float("nan"), "inf": float("inf")})
                    notes.append("eval fallback (nan/inf)")
                ok = same(got, want)
                i6 = eval(text, {"nan": float("nan"), "inf": float("inf")})
                ok = same(i6, want) and ok
                try:
                    literal = ast.literal_eval(text)
                    ok = same(literal, want) and ok
                    notes.append("ast.literal_eval ok")
                except ValueError:
                    notes.append("ast.literal_eval: no nan/inf")
                notes.append("%i seqs" % len(got))
                item_format = {"py_single": "single", "py_nbest": "list_with_scores"}.get(case["name"])
                if item_format:
                    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as vf:
                        vf.write(repr({w: i for i, w in enumerate(["<unk>", "a", "b", "c", "w", "x", "y", "z", "v"])}))
                    ds = TextDictDataset(filename=path, item_format=item_format, vocab={"vocab_file": vf.name, "unknown_label": "<unk>"})
                    ds.init_seq_order(epoch=1)
                    # TextDictDataset cannot load an empty n-best list (max() of nothing); those are skipped.
                    loadable = [i for i, v in enumerate(want.values()) if v != []]
                    tags = []
                    for i in loadable:
                        ds.load_seqs(i, i + 1)
                        tags.append(ds.get_tag(i))
                    ok = ok and tags == [list(want)[i] for i in loadable]
                    notes.append("TextDictDataset(%s): %i seqs loaded, tags ok" % (item_format, len(tags)))
                    os.unlink(vf.name)
            failures += not ok
            print("%-4s %-22s %s" % ("ok" if ok else "FAIL", os.path.basename(path), ", ".join(notes)))
    print("%i files, %i failures" % (2 * len(cases), failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
