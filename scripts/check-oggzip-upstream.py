#!/usr/bin/env python3
"""Compares swift-returnn's OggZipDataset with upstream RETURNN's on a real OggZip: the features
("data"), "classes" and tags of the first sequences, in the order of seq_ordering="sorted".
swift-returnn's side comes from `returnn dump-dataset ... --type hdf` (HDF written by our dumper).

Usage (a Python with returnn, librosa, soundfile, h5py; RETURNN_BIN defaults to .build/release/returnn):
    python3 scripts/check-oggzip-upstream.py CORPUS.zip [AUDIO_OPTS_PY_DICT] [NUM_SEQS=20]
e.g.  python3 scripts/check-oggzip-upstream.py data/dev.zip "{'features': 'log_mel_filterbank', 'num_feature_filters': 80}"

Prints the largest absolute and relative differences; exits 1 when a value is outside the
tolerance of docs/audio.md (|swift - upstream| <= 1e-4 + 1e-5 |upstream|) or tags/lengths differ.
"""
import ast
import os
import subprocess
import sys
import tempfile

import h5py
import numpy

from returnn.datasets.audio import OggZipDataset


def main():
    path = os.path.abspath(sys.argv[1])
    audio = ast.literal_eval(sys.argv[2]) if len(sys.argv) > 2 else {"features": "mfcc"}
    num = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    binary = os.environ.get("RETURNN_BIN", ".build/release/returnn")
    ds = OggZipDataset(path=path, audio=audio, targets=None, seq_ordering="sorted")
    ds.initialize()
    ds.init_seq_order(epoch=1)
    num = min(num, ds.num_seqs)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "swift.hdf")
        spec = repr({"class": "OggZipDataset", "path": path, "audio": audio, "targets": None, "seq_ordering": "sorted"})
        subprocess.run([binary, "dump-dataset", spec, "--type", "hdf", "--out", out, "--endseq", str(num - 1)], check=True,
                       stdout=subprocess.DEVNULL)
        f = h5py.File(out, "r")
        tags = [t.decode() if isinstance(t, bytes) else t for t in f["seqTags"][:]]
        lens = f["seqLengths"][:, 0]
        inputs = f["inputs"][:]
    ok = True
    worst_abs = worst_rel = 0.0
    offset = 0
    for i in range(num):
        ds.load_seqs(i, i + 1)
        ref = ds.get_data(i, "data")
        if tags[i] != ds.get_tag(i) or lens[i] != ref.shape[0]:
            print("seq %i: tag/length %s/%i, upstream %s/%i" % (i, tags[i], lens[i], ds.get_tag(i), ref.shape[0]))
            ok = False
            break
        ours = inputs[offset:offset + lens[i]]
        offset += lens[i]
        diff = numpy.abs(ours.astype("float64") - ref)
        worst_abs = max(worst_abs, float(diff.max()))
        worst_rel = max(worst_rel, float((diff / numpy.maximum(numpy.abs(ref), 1e-3)).max()))
        if numpy.any(diff > 1e-4 + 1e-5 * numpy.abs(ref)):
            print("seq %i (%s): values outside the tolerance (max abs diff %g)" % (i, tags[i], diff.max()))
            ok = False
    print("%s: %i seqs, %i frames, features %r: max abs diff %.3g, max rel diff %.3g -> %s"
          % (os.path.basename(path), num, offset, audio, worst_abs, worst_rel, "OK" if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
