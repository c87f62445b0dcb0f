import Foundation
import Testing
@testable import ReturnnConfig

/// Bad input of every kind gives a located `ConfigError`, never a crash or a hang.
@Suite struct ConfigLoadingTests {
    @Test func locatedErrors() {
        let cases: [(String, ConfigError.Kind, Int, String)] = [
            ("x = (1,\ny = 2", .syntax, 2, "'(' was never closed"),
            ("x = 1 +", .syntax, 2, "expected an expression"),
            ("  x = 1\n y = 2", .syntax, 3, "unindent"),
            ("if True:\nx = 1", .syntax, 3, "indented block"),
            ("x = 'abc", .syntax, 2, "unterminated string"),
            ("x = y_undefined", .name, 2, "name 'y_undefined' is not defined"),
            ("lerning_rate = 1\nx = lerning_rat", .name, 3, "did you mean 'lerning_rate'"),
            ("class Model(1):\n  pass", .unsupported, 2, "a base class must be a class defined in the config"),
            ("class Model(object, metaclass=type):\n  pass", .unsupported, 2, "metaclasses are not supported"),
            ("try:\n  x = 1\ny = 2", .syntax, 4, "expected 'except' or 'finally' block"),
            ("try:\n  x = 1\nexcept:\n  pass\nexcept ValueError:\n  pass", .syntax, 4, "default 'except:' must be last"),
            ("with 1 as y:\n  pass", .type, 2, "does not support the context manager protocol"),
            ("@dec\ndef f(): pass", .name, 2, "name 'dec' is not defined"),
            ("@staticmethod\nx = 1", .syntax, 3, "a decorator must be followed by 'def' or 'class'"),
            ("raise 5", .type, 2, "exceptions must derive from BaseException"),
            ("try:\n  x = 1\nexcept 5:\n  pass\nfinally:\n  y = 1\nraise KeyError('k')", .raised, 8, "KeyError: 'k'"),
            ("try:\n  1 / 0\nexcept int:\n  pass", .type, 4, "catching classes that do not inherit from BaseException"),
            ("class A:\n  def __init__(self, x): self.x = x\na = A()", .type, 4, "__init__() missing required argument 'x'"),
            ("class A: pass\nA().y", .name, 3, "'A' object has no attribute 'y'"),
            ("x = super()", .raised, 2, "super(): no arguments"),
            ("x = open('/nonexistent/file')", .io, 2, "No such file or directory: '/nonexistent/file'"),
            ("x = open('out.txt', 'w')", .unsupported, 2, "a config can write no file"),
            ("exec('x = 1')", .name, 2, "'exec' is not available in configs"),
            ("def g():\n  yield 1", .unsupported, 3, "generators"),
            ("x = 'a' + 1", .type, 2, "unsupported operand type(s) for +: 'str' and 'int'"),
            // A native function calling back a value that is not callable: located at the call
            // in the config, not inside the native function (found by returnn-fuzz config).
            ("def twice(f):\n  pass\n@twice\ndef h(n):\n  return n\nsizes = list(map(h, [1, 2]))", .type, 7, "'NoneType' object is not callable"),
            ("x = sorted([2, 1], key=5)", .type, 2, "'int' object is not callable"),
            ("x = [1][5]", .key, 2, "list index out of range"),
            ("x = {'a': 1}['b']", .key, 2, "KeyError"),
            ("x = 1 / 0", .value, 2, "division by zero"),
            ("x = int('abc')", .value, 2, "invalid literal for int()"),
            ("x = len(5)", .type, 2, "has no len()"),
            ("x = {[1]: 2}", .type, 2, "unhashable type: 'list'"),
            ("def f(a): pass\nf(1, 2)", .type, 3, "takes 1 positional argument"),
            ("def f(a): pass\nf(b=1)", .type, 3, "unexpected keyword argument 'b'"),
            ("a, b = [1, 2, 3]", .value, 2, "too many values to unpack"),
            ("assert 1 == 2, 'nope'", .raised, 2, "assertion failed in config: nope"),
            ("raise ValueError('bad')", .raised, 2, "ValueError: bad"),
            ("x = 1 if True", .syntax, 2, "'else'"),
            ("x = 09", .syntax, 2, "leading zeros"),
            ("x = 1j", .unsupported, 2, "complex numbers"),
            ("x = $", .syntax, 2, "unexpected character"),
            ("return 1", .syntax, 2, "'return' outside function"),
            ("x = '%d' % 'a'", .type, 2, "%d format"),
            ("x = '{}'.format()", .key, 2, "Replacement index 0 out of range"),
            ("x = '{:99999999999999999999d}'.format(1)", .limit, 2, "config limit"),
            ("x = '%*d' % (10 ** 12, 1)", .limit, 2, "config limit"),
            ("x = 'a'.zfill(10 ** 12)", .limit, 2, "config limit"),
            ("x = list(range(-9000000000000000000, 9000000000000000000))", .limit, 2, "config limit"),
            ("a = [1]\nb = [1]\na.append(a)\nb.append(b)\nx = a < b", .limit, 6, "nested more than 200"),
            ("t = ()\nfor i in range(300):\n  t = (t,)\nx = {t: 1}", .limit, 5, "nested more than 200"),
            ("x = [" + String(repeating: "[", count: 150) + String(repeating: "]", count: 151), .limit, 2, "nested too deeply"),
            ("x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), .limit, 2, "nested too deeply"),
            ("x = " + String(repeating: "-", count: 500) + "1", .limit, 2, "nested too deeply"),
        ]
        for (src, kind, line, fragment) in cases {
            let e = configError { _ = try loadPython(src) }
            #expect(e?.kind == kind, "\(src.prefix(60)): \(String(describing: e))")
            #expect(e?.location?.line == line, "\(src.prefix(60)): \(String(describing: e))")
            #expect(e?.location?.file == "test.config")
            #expect(e?.message.contains(fragment) == true, "\(src.prefix(60)): \(String(describing: e))")
        }
    }

    /// Bracket errors read and point as CPython 3.11's tokenizer: an unclosed bracket at the
    /// innermost bracket left open (not at the end of the file), a closing bracket of the wrong
    /// kind at the closing bracket, naming the opening one's line when it differs.
    @Test func bracketErrorsPointWhereCPythonPoints() {
        // (source, message, line, column) as `compile()` of CPython 3.11 reports them; the test
        // adds one line at the top ("#!returnn.py"), so the line in a message is one more.
        let cases: [(String, String, Int, Int)] = [
            ("x = (1\ny = 2\n", "'(' was never closed", 1, 5),
            ("d = {\n \"a\": 1,\n", "'{' was never closed", 1, 5),
            ("x = (1,\n  [2,\n", "'[' was never closed", 2, 3),
            ("x = [1, 2\nprint(x)\n", "'[' was never closed", 1, 5),
            ("x = {\"a\": [1, 2}\n", "closing parenthesis '}' does not match opening parenthesis '['", 1, 16),
            ("x = {\"a\": [1,\n 2\n)\n", "closing parenthesis ')' does not match opening parenthesis '[' on line 2", 3, 1),
            ("x = )\n", "unmatched ')'", 1, 5),
        ]
        for (src, message, line, column) in cases {
            let e = configError { _ = try loadPython(src) }
            #expect(e?.kind == .syntax, "\(src): \(String(describing: e))")
            #expect(e?.message == message, "\(src): \(String(describing: e))")
            #expect(e?.location?.line == line + 1 && e?.location?.column == column, "\(src): \(String(describing: e))")
        }
    }

    @Test func extremeSlicesStayInRange() throws {
        let c = try loadPython("x = 'abc'[2::9223372036854775807]\ny = [1, 2, 3][-9223372036854775807:9223372036854775807:-9223372036854775807]")
        #expect(c.typed["x"]?.repr == "'c'")
        #expect(c.typed["y"]?.repr == "[]")
    }

    @Test func deeplyNestedBlocks() {
        var src = ""
        for i in 0..<150 { src += String(repeating: " ", count: i) + "if True:\n" }
        src += String(repeating: " ", count: 150) + "x = 1\n"
        let e = configError { _ = try loadPython(src) }
        #expect(e?.kind == .limit)
        #expect(e?.location != nil)
    }

    @Test func fileErrors() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = Config(environment: testEnvironment())
        let empty = dir.appendingPathComponent("empty.config").path
        try "  \n\n".write(toFile: empty, atomically: false, encoding: .utf8)
        #expect(configError { try c.load(file: empty) }?.kind == .io)
        #expect(configError { try c.load(file: empty) }?.location?.file == empty)
        let bin = dir.appendingPathComponent("bin.config").path
        _ = FileManager.default.createFile(atPath: bin, contents: Data([0x23, 0x21, 0x00, 0xFF, 0x10]))
        #expect(configError { try c.load(file: bin) }?.message.contains("binary") == true)
        let bad = dir.appendingPathComponent("bad.config").path
        _ = FileManager.default.createFile(atPath: bad, contents: Data([0x61, 0x20, 0xFF, 0xFE]))
        #expect(configError { try c.load(file: bad) }?.message.contains("UTF-8") == true)
        #expect(configError { try c.load(file: dir.appendingPathComponent("missing").path) }?.kind == .io)
        #expect(configError { try c.load(file: dir.path) }?.message.contains("directory") == true)
        let lines = dir.appendingPathComponent("lines.config").path
        try "ok 1\njustakey\n".write(toFile: lines, atomically: false, encoding: .utf8)
        #expect(configError { try c.load(file: lines) }?.location?.line == 2)
        let json = dir.appendingPathComponent("j.config").path
        try "{\"a\": 1,\n \"b\": [1, 2}\n".write(toFile: json, atomically: false, encoding: .utf8)
        #expect(configError { try c.load(file: json) }?.location?.line == 2)
    }

    static let seeds = [
        """
        #!returnn.py
        import os
        from returnn.util.basic import get_login_username
        demo_name, _ = os.path.splitext(__file__)
        print("Hello, experiment: %s" % demo_name)
        use_tensorflow = True
        train = {"class": "Task12AXDataset", "num_seqs": 1000}
        dev = train.copy()
        dev.update({"num_seqs": 100, "fixed_random_seed": 1})
        network = {
        "fw0": {"class": "rec", "unit": "NativeLstm2", "dropout": 0.1, "n_out": 10, "from": "data"},
        "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]}
        }
        model = "/tmp/%s/returnn/%s/model" % (get_login_username(), demo_name)
        num_epochs = 5
        \"\"\"
        example out
        \"\"\"
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
        """,
        """
        {
          // JSON config
          "num_inputs": 9, "num_outputs": {"classes": [2, 1]},
          /* block */ "learning_rates": "{1: 0.0005, 25: 0.0003}", "nadam": 1, "x": [1.5, -2e-3, true, null]
        }
        """,
        """
        #!returnn.py
        import os, math
        from collections import OrderedDict
        class Schedule(object):
            def __init__(self, start, *, step=1):
                self.start = start
                self.step = step
            def __call__(self, epoch):
                return self.start + self.step * epoch
            @staticmethod
            def name():
                return "sched"
        class Ctx:
            def __enter__(self):
                return self
            def __exit__(self, *args):
                return False
        def twice(f):
            def wrapper(*args, **kwargs):
                return f(*args, **kwargs) * 2
            return wrapper
        @twice
        def hidden(n=3):
            return n + 1
        try:
            batch = int(os.environ.get("BATCH", "x"))
        except (ValueError, TypeError) as e:
            batch = 1000
        finally:
            done = True
        with Ctx() as c:
            lrs = OrderedDict((e, Schedule(1, step=2)(e)) for e in range(3))
        x = [hidden(i) for i in range(3)] + [math.ceil(2.5), Schedule.name()]
        """,
        """
        # line-based
        task train
        hidden_size 10,10,10
        pretrain default
        adadelta true
        """,
    ]

    /// Deterministic mutation fuzzing: every mutated config loads or throws a located
    /// `ConfigError`; none crashes or hangs.
    @Test func mutationFuzz() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(max(1, n)))
        }
        let interesting = Array("()[]{}:,.=+-*/%'\"\\#\n \t0123456789abcdefxyz_!@$&|^~<>".utf8) + [0x00, 0xFF, 0xC3, 0x80]
        var loaded = 0, failed = 0
        let path = dir.appendingPathComponent("fuzz.config").path
        for n in 0..<320 {
            var bytes = Array(ConfigLoadingTests.seeds[n % ConfigLoadingTests.seeds.count].utf8)
            let edits = 1 + next(4)
            for _ in 0..<edits {
                switch next(8) {
                case 0: if !bytes.isEmpty { bytes.remove(at: next(bytes.count)) }
                case 1: bytes.insert(interesting[next(interesting.count)], at: next(bytes.count + 1))
                case 2:
                    if bytes.count > 1 { bytes.swapAt(next(bytes.count), next(bytes.count)) }
                case 3: bytes = Array(bytes.prefix(next(bytes.count + 1)))
                case 4: for _ in 0..<(1 + next(16)) { bytes.insert(UInt8(next(256)), at: next(bytes.count + 1)) }
                case 5:
                    let depth = 50 + next(400)
                    let open = Array(String(repeating: "([{"[String.Index(utf16Offset: next(3), in: "([{")], count: depth).utf8)
                    bytes.insert(contentsOf: open, at: next(bytes.count + 1))
                case 6:
                    if bytes.count > 4 {
                        let a = next(bytes.count), len = next(min(40, bytes.count - a))
                        bytes.insert(contentsOf: bytes[a..<(a + len)], at: next(bytes.count + 1))
                    }
                default: if !bytes.isEmpty { bytes[next(bytes.count)] = interesting[next(interesting.count)] }
                }
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let c = Config(environment: testEnvironment())
            do {
                try c.load(file: path)
                loaded += 1
            } catch let e as ConfigError {
                failed += 1
                #expect(e.location != nil, "mutation \(n) gave an unlocated error: \(e)")
                #expect(e.location?.file == path, "mutation \(n): \(e)")
            }
        }
        #expect(loaded + failed == 320)
        #expect(failed > 100)
    }
}
