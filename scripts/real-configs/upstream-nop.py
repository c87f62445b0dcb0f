#!/usr/bin/env python3
"""Evaluates a RETURNN config with upstream RETURNN's own config loader, as `rnn.py CONFIG ++task nop`
does before it sets up the log, the device and the engine: the reference for which configs of the
corpus evaluate upstream.

    upstream-nop.py CONFIG [++key value ...]

Needs the pip package `returnn` (and whatever the config imports at evaluation time, e.g. numpy,
tensorflow). Used through run.sh:

    scripts/real-configs/run.sh "python3 scripts/real-configs/upstream-nop.py" MIRRORS

Exits 0 when the config evaluates; otherwise Python's traceback ends with the exception.
Leaving out the log/device/engine steps keeps the outcome free of the machine (a missing log
directory of the authors' cluster, `device = "gpu"` on a machine without GPU). The config's
directory comes first on sys.path, as when `python3 -m returnn CONFIG` runs in that directory, so
that the config can import its sibling helper modules.
"""

import os
import sys

from returnn import __main__ as rnn  # also installs the old module names (TFUtil, Pretrain, Util, ...)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1])))
    rnn.init_config(config_filename=sys.argv[1], command_line_options=sys.argv[2:])
    print("config evaluated: %d keys, task %r" % (len(rnn.config.typed_dict) + len(rnn.config.dict), rnn.config.value("task", "train")))


if __name__ == "__main__":
    main()
