#!/usr/bin/env python3
"""Writes a synthetic OggZip corpus for `returnn-bench oggzip` and upstream-oggzip-fps.py:
N utterances of 2-8 s (16 kHz mono Ogg/Vorbis; tones, chirps and noise), packed as upstream's
OggZipDataset expects (<name>.txt meta list + <name>/ audio folder).

Usage: make-oggzip-bench-corpus.py OUT.zip [NUM_SEQS=200]   (needs numpy and soundfile)
"""
import io
import os
import sys
import zipfile

import numpy
import soundfile


def main():
    out = sys.argv[1]
    num = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    name = os.path.splitext(os.path.basename(out))[0]
    rnd = numpy.random.RandomState(1)
    meta = []
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
        for i in range(num):
            dur = rnd.uniform(2, 8)
            t = numpy.arange(int(16000 * dur)) / 16000
            f0 = rnd.uniform(100, 300)
            y = 0.3 * numpy.sin(2 * numpy.pi * f0 * t) + 0.1 * numpy.sin(2 * numpy.pi * (f0 + 500 * t) * t)
            y += 0.05 * rnd.randn(len(t))
            buf = io.BytesIO()
            soundfile.write(buf, y, 16000, format="OGG", subtype="VORBIS")
            fn = "seq%05i.ogg" % i
            z.writestr("%s/%s" % (name, fn), buf.getvalue())
            meta.append({"file": fn, "seq_name": "%s/%i" % (name, i), "text": "seq %i" % i, "duration": len(t) / 16000})
        z.writestr(name + ".txt", repr(meta) + "\n")
    os.replace(tmp, out)
    print("%s: %i sequences, %.0f s of audio" % (out, num, sum(m["duration"] for m in meta)))


if __name__ == "__main__":
    main()
