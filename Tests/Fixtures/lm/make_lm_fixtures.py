#!/usr/bin/env python3
"""Writes the LmDataset test fixtures in this folder (upstream tests/test_Dataset.py,
test_LmDataset_multiple_and_gzipped), using Python's own gzip module as the reference writer.

Run from this folder: python3 make_lm_fixtures.py
"""
import gzip

# Fixed mtime so that the output is reproducible byte for byte.
with open("hello.txt.gz", "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
        g.write(b"Hello world\n")
        g.write(b"Next line\n")
with open("next_world.txt.gz", "wb") as f:
    # Two gzip members in one file, as written by `cat a.gz b.gz`; the second line has
    # surrounding spaces and there is an empty line, both handled as upstream (strip, skip).
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
        g.write(b"Next world\n")
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
        g.write(b"\n  Next world  \n")
with open("hello_line.txt", "w") as f:
    f.write("Hello line\n")
with open("chars.syms", "w") as f:
    f.write("[END]\n")
    covered = []
    for c in "Hello world\nNext line\n":
        if c not in covered and c != "\n":
            covered.append(c)
            f.write(c + "\n")
