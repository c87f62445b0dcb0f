/// Seed configs of the config fuzzer: small but dense in the language the sandbox runs (classes,
/// try/except/finally, with, decorators, imports, comprehensions, f-strings, lambdas, unpacking)
/// and in the formats (Python, JSON, the line format).
enum ConfigFuzzSeeds {
    static let all: [String] = [
        """
        #!returnn.py
        import os
        import sys, math
        from returnn.util.basic import get_login_username
        demo_name, _ = os.path.splitext(__file__)
        use_tensorflow = True
        train = {"class": "Task12AXDataset", "num_seqs": 1000}
        dev = train.copy()
        dev.update({"num_seqs": 100, "fixed_random_seed": 1})
        network = {
        "fw0": {"class": "rec", "unit": "NativeLstm2", "dropout": 0.1, "n_out": 10, "from": "data"},
        "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]}
        }
        model = "/tmp/%s/returnn/%s/model" % (get_login_username(), demo_name)
        learning_rates = [0.001 * (i + 1) for i in range(5)] + [0.005] * 3
        num_epochs = int(math.ceil(len(sys.argv) * 2.5))
        """,
        """
        #!rnn.py
        layer_dim = config.int("layer_dim", 500)
        def get_network(epoch, **kwargs):
            net = {"output": {"class": "softmax", "n_out": layer_dim // 2}}
            for i in range(epoch):
                net["l%i" % i] = {"class": "linear", "n_out": f"{i:03d}", "from": [x for x in net if x != "output"]}
            return net
        nets = [get_network(e) for e in range(3)]
        lr = 1e-3 if layer_dim > 100 else 0.5
        pairs = {k: v for k, v in zip("abc", range(3))}
        first, *rest = sorted(pairs.items(), key=lambda kv: -kv[1])
        """,
        """
        #!returnn.py
        class Schedule(object):
            scale = 2
            def __init__(self, start, *, step=1):
                self.start = start
                self.step = step
            def __call__(self, epoch):
                return self.start + self.step * epoch * self.scale
            @staticmethod
            def name():
                return "sched"
            @property
            def doubled(self):
                return self.start * 2
        class Warmup(Schedule):
            def __call__(self, epoch):
                return min(super().__call__(epoch), 10)
        sched = Warmup(1, step=3)
        learning_rates = [sched(e) for e in range(4)] + [sched.doubled, Schedule.name()]
        """,
        """
        #!returnn.py
        import os
        def env(key, default=None):
            try:
                return os.environ[key]
            except KeyError as e:
                return default
            finally:
                pass
        try:
            batch_size = int(env("BATCH", "5000"))
        except (ValueError, TypeError):
            batch_size = 1000
        else:
            batch_size += 1
        try:
            raise ValueError("no %d" % batch_size)
        except ValueError as err:
            message = str(err)
        assert batch_size > 0, "batch_size must be positive"
        """,
        """
        #!returnn.py
        import functools
        class Ctx:
            def __init__(self):
                self.log = []
            def __enter__(self):
                self.log.append("in")
                return self
            def __exit__(self, *args):
                self.log.append("out")
                return False
        with Ctx() as c:
            c.log.append("body")
        def twice(f):
            @functools.wraps(f)
            def wrapper(*args, **kwargs):
                return f(*args, **kwargs) * 2
            return wrapper
        @twice
        def hidden(n=3):
            return n + 1
        sizes = list(map(hidden, [1, 2, 3]))
        total = functools.reduce(lambda a, b: a + b, sizes, 0)
        text = "{name}: {0:>5.2f} {1!r}".format(1.5, "x", name="n") + f"{total:+d} {sizes[-1]!s:>4}"
        """,
        """
        #!returnn.py
        from collections import OrderedDict, defaultdict
        import copy
        d = OrderedDict()
        counts = defaultdict(int)
        for i, w in enumerate("a b c a b a".split()):
            counts[w] += 1
            d[w] = i
        else:
            done = True
        n = 0
        while n < 10:
            n += 3
            if n % 2:
                continue
            if n > 8:
                break
        net = copy.deepcopy({"l%d" % k: {"class": "copy", "from": "data" if k == 0 else "l%d" % (k - 1)} for k in range(4)})
        net["output"] = {"class": "softmax", "loss": "ce", "from": "l3"}
        del net["l3"]["from"]
        sl = list(range(20))[::-3][1:5]
        s = {1, 2, 3} | {4} - {2}
        t = (1,) * 3 + tuple(sl)
        """,
        """
        {
          // JSON config
          "num_inputs": 9, "num_outputs": {"classes": [2, 1]},
          /* block */ "learning_rates": "{1: 0.0005, 25: 0.0003}", "nadam": 1, "x": [1.5, -2e-3, true, null]
        }
        """,
        """
        # line-based
        task train
        hidden_size 10,10,10
        pretrain default
        adadelta true
        """,
    ]
}
