#!/usr/bin/env python3
"""Writes the vocabulary fixtures of this folder and vocab_reference.json: what upstream RETURNN's
vocabularies (Vocabulary, BytePairEncoding, SentencePieces, CharacterTargets, Utf8ByteTargets),
TranslationDataset and LmDataset with orth_vocab give for them (the Swift tests replay it).

bpe-unicode-demo.codes/.vocab are upstream's own test files (tests/ of RETURNN), copied here.
spm.model is a tiny SentencePiece BPE model trained here (identity normalization keeps it small).

Run from this folder with a Python that has `returnn` and `sentencepiece` installed (e.g. the
peers venv: pip install sentencepiece):
  python make_vocab_reference.py
"""
import gzip
import json
import os
import pickle

import sentencepiece as spm

from returnn.datasets.lm import LmDataset, TranslationDataset
from returnn.datasets.util.vocabulary import Vocabulary

# --- vocab files in every form upstream reads ---
WORDS = ["<s>", "</s>", "<unk>", "the", "cat", "sat", "on", "mat", "a", "dog", "é", "e\u0301"]
with open("words.txt", "w", encoding="utf8") as f:
    f.write("".join(w + "\n" for w in WORDS))
with gzip.GzipFile("words.txt.gz", "wb", mtime=0) as f:  # mtime 0: the same bytes on every run
    f.write("".join(w + "\n" for w in WORDS).encode("utf8"))
with open("words.dict", "w", encoding="utf8") as f:
    # Without the last (decomposed) word: swift-returnn's config dicts compare str keys by Unicode
    # canonical equivalence, so a dict literal cannot hold both "é" forms (docs/differences.md).
    f.write("{\n" + "".join("%r: %i,\n" % (w, i) for i, w in enumerate(WORDS[:-1])) + "'<S>': 0,\n}\n")
for proto in (2, 3, 4, 5):
    with open("words.p%i.pkl" % proto, "wb") as f:
        pickle.dump({w: i for i, w in enumerate(WORDS)}, f, protocol=proto)
with open("many.p2.pkl", "wb") as f:  # > 256 memo entries: LONG_BINPUT, BININT2
    pickle.dump({"w%i" % i: i for i in range(300)}, f, protocol=2)
with open("ints.p2.pkl", "wb") as f:  # BININT1, BININT2, BININT, LONG1, negative
    pickle.dump({"a": 0, "b": 300, "c": 70000, "d": -5, "e": 2 ** 40, "f": -(2 ** 40)}, f, protocol=2)
with open("chars.txt", "w", encoding="utf8") as f:
    f.write("".join(c + "\n" for c in ["@", " ", "a", "b", "c", "ä", "\u0301"]))

# --- a tiny SentencePiece model ---
with open("spm-train.txt", "w", encoding="utf8") as f:
    f.write("the cat sat on the mat\nthe dog sat on a mat\nthe cat and the dog\nhello world the end\n" * 5)
spm.SentencePieceTrainer.train(
    input="spm-train.txt", model_prefix="spm", vocab_size=40, model_type="bpe",
    normalization_rule_name="identity", pad_id=3, bos_id=1, eos_id=2, unk_id=0,
    minloglevel=2)
os.remove("spm-train.txt")
os.remove("spm.vocab")

TEXTS = ["the cat sat", "  a  dog\ton the mat ", "the unknownword é e\u0301", "", "k@@ kod råt"]


def vocab_case(opts, texts, seq_labels_ids=None):
    v = Vocabulary.create_vocab(**opts)
    case = {
        "opts": opts, "class": type(v).__name__, "num_labels": v.num_labels, "labels": list(v.labels),
        "unknown_label_id": v.unknown_label_id, "bos_label_id": v.bos_label_id, "eos_label_id": v.eos_label_id,
        "pad_label_id": v.pad_label_id, "seqs": [],
    }
    for t in texts:
        try:
            seq = [int(i) for i in v.get_seq(t)]
            case["seqs"].append({"text": t, "ids": seq, "labels": v.get_seq_labels(seq)})
        except KeyError as e:
            case["seqs"].append({"text": t, "error": "KeyError %s" % e})
    for ids in seq_labels_ids or []:
        case["seqs"].append({"ids": ids, "labels": v.get_seq_labels(ids)})
    return case


out = {"_generator": "Tests/Fixtures/vocab/make_vocab_reference.py (upstream RETURNN vocabularies, TranslationDataset)", "vocabs": {}}
V = out["vocabs"]
V["words_txt"] = vocab_case({"vocab_file": "words.txt", "unknown_label": "<unk>", "seq_postfix": [1]}, TEXTS)
V["words_gz_bos_eos"] = vocab_case(
    {"vocab_file": "words.txt.gz", "unknown_label": None, "bos_label": "<s>", "eos_label": 1, "pad_label": -1}, TEXTS[:2])
V["words_dict"] = vocab_case({"vocab_file": "words.dict", "unknown_label": 2}, TEXTS)
for proto in (2, 3, 4, 5):
    V["words_p%i" % proto] = vocab_case({"vocab_file": "words.p%i.pkl" % proto, "unknown_label": "<unk>"}, TEXTS[:3])
V["labels_single_ws"] = vocab_case(
    {"vocab_file": None, "labels": ["a b", "a", "b", "c"], "unknown_label": None, "single_whitespace_split": True}, ["a b c", "a  b", "c a b"])
V["bpe_demo"] = vocab_case(
    {"class": "BytePairEncoding", "bpe_file": "bpe-unicode-demo.codes", "vocab_file": "bpe-unicode-demo.vocab",
     "unknown_label": "<unk>"},
    ["kod", "råt", "råt råt iz ďër iz ďër ám àn iz ďër ë låk ë kod áv dres wër yù wêk dù ďë àsk",
     "x $cat {a b} } xy", "ándërs"])
V["bpe_demo_no_class"] = vocab_case(
    {"bpe_file": "bpe-unicode-demo.codes", "vocab_file": "bpe-unicode-demo.vocab", "unknown_label": "<unk>",
     "seq_postfix": [0]}, ["kod dres"])
V["chars"] = vocab_case({"class": "CharacterTargets", "vocab_file": "chars.txt"}, ["abc", "a b ä", "xyz", "a\u0301"])
V["chars_no_unknown"] = vocab_case({"class": "CharacterTargets", "vocab_file": "chars.txt", "unknown_label": None}, ["ab", "ax"])
V["utf8"] = vocab_case({"class": "Utf8ByteTargets", "seq_postfix": [0]}, ["abc", "råt é", "\u20ac"])
V["spm"] = vocab_case({"class": "SentencePieces", "model_file": "spm.model"},
                      ["the cat sat", "hello world", "the unknown zebra", "  the   end  "])
V["spm_bos_eos"] = vocab_case({"class": "SentencePieces", "model_file": "spm.model", "add_bos": True, "add_eos": True},
                              ["the cat"])
# create_vocab_from_labels (what upstream's search uses to write hypotheses)
out["from_labels"] = {}
for name, labels in [("chars", ["a", "b", " "]), ("words", ["ab", "c"]), ("bytes", [chr(i) for i in range(256)])]:
    v = Vocabulary.create_vocab_from_labels(labels)
    out["from_labels"][name] = {"class": type(v).__name__, "labels": v.get_seq_labels([0, 1, 0])}
for name in ("spm",):
    sp = spm.SentencePieceProcessor(model_file="spm.model")
    ids = sp.encode("the cat sat on the mat")
    out["spm_decode"] = {"ids": ids, "text": sp.decode(ids)}

# --- TranslationDataset on a tiny corpus ---
os.makedirs("translation", exist_ok=True)
SRC = ["das ist gut", "ein Haus", "", "  das   Haus ist   neu ", "unbekannt gut", "ist"]
TGT = ["this is good", "a house", "", "the house is new", "unknown good", "is"]
src_words = ["<S>", "</S>", "<UNK>", "das", "ist", "gut", "ein", "Haus", "neu"]
tgt_words = ["<s>", "</s>", "<UNK>", "this", "is", "good", "a", "house", "the", "new"]
src_vocab = {w: i for i, w in enumerate(src_words)}
src_vocab["<s>"] = 0  # two labels for index 0: the label list keeps the greatest ("<s>")
with open("translation/source.vocab.pkl", "wb") as f:
    pickle.dump(src_vocab, f, protocol=2)
with open("translation/target.vocab.pkl", "wb") as f:
    pickle.dump({w: i for i, w in enumerate(tgt_words)}, f, protocol=4)
with gzip.GzipFile("translation/source.train.gz", "wb", mtime=0) as f:
    f.write("".join(s + "\n" for s in SRC).encode("utf8"))
with open("translation/target.train", "w", encoding="utf8") as f:
    f.write("".join(s + "\n" for s in TGT[:-1]) + TGT[-1])  # no final newline

out["translation"] = {}


def translation_case(name, epochs, **kwargs):
    ds = TranslationDataset(path="translation", file_postfix="train", **kwargs)
    case = {"opts": kwargs, "labels": ds.labels, "num_outputs": ds.num_outputs, "epochs": []}
    for epoch in epochs:
        ds.init_seq_order(epoch=epoch)
        ds.load_seqs(0, ds.num_seqs)
        seqs = []
        for i in range(ds.num_seqs):
            seqs.append({"tag": ds.get_tag(i), **{k: ds.get_data(i, k).tolist() for k in ds.get_data_keys()}})
        case["epochs"].append({"epoch": epoch, "num_seqs": ds.num_seqs, "seqs": seqs})
    case["all_tags"] = ds.get_all_tags()
    out["translation"][name] = case


translation_case("postfix_unknown", [1], source_postfix=" </S>", target_postfix=" </s>", unknown_label="<UNK>")
translation_case("partition_sorted", [1, 2, 3], unknown_label={"data": "<UNK>", "classes": "<UNK>"},
                 partition_epoch=2, seq_ordering="sorted")
translation_case("source_only_random", [1, 2], source_only=True, unknown_label="<UNK>", seq_ordering="random")

# --- LmDataset with orth_vocab ---
with open("lm-corpus.txt", "w", encoding="utf8") as f:
    f.write("kod råt\n  dres wër  \nzzz\n")
ds = LmDataset(corpus_file="lm-corpus.txt", orth_vocab={
    "class": "BytePairEncoding", "bpe_file": "bpe-unicode-demo.codes", "vocab_file": "bpe-unicode-demo.vocab",
    "unknown_label": "<unk>", "seq_postfix": [0]})
ds.init_seq_order(epoch=1)
ds.load_seqs(0, 3)
out["lm_orth_vocab"] = {"dtype": ds.dtype, "num_labels": len(ds.labels["data"]),
                        "seqs": [ds.get_data(i, "data").tolist() for i in range(ds.num_seqs)]}

with open("vocab_reference.json", "w", encoding="utf8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
