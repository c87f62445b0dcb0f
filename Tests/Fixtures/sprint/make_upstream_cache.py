#!/usr/bin/env python3
"""
Writes `upstream_features.cache` with upstream RETURNN's own Sprint cache writer
(`returnn.sprint.cache.FileArchive.add_feature_cache` + `finalize`), then reads it back with
upstream's reader as a self-check. Run with a Python that has `returnn` and numpy installed
(e.g. the peers venv): `python make_upstream_cache.py` (writes next to this script).

Content (checked by Tests/ReturnnDataTests/SprintCacheArchiveTests.swift):
  segment "corpus/rec_a/1": 3 frames, segment "corpus/rec_b/2": 2 frames, both dim 4;
  value of segment s (0-based), frame t, component k: (100*s + 10*t + k) * 0.5 - 1;
  frame times: (0.01*t, 0.01*(t+1)).
Upstream also writes a "<segment>.attribs" entry after each segment.
"""
import os

import numpy
from returnn.sprint.cache import FileArchive

SEGMENTS = [("corpus/rec_a/1", 3), ("corpus/rec_b/2", 2)]
DIM = 4


def features(s, frames):
    return [numpy.array([(100 * s + 10 * t + k) * 0.5 - 1 for k in range(DIM)], dtype=numpy.float32) for t in range(frames)]


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstream_features.cache")
    if os.path.exists(path):
        os.remove(path)
    archive = FileArchive(path, must_exists=False)
    for s, (name, frames) in enumerate(SEGMENTS):
        times = [(0.01 * t, 0.01 * (t + 1)) for t in range(frames)]
        archive.add_feature_cache(name, features(s, frames), times)
    archive.finalize()
    archive.f.close()

    check = FileArchive(path)
    assert list(check.file_list()) == [n for name, _ in SEGMENTS for n in (name, name + ".attribs")]
    for s, (name, frames) in enumerate(SEGMENTS):
        times, data = check.read(name, "feat")
        assert len(data) == frames
        for t in range(frames):
            assert numpy.array_equal(data[t], features(s, frames)[t])
            assert tuple(times[t]) == (0.01 * t, 0.01 * (t + 1))
    print("wrote", path)


if __name__ == "__main__":
    main()
