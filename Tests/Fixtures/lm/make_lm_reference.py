#!/usr/bin/env python3
"""Writes lm_reference.json: index sequences and tags produced by upstream RETURNN's LmDataset
for the corpus files of this folder under several option sets (the Swift tests replay them).

Run from this folder with a Python that has `returnn` installed (e.g. the peers venv):
  python make_lm_reference.py
"""
import json

from returnn.datasets.lm import LmDataset

CORPUS = "Hello (wor)ld\n  Next\t line  \n\nHello [noise] world\nzz unknown\nNext  Next world\nlast\n"
SYMS = ["[END]", "[UNK]", "[START]", "_", "[NOISE]"] + sorted(set("Hello world Next line last"))
REPLACE = {"w": "W", "d": "l"}

with open("ref_corpus.txt", "w") as f:
    f.write(CORPUS)
with open("ref_chars.syms", "w") as f:
    f.write("".join(s + "\n" for s in SYMS + ["W"]))
with open("ref_words.map", "w") as f:
    words = ["[END]", "[UNK]", "[START]", "Hello", "world", "Next", "line", "last", "[NOISE]"]
    f.write("".join("%s %i\n" % (w, i) for i, w in enumerate(words)))
with open("ref_replace.json", "w") as f:
    json.dump(REPLACE, f)

CASES = {
    "chars_auto_unknown": dict(orth_symbols_file="ref_chars.syms", auto_replace_unknown_symbol=True, unknown_symbol="[UNK]"),
    "chars_skip_invalid": dict(orth_symbols_file="ref_chars.syms", error_on_invalid_seq=False),
    "chars_word_end_replace": dict(
        orth_symbols_file="ref_chars.syms", word_end_symbol="_", orth_replace_map_file="ref_replace.json",
        auto_replace_unknown_symbol=True, unknown_symbol="[UNK]", seq_end_symbol=None),
    "words_delayed_sorted": dict(
        orth_symbols_map_file="ref_words.map", word_based=True, auto_replace_unknown_symbol=True, unknown_symbol="[UNK]",
        add_delayed_seq_data=True, seq_ordering="sorted"),
    "words_keep_empty_reverse": dict(
        orth_symbols_map_file="ref_words.map", word_based=True, auto_replace_unknown_symbol=True, unknown_symbol="[UNK]",
        skip_empty_lines=False, seq_ordering="reverse", tag_prefix="t"),
}

out = {"_generator": "Tests/Fixtures/lm/make_lm_reference.py (upstream RETURNN LmDataset)", "cases": {}}
for name, opts in CASES.items():
    ds = LmDataset(corpus_file="ref_corpus.txt", **opts)
    ds.init_seq_order(epoch=1)
    seqs = []
    i = 0
    while ds.is_less_than_num_seqs(i):
        ds.load_seqs(i, i + 1)
        if ds._get_seq(i) is None:  # skipped seqs: upstream's num_seqs over-counts until the end
            break
        seq = {"tag": ds.get_tag(i), "data": ds.get_data(i, "data").tolist()}
        if opts.get("add_delayed_seq_data"):
            seq["delayed"] = ds.get_data(i, "delayed").tolist()
        seqs.append(seq)
        i += 1
    out["cases"][name] = {"dtype": str(ds.get_data_dtype("data")), "dim": ds.get_data_dim("data"), "seqs": seqs}

with open("lm_reference.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
