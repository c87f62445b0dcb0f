#!/usr/bin/env python3
"""rnn.py for Sisyphus/i6_core: `python3 <returnn_root>/rnn.py returnn.config [args]` runs swift-returnn.

Point i6_core's `returnn_root` at this checkout (or at PREFIX/share/swift-returnn after `./dev install`).
"""
import os, shutil, sys

here = os.path.dirname(os.path.abspath(__file__))
candidates = [os.environ.get("SWIFT_RETURNN_BINARY"), os.path.join(here, ".build", "release", "returnn"),
              os.path.join(here, "..", "..", "bin", "returnn"), shutil.which("returnn")]
exe = next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)
if exe is None:
    sys.exit("rnn.py: the swift-returnn binary was not found (looked at %s); run ./dev build in %s, or set SWIFT_RETURNN_BINARY"
             % (", ".join(c for c in candidates if c), here))
# `returnn` skips a first argument named rnn.py; the config then sees sys.argv as under upstream's rnn.py.
launcher = [sys.argv[0]] if os.path.basename(sys.argv[0]) == "rnn.py" else []
os.execv(exe, [exe] + launcher + sys.argv[1:])
