"""RASR side of swift-returnn's ExternSprintDataset.

swift-returnn starts RASR (e.g. ``nn-trainer``) with::

    --*.trainer=python-trainer --*.pymod-path=<dir of this file> --*.pymod-name=returnn_sprint_extern
    --*.pymod-config=action:ExternSprintDataset,c2p_fd:3,p2c_fd:4
    --*.python-segment-order=true --*.python-segment-order-pymod-name=returnn_sprint_extern ...

RASR's embedded Python imports this module and calls the functions that upstream RETURNN's
``returnn.sprint.extern_interface`` defines (``getSegmentList``, ``init``, ``feedInput*``, ``exit``).
They send the segments to swift-returnn over the child-to-parent pipe in a plain binary framing
(no pickle), all integers little-endian::

    message   = tag:u8 length:u64 payload[length]
    tag "I"   = input_dim:i64 output_dim:i64 names:strlist times:f64list   (after RASR's init)
    tag "D"   = segment_name:optstr features:array num_targets:u32 (key:str kind:u8 value)*
                kind "a": value = array; kind "s": value = str
    tag "E"   = (empty)                                                     (RASR's exit)
    str       = n:u32 utf8[n];  optstr = present:u8 [str];  strlist = n:u32 str*n
    f64list   = n:u32 f64*n
    array     = dtype:u8 ("f" float32, "i" int32) ndim:u8 dims:u64*ndim data

Features go as float32 [time, feature] (RASR hands them over as [feature, time]); alignments as
int32 [time]. The module needs only the standard library and numpy (which RASR's Python has).
"""

import os
import struct
import sys

_segment_names = None
_segment_times = None
_channel = None
_input_dim = None


def _log(msg):
    print("returnn_sprint_extern[pid %i]: %s" % (os.getpid(), msg))
    sys.stdout.flush()


def getSegmentList(corpusName, segmentList, segmentsInfo=None, config=None, **_kwargs):
    """Called by RASR's python-segment-order with the corpus' segment names; keeps RASR's order.

    The names (and each segment's duration, when RASR passes segment info) go to swift-returnn with
    the init message; swift-returnn decides its own order through a segment-order file instead.
    """
    global _segment_names, _segment_times
    _segment_names = [str(s) for s in segmentList]
    _segment_times = None
    if segmentsInfo:
        try:
            _segment_times = [float(segmentsInfo[s]["time"]) for s in _segment_names]
        except (KeyError, TypeError, ValueError):
            _segment_times = None
    _log("getSegmentList(%r), %i segments" % (corpusName, len(_segment_names)))
    return segmentList


def _parse_config(config):
    opts = {}
    for part in (config or "").split(","):
        if part:
            key, _, value = part.partition(":")
            opts[key] = value
    return opts


class _Channel:
    def __init__(self, c2p_fd, p2c_fd):
        self.c2p_fd = c2p_fd
        self.p2c_fd = p2c_fd

    def _write_all(self, data):
        view = memoryview(data)
        while view:
            n = os.write(self.c2p_fd, view)
            view = view[n:]

    def send(self, tag, payload):
        self._write_all(tag + struct.pack("<Q", len(payload)) + payload)

    def close(self):
        for fd in (self.c2p_fd, self.p2c_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def _str(s):
    b = s.encode("utf8")
    return struct.pack("<I", len(b)) + b


def _array(a, dtype_code):
    import numpy

    np_dtype = {"f": "<f4", "i": "<i4"}[dtype_code]
    a = numpy.ascontiguousarray(a, dtype=np_dtype)
    header = struct.pack("<BB", ord(dtype_code), a.ndim) + b"".join(struct.pack("<Q", d) for d in a.shape)
    return header + a.tobytes()


def init(inputDim, outputDim, config, targetMode, **kwargs):
    """Called by RASR's PythonTrainer once it sees the first data; opens the pipe to swift-returnn."""
    global _channel, _input_dim
    if kwargs.get("name") == "Sprint.PythonControl":
        raise Exception("returnn_sprint_extern: RASR's PythonControl is not supported; use trainer=python-trainer")
    if targetMode == "criterion-by-sprint":
        raise Exception("returnn_sprint_extern: targetMode criterion-by-sprint is not supported")
    opts = _parse_config(config)
    if opts.get("action") != "ExternSprintDataset":
        raise Exception("returnn_sprint_extern: pymod-config %r has no action:ExternSprintDataset" % (config,))
    _log("init(inputDim=%r, outputDim=%r, targetMode=%r)" % (inputDim, outputDim, targetMode))
    if _channel is not None:
        return
    _input_dim = int(inputDim)
    _channel = _Channel(int(opts["c2p_fd"]), int(opts["p2c_fd"]))
    names = _segment_names or []
    times = _segment_times or []
    payload = struct.pack("<qq", int(inputDim), int(outputDim))
    payload += struct.pack("<I", len(names)) + b"".join(_str(n) for n in names)
    payload += struct.pack("<I", len(times)) + b"".join(struct.pack("<d", t) for t in times)
    _channel.send(b"I", payload)


def exit():
    """Called by RASR at the end: tells swift-returnn that every segment was sent."""
    _log("exit()")
    if _channel is not None:
        _channel.send(b"E", b"")
        _channel.close()


def feedInputAndTarget(features, weights=None, segmentName=None, orthography=None, alignment=None,
                       speaker_name=None, speaker_gender=None, **_kwargs):
    """Called by RASR for every segment (target mode target-generic)."""
    del weights, speaker_name, speaker_gender  # part of RASR's call, not forwarded (as upstream)
    if _channel is None:
        raise Exception("returnn_sprint_extern: feedInputAndTarget before init")
    if features.shape[0] != _input_dim:
        raise Exception("returnn_sprint_extern: features have %i rows, inputDim is %i" % (features.shape[0], _input_dim))
    targets = []
    if alignment is not None:
        targets.append(_str("classes") + b"a" + _array(alignment, "i"))
    if orthography is not None:
        targets.append(_str("orth") + b"s" + _str(orthography))
    name = b"\x00" if segmentName is None else b"\x01" + _str(segmentName)
    payload = name + _array(features.T, "f") + struct.pack("<I", len(targets)) + b"".join(targets)
    _channel.send(b"D", payload)


def feedInput(features, weights=None, segmentName=None, **_kwargs):
    """Called by RASR without targets."""
    feedInputAndTarget(features=features, weights=weights, segmentName=segmentName)


feedInputUnsupervised = feedInput


def feedInputAndTargetAlignment(features, targetAlignment, weights=None, segmentName=None, **_kwargs):
    """Called by RASR in target mode target-alignment."""
    feedInputAndTarget(features=features, alignment=targetAlignment, weights=weights, segmentName=segmentName)


def feedInputAndTargetSegmentOrth(features, targetSegmentOrth, weights=None, segmentName=None, **_kwargs):
    """Called by RASR in target mode target-segment-orth."""
    feedInputAndTarget(features=features, orthography=targetSegmentOrth, weights=weights, segmentName=segmentName)
