#!/usr/bin/env python3
"""Makes the tiny spoken-digits corpus that DemosTests runs demos/spoken-digits/blstm-ctc.config on.

    python3 Tests/Fixtures/audio/spoken-digits/make_fixture.py

Plain python3. Packs the committed audio fixtures (Tests/Fixtures/audio/utt_a.wav, utt_b.ogg,
utt_c.flac) with digit-word texts into train.zip and dev.zip next to this script, in the layout
demos/spoken-digits/make-corpus.py writes (its own write_oggzip and write_vocab), plus words.vocab.
The audio is not speech; the test only checks that the demo config loads, trains and decodes.
"""

import importlib.util
import os

here = os.path.dirname(os.path.abspath(__file__))
audio_dir = os.path.dirname(here)
root = os.path.dirname(os.path.dirname(os.path.dirname(audio_dir)))
spec = importlib.util.spec_from_file_location(
    "make_corpus", os.path.join(root, "demos", "spoken-digits", "make-corpus.py"))
make_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_corpus)


def entries(name, items):
    result = []
    for i, (source, text, duration) in enumerate(items):
        with open(os.path.join(audio_dir, source), "rb") as f:
            audio = f.read()
        file_name = "%s-%04i%s" % (name, i, os.path.splitext(source)[1])
        result.append((file_name, audio, {"file": file_name, "seq_name": "spoken-digits/%s/%04i" % (name, i),
                                          "text": text, "duration": duration}))
    return result


make_corpus.write_oggzip(here, "train", entries("train", [
    ("utt_a.wav", "one two", 0.15), ("utt_b.ogg", "three four one", 0.25), ("utt_c.flac", "nine yes", 0.1)]))
make_corpus.write_oggzip(here, "dev", entries("dev", [("utt_c.flac", "seven", 0.1), ("utt_a.wav", "zero stop", 0.15)]))
make_corpus.write_vocab(os.path.join(here, "words.vocab"))
