#!/usr/bin/env python3
"""Writes the damaged HDF files of Tests/Fixtures/fuzz/hdf from the files of Tests/Fixtures/hdf.

They are regression fixtures of the HDF fuzzer (`returnn-fuzz hdf`), each a few bytes changed
in a fixture; the reader must refuse each with an error. Plain python3, no h5py needed.

The heap-* files damage the global heap collection of old_style.hdf that holds the
variable-length label strings of `targets/labels/classes`, so that libhdf5 (1.10.8; also 2.0
through h5py) loops forever or copies past a buffer (H5GlobalHeapCheck refuses them). The
others were found by `returnn-fuzz hdf` (seeds 4 and 7) as crashes: an extent beyond `Int` (a
trap converting it), a string count beyond any memory (a failed allocation), and extents larger
than the stored data (libhdf5 1.10 reads past it or from a null pointer).

    python3 scripts/hdf/make_fuzz_fixtures.py [REPO_ROOT]   (default: the current directory)

Layout of the collection in old_style.hdf (offsets from the file start): "GCOL" at 8440, size
4096; objects 1..7 of 24 bytes each from 8456 (index u16, refcount u16, 4 reserved, size u64,
data padded to 8), then the free space (index 0) from 8624 to the end.
"""
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
out = os.path.join(root, "Tests/Fixtures/fuzz/hdf")


def fixture(name):
    with open(os.path.join(root, "Tests/Fixtures/hdf", name), "rb") as f:
        return f.read()


old_style = fixture("old_style.hdf")
assert old_style[8440:8444] == b"GCOL", "old_style.hdf changed: no global heap collection at 8440"
assert old_style[8456] == 1 and old_style[8464] == 2 and old_style[8552] == 5 and old_style[8600] == 7, "old_style.hdf changed"
dump_writer = fixture("dump_writer.hdf")
assert old_style[1716] == 0 and [dump_writer[o] for o in (6062, 6977, 6978, 6979, 6986, 7002)] == [0, 1, 0o200, 8, 8, 0o220], "fixtures changed"
simple_writer = fixture("simple_writer.hdf")
simple_writer_extra = fixture("simple_writer_extra.hdf")
assert simple_writer[1791] == 0xFF and simple_writer_extra[5454] == 0 and simple_writer_extra[8104] == 0xFF, "fixtures changed"

cases = {
    # Object 5 claims 0 bytes: the parse runs into its data and reaches a free-space entry of
    # size 0, where libhdf5 loops forever (found by returnn-fuzz hdf, seed 1, input 137).
    "heap-zero-free-space.hdf": (old_style, {8560: 0}),
    # Object 1 claims 8 bytes, its string has length 2: libhdf5 would copy 8 bytes into 2.
    "heap-object-longer-than-string.hdf": (old_style, {8464: 8}),
    # Object 7 renumbered 9: a label refers to object 7, which does not exist.
    "heap-missing-object.hdf": (old_style, {8600: 9}),
    # The maximum extent of seqLengths' second axis becomes 2^64 - 2^60 - 1 (seed 4, input 18032).
    "max-extent-beyond-int.hdf": (simple_writer, {1791: 0xEF}),
    # The extent of a fixed-length label dataset becomes about 2^51 rows (seed 4, input 4446).
    "string-count-beyond-memory.hdf": (simple_writer_extra, {5454: 0x0A}),
    # The second axis of inputs becomes 545460846596 long, its 96 stored bytes stay: libhdf5
    # read past them (seed 7, input 59819).
    "contiguous-extent-beyond-storage.hdf": (old_style, {1716: 0x7F}),
    # The layout of a string dataset becomes compact with 0 stored bytes: libhdf5 copied from a
    # null pointer (seed 7, input 66789).
    "compact-storage-empty.hdf": (dump_writer, {6062: 10, 6977: 0, 6978: 0, 6979: 0, 6986: 0, 7002: 0}),
}
os.makedirs(out, exist_ok=True)
for name, (data, patch) in cases.items():
    b = bytearray(data)
    for offset, value in patch.items():
        b[offset] = value
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(b))
    print("wrote", os.path.join(out, name))
