#!/usr/bin/env python3
"""Runs swift-returnn through i6_core's real RETURNN job classes under Sisyphus and checks the
files i6_core reads afterwards. Hand-run (needs Sisyphus, i6_core and their Python packages).

    python3 scripts/check-i6core.py --sisyphus SISYPHUS_CHECKOUT --i6-core I6_CORE_CHECKOUT

Neither Sisyphus nor i6_core is on PyPI under these names (PyPI's `sisyphus` is another
project): use checkouts of the rwth-i6/sisyphus and rwth-i6/i6_core repositories, and a venv
outside this repository with the packages they import:

    python3 -m venv /tmp/venv-i6core
    /tmp/venv-i6core/bin/pip install numpy h5py matplotlib black psutil flask librosa soundfile
    /tmp/venv-i6core/bin/python scripts/check-i6core.py --sisyphus ~/src/sisyphus --i6-core ~/src/i6_core

`--sisyphus` / `--i6-core` default to $SISYPHUS_DIR / $I6_CORE_DIR. The returnn binary is the one
`rnn.py` finds in --returnn-root (default: this checkout; build it with `./dev build`), or --binary.

What it does, in a Sisyphus setup in a temporary directory (kept with --keep):
  phase 1: ReturnnTrainingJob (12AX, 3 epochs, device cpu, returnn_python_exe = this python,
           returnn_root = the checkout) and GetBestEpochJob on its learning_rates;
  phase 2: ReturnnForwardJob to output.hdf with returnn_python_exe = the returnn binary itself
           (`returnn <root>/rnn.py returnn.config`), the same job in eval mode, and, when the
           training wrote TF-format checkpoints (models/epoch.NNN.index), ReturnnComputePriorJobV2;
  phase 3: ReturnnSearchJobV2, which must fail with swift-returnn's "not implemented yet" error.
Then it checks, outside Sisyphus, the files as i6_core reads them: learning_rates (eval with
EpochData, as ReturnnTrainingJob.plot and GetBestEpochJob do), the plots i6_core drew from it,
the model files, returnn.log, output.hdf (h5py), prior.txt (numpy.loadtxt). Exit status 0 when
every check passes.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The Sisyphus config: PARAMS is filled in by this script. i6_core's jobs are used as a setup would.
SIS_CONFIG = r'''
import os
from sisyphus import tk
from i6_core.returnn.config import ReturnnConfig
from i6_core.returnn.training import ReturnnTrainingJob, GetBestEpochJob, GetBestTFCheckpointJob, PtCheckpoint
from i6_core.returnn.forward import ReturnnForwardJob
from i6_core.returnn.extract_prior import ReturnnComputePriorJobV2
from i6_core.returnn.search import ReturnnSearchJobV2

PARAMS = json.loads(PARAMS_JSON)

NETWORK = {
    "fw0": {"class": "rec", "unit": "nativelstm2", "n_out": 10, "from": "data"},
    "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]},
}
COMMON = {"backend": "tensorflow", "num_inputs": 9, "num_outputs": 2, "network": NETWORK}


def returnn_config(config, post_config=None):
    return ReturnnConfig(config={**COMMON, **config}, post_config=post_config or {})


def main():
    phase = int(os.environ["CHECK_PHASE"])
    python = tk.Path(PARAMS["python"])
    root = tk.Path(PARAMS["returnn_root"])
    train = ReturnnTrainingJob(
        returnn_config(
            {
                "train": {"class": "Task12AXDataset", "num_seqs": 300},
                "dev": {"class": "Task12AXDataset", "num_seqs": 50, "fixed_random_seed": 1},
                "batching": "random", "batch_size": 5000, "max_seqs": 10,
                "optimizer": {"class": "adam"}, "learning_rate": 0.01,
            }
        ),
        log_verbosity=3, device="cpu", num_epochs=3, time_rqmt=1, mem_rqmt=2, cpu_rqmt=1,
        returnn_python_exe=python, returnn_root=root,
    )
    train.add_alias("train")
    tk.register_output("train/learning_rates", train.out_learning_rates)
    best = GetBestEpochJob(train.out_model_dir, train.out_learning_rates, key="dev_score")
    best.add_alias("best_epoch")
    tk.register_output("best_epoch", best.out_epoch)
    if PARAMS["tf_checkpoints"]:
        best_checkpoint = GetBestTFCheckpointJob(train.out_model_dir, train.out_learning_rates, key="dev_score")
        best_checkpoint.add_alias("best_checkpoint")
        tk.register_output("best_checkpoint.index", best_checkpoint.out_checkpoint.index_path)
    if phase < 2:
        return
    if PARAMS["tf_checkpoints"]:
        checkpoint = train.out_checkpoints[3]
    else:
        checkpoint = PtCheckpoint(train.out_model_dir.join_right("epoch.003.safetensors"))
    eval_data = {"class": "Task12AXDataset", "num_seqs": 20, "fixed_random_seed": 3}
    forward = ReturnnForwardJob(
        checkpoint, returnn_config({"eval": eval_data, "forward_batch_size": 5000, "max_seqs": 10}),
        returnn_python_exe=tk.Path(PARAMS["binary"]), returnn_root=root, device="cpu", mem_rqmt=2, cpu_rqmt=1,
    )
    forward.add_alias("forward")
    tk.register_output("forward/output.hdf", forward.out_default_hdf)
    evaluation = ReturnnForwardJob(
        best_checkpoint.out_checkpoint if PARAMS["tf_checkpoints"] else checkpoint, returnn_config({"eval": eval_data, "batch_size": 5000, "max_seqs": 10}), eval_mode=True,
        returnn_python_exe=python, returnn_root=root, device="cpu", mem_rqmt=2, cpu_rqmt=1,
    )
    evaluation.add_alias("eval")
    tk.register_output("eval/config", evaluation.out_returnn_config_file)
    if PARAMS["tf_checkpoints"]:
        prior = ReturnnComputePriorJobV2(
            checkpoint, returnn_config({"train": {"class": "Task12AXDataset", "num_seqs": 100}, "batch_size": 5000, "max_seqs": 10}),
            returnn_python_exe=python, returnn_root=root, device="cpu", mem_rqmt=2, cpu_rqmt=1,
        )
        prior.add_alias("prior")
        tk.register_output("prior.txt", prior.out_prior_txt_file)
    if phase < 3:
        return
    search = ReturnnSearchJobV2(
        search_data=eval_data, model_checkpoint=checkpoint, returnn_config=returnn_config({"batch_size": 5000}),
        returnn_python_exe=python, returnn_root=root, device="cpu", mem_rqmt=2, cpu_rqmt=1,
    )
    search.add_alias("search")
    tk.register_output("search_out", search.out_search_file)
'''

SETTINGS = r'''
def engine():
    from sisyphus.localengine import LocalEngine
    return LocalEngine(cpus=2, gpus=0, mem=8)

WAIT_PERIOD_JOB_FS_SYNC = 0
WAIT_PERIOD_BETWEEN_CHECKS = 1
WAIT_PERIOD_CACHE = 0
WAIT_PERIOD_JOB_CLEANUP = 0
WAIT_PERIOD_MTIME_OF_INPUTS = 0
JOB_AUTO_CLEANUP = False
SHOW_JOB_TARGETS = False
USE_VERBOSE_TRACEBACK = False
'''


class Checks:
    """Collects the results; prints one line per check."""

    def __init__(self):
        self.failed = []

    def __call__(self, ok, what, detail=""):
        print("%s  %s%s" % ("ok  " if ok else "FAIL", what, (": " + detail) if detail else ""))
        if not ok:
            self.failed.append(what)
        return ok


def find_binary(args):
    if args.binary:
        return os.path.abspath(args.binary)
    exe = os.path.join(args.returnn_root, ".build", "release", "returnn")
    return exe if os.access(exe, os.X_OK) else None


def run_manager(setup, sis, phase, log):
    env = dict(os.environ, CHECK_PHASE=str(phase))
    # i6_core's ReturnnConfig looks up `black` on PATH; use the one beside this python.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    with open(log, "a") as f:
        f.write("\n===== phase %i =====\n" % phase)
        f.flush()
        r = subprocess.run([sys.executable, sis, "m", "-r"], cwd=setup, env=env, stdout=f, stderr=subprocess.STDOUT, timeout=900)
    return r.returncode


def read_epoch_data(path):
    """The learning_rates file as i6_core's ReturnnTrainingJob.plot / GetBestEpochJob read it."""
    import numpy as np

    def EpochData(learningRate, error):
        return {"learning_rate": learningRate, "error": error}

    with open(path, "rt") as f:
        text = f.read()
    return eval(text, {"EpochData": EpochData, "nan": float("nan"), "inf": float("inf"), "np": np})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sisyphus", default=os.environ.get("SISYPHUS_DIR"), help="checkout of rwth-i6/sisyphus ($SISYPHUS_DIR)")
    ap.add_argument("--i6-core", default=os.environ.get("I6_CORE_DIR"), help="checkout of rwth-i6/i6_core ($I6_CORE_DIR)")
    ap.add_argument("--returnn-root", default=REPO, help="returnn_root for the jobs: the directory with rnn.py (default: this checkout)")
    ap.add_argument("--binary", help="the returnn binary (default: RETURNN_ROOT/.build/release/returnn, as rnn.py finds it)")
    ap.add_argument("--keep", help="build the Sisyphus setup in this new directory and keep it")
    args = ap.parse_args()
    args.returnn_root = os.path.abspath(args.returnn_root)
    for name, path, probe in [("--sisyphus", args.sisyphus, "sis"), ("--i6-core", args.i6_core, "returnn/training.py")]:
        if not path or not os.path.exists(os.path.join(path, probe)):
            sys.exit("check-i6core: %s must name a checkout containing %s (got %r)" % (name, probe, path))
    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as e:
        sys.exit("check-i6core: %s; run this script with a python that has i6_core's packages (see --help)" % e)
    if not shutil.which("black", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")):
        sys.exit("check-i6core: black not found; i6_core's ReturnnConfig formats configs with it (pip install black)")
    binary = find_binary(args)
    if not binary:
        sys.exit("check-i6core: no returnn binary in %s/.build/release; run ./dev build there, or pass --binary" % args.returnn_root)

    setup = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="check-i6core-")
    os.makedirs(os.path.join(setup, "work"), exist_ok=True)
    os.makedirs(os.path.join(setup, "recipe"), exist_ok=True)
    os.makedirs(os.path.join(setup, "config"), exist_ok=True)
    link = os.path.join(setup, "recipe", "i6_core")
    if not os.path.exists(link):
        os.symlink(os.path.abspath(args.i6_core), link)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print("swift-returnn: %s" % binary)
    print("  %s" % version)
    print("Sisyphus setup: %s" % setup)
    settings = SETTINGS
    if args.binary:
        # Sisyphus clears the jobs' environment; keep rnn.py pointed at the chosen binary.
        settings += "DEFAULT_ENVIRONMENT_SET['SWIFT_RETURNN_BINARY'] = %r\n" % binary
    with open(os.path.join(setup, "settings.py"), "w") as f:
        f.write(settings)
    params = {"python": sys.executable, "returnn_root": args.returnn_root, "binary": binary, "tf_checkpoints": False}

    def write_config():
        with open(os.path.join(setup, "config", "__init__.py"), "w") as f:
            f.write("import json\nPARAMS_JSON = %r\n" % json.dumps(params) + SIS_CONFIG)

    sis = os.path.join(os.path.abspath(args.sisyphus), "sis")
    log = os.path.join(setup, "manager.log")
    alias = lambda *p: os.path.join(setup, "alias", *p)  # noqa: E731
    check = Checks()

    # Phase 1: training and best epoch.
    write_config()
    run_manager(setup, sis, 1, log)
    check(os.path.exists(alias("train", "finished")), "ReturnnTrainingJob finished (create_files, run, plot)",
          "" if os.path.exists(alias("train", "finished")) else "see %s and %s" % (log, alias("train")))
    with open(alias("train", "work", "rnn.sh")) as f:
        print("    rnn.sh: %s" % f.read().splitlines()[-1])
    with open(alias("train", "output", "returnn.config")) as f:
        first = f.readline().strip()
    check(first == "#!rnn.py", "returnn.config written by ReturnnConfig.write (black-formatted)", first)
    models = sorted(os.listdir(alias("train", "output", "models")))
    tf_files = all("epoch.%03d.%s" % (e, ext) in models for e in (1, 2, 3) for ext in ("index", "meta", "data-00000-of-00001"))
    check(tf_files, "TF checkpoints in output/models as i6_core's Checkpoint / GetBestTFCheckpointJob read them",
          " ".join(m for m in models if m.startswith("epoch.")))
    check(any(m.startswith("train-") for m in models) and any(m.startswith("dev-") for m in models),
          "TensorBoard runs next to the models (tf_log_dir default, as upstream)", " ".join(m for m in models if not m.startswith("epoch.")))
    params["tf_checkpoints"] = all("epoch.%03d.index" % e in models for e in (1, 2, 3))
    data = read_epoch_data(alias("train", "output", "learning_rates"))
    keys = sorted(k for k in data[3]["error"] if not k.startswith(":meta:"))
    check(sorted(data) == [1, 2, 3] and keys == ["dev_error", "dev_score", "train_error", "train_score"],
          "learning_rates parsed with i6_core's eval + EpochData",
          "; ".join("epoch %i lr %s dev_score %.4f" % (e, data[e]["learning_rate"], data[e]["error"]["dev_score"]) for e in sorted(data)))
    for png in ["score_and_error.png", "learning_rate.png"]:
        p = alias("train", "output", png)
        check(os.path.exists(p) and os.path.getsize(p) > 1000, "i6_core's plot task drew %s" % png)
    with open(alias("train", "work", "returnn.log")) as f:
        train_log = f.read()
    check("Finished training in epoch 3." in train_log and "\r" not in train_log, "work/returnn.log (log = ['./returnn.log'])",
          "%i lines, no progress line" % train_log.count("\n"))
    with open(alias("best_epoch", "output", "epoch")) as f:
        best_epoch = f.read().strip()
    expected = min(sorted(data), key=lambda e: data[e]["error"]["dev_score"])
    check(best_epoch == str(expected), "GetBestEpochJob(key='dev_score')", "epoch %s" % best_epoch)
    subprocess.run([binary, "plot", alias("train", "output", "learning_rates"), "-o", os.path.join(setup, "learning_rates.svg")], check=False)
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-o", os.path.join(setup, "learning_rates.png"), os.path.join(setup, "learning_rates.svg")], check=False)

    # Phase 2: forward, eval, prior.
    write_config()
    run_manager(setup, sis, 2, log)
    print("    checkpoint for the next jobs: %s" % ("TF-format epoch.003.index (Checkpoint)" if params["tf_checkpoints"]
                                                 else "output/models/epoch.003.safetensors (PtCheckpoint; no TF-format checkpoints)"))
    ok = check(os.path.exists(alias("forward", "finished")), "ReturnnForwardJob finished, returnn_python_exe = the binary",
               "" if os.path.exists(alias("forward", "finished")) else "see %s" % alias("forward"))
    if ok:
        import h5py
        import numpy as np

        with open(alias("forward", "work", "rnn.sh")) as f:
            print("    rnn.sh: %s" % f.read().splitlines()[-1])
        with h5py.File(alias("forward", "output", "output.hdf"), "r") as h:
            x = h["inputs"][...]
            lens = h["seqLengths"][...]
            tags = h["seqTags"][...]
        check(x.ndim == 2 and x.shape[1] == 2 and len(tags) == 20 and int(lens[:, 0].sum()) == x.shape[0]
              and np.allclose(x.sum(axis=1), 1, atol=1e-4), "output.hdf (h5py)",
              "inputs %s, %i seqs, posteriors sum to 1" % (x.shape, len(tags)))
        check(os.path.exists(alias("forward", "work", "returnn.log")), "forward's returnn.log moved out of the temp dir")
    if params["tf_checkpoints"]:
        best_dir = alias("best_checkpoint", "output", "model")
        ok = check(os.path.exists(alias("best_checkpoint", "finished")), "GetBestTFCheckpointJob(key='dev_score') finished",
                   " ".join(sorted(os.listdir(best_dir))) if os.path.isdir(best_dir) else "see %s" % alias("best_checkpoint"))
    with open(alias("eval", "output", "returnn.config")) as f:
        eval_config = f.read()
    ok = check(os.path.exists(alias("eval", "finished")), "ReturnnForwardJob(eval_mode=True) finished",
               "task 'eval', load = GetBestTFCheckpointJob's model/checkpoint (a symlink to the best epoch)"
               if params["tf_checkpoints"] else "task 'eval', load = the checkpoint")
    if ok:
        with open(alias("eval", "work", "returnn.log")) as f:
            check("eval: score" in f.read(), "eval's returnn.log has the eval score")
    check("load = " in eval_config, "eval config has load", [l for l in eval_config.splitlines() if l.startswith("load")][0])
    if params["tf_checkpoints"]:
        ok = check(os.path.exists(alias("prior", "finished")), "ReturnnComputePriorJobV2 finished (run, plot)")
        if ok:
            import numpy as np

            p = np.loadtxt(alias("prior", "output", "prior.txt"), delimiter=" ")
            check(p.shape == (2,) and abs(np.exp(p).sum() - 1) < 1e-4, "prior.txt read with numpy.loadtxt", "log priors %s" % p)
            check(os.path.exists(alias("prior", "output", "prior.xml")), "prior.xml written by i6_core from prior.txt")
    else:
        print("skip  ReturnnComputePriorJobV2: it needs TF-format checkpoints (Checkpoint.index_path), which this build does not write")
        # The file that job reads, from the same task run directly on the training's config and model.
        import numpy as np

        pdir = os.path.join(setup, "prior-direct")
        os.makedirs(pdir, exist_ok=True)
        out = os.path.join(pdir, "prior.txt")
        r = subprocess.run([binary, alias("train", "output", "returnn.config"), "++task", "compute_priors",
                            "++load", alias("train", "output", "models", "epoch.003.safetensors"), "++output_file", out],
                           cwd=pdir, capture_output=True, text=True)
        ok = check(r.returncode == 0 and os.path.exists(out), "task compute_priors run directly (as the job's rnn.sh would)", r.stderr.strip())
        if ok:
            p = np.loadtxt(out, delimiter=" ")
            check(p.shape == (2,) and abs(np.exp(p).sum() - 1) < 1e-4, "its prior.txt read with numpy.loadtxt as the job does", "log priors %s" % p)

    # Phase 3: search is not implemented yet: the job must fail with a clear message.
    write_config()
    run_manager(setup, sis, 3, log)
    search_log = ""
    for name in sorted(os.listdir(alias("search"))) if os.path.isdir(alias("search")) else []:
        if name.startswith("log.run"):
            with open(alias("search", name)) as f:
                search_log += f.read()
    message = "task 'search' is a RETURNN task that swift-returnn does not implement yet"
    check(os.path.exists(alias("search", "error.run.1")) and message in search_log, "ReturnnSearchJobV2 fails clearly",
          next((l.strip() for l in search_log.splitlines() if message in l), "no such message in %s" % alias("search")))

    print("\n%s: %i check(s) failed" % ("FAILED", len(check.failed)) if check.failed else "\nall checks passed")
    if not check.failed and not args.keep:
        shutil.rmtree(setup)
        print("(setup removed; use --keep DIR to keep it)")
    else:
        print("manager log: %s; returnn plot of the training: %s" % (log, os.path.join(setup, "learning_rates.svg")))
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
