import Foundation
import Testing
@testable import ReturnnConfig

/// The behaviours of upstream's tests/test_Config.py, and the getters of spec §2.2.
@Suite struct ConfigTests {
    /// test_old_format: line-based config with a comment; untyped values.
    @Test func oldFormat() throws {
        let c = try loadConfig("""
            # comment
            num_inputs 3
            hidden_type forward,lstm
            """)
        #expect(try c.int("num_inputs", default: nil) == 3)
        #expect(try c.value("hidden_type", default: "x") == "forward,lstm")
        #expect(try c.value("hidden_type", default: "x", index: 0) == "forward")
        #expect(try c.value("hidden_type", default: "x", index: 1) == "lstm")
        #expect(try c.stringList("hidden_type") == ["forward", "lstm"])
        #expect(!c.isTyped("num_inputs"))
        #expect(!c.isTyped("hidden_type"))
        #expect(c.untypedLocations["hidden_type"]?.line == 3)
    }

    /// test_json_format: JSON with a `//` comment; typed values.
    @Test func jsonFormat() throws {
        let c = try loadConfig("""
            {
            // comment
            "num_inputs": 3, /* block
            comment */ "hidden_type": ["forward", "lstm"]
            }
            """)
        #expect(try c.int("num_inputs", default: nil) == 3)
        #expect(try c.value("hidden_type", default: "x") == "forward,lstm")
        #expect(try c.value("hidden_type", default: "x", index: 0) == "forward")
        #expect(try c.value("hidden_type", default: "x", index: 1) == "lstm")
        #expect(try c.stringList("hidden_type") == ["forward", "lstm"])
        #expect(c.isTyped("num_inputs"))
        #expect(c.isTyped("hidden_type"))
        #expect(c.typed["num_inputs"]?.intValue == 3)
        #expect(c.typed["hidden_type"]?.location.line == 4)
    }

    /// test_py_config: `#!rnn.py` Python config; typed values.
    @Test func pyConfig() throws {
        let c = try loadConfig("#!rnn.py\nnum_inputs = 3\nhidden_type = [\"forward\", \"lstm\"]\n")
        #expect(try c.int("num_inputs", default: nil) == 3)
        #expect(try c.value("hidden_type", default: "x") == "forward,lstm")
        #expect(try c.value("hidden_type", default: "x", index: 1) == "lstm")
        #expect(try c.stringList("hidden_type") == ["forward", "lstm"])
        #expect(c.isTyped("num_inputs") && c.isTyped("hidden_type"))
    }

    /// test_rnn_init_config_py_global_var: the CLI is applied before and after loading, so the
    /// config reads `--task search` and its function sees it.
    @Test func initConfigPyGlobalVar() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cfg.config").path
        try "#!rnn.py\ntask = config.value('task', 'train')\ndef test_func():\n  return task\n".write(toFile: path, atomically: false, encoding: .utf8)
        let args = try CommandLineArguments.parse([path, "--task", "search"])
        let c = try args.makeConfig(environment: testEnvironment())
        #expect(try c.value("task", default: nil) == "search")
        #expect(c.isTyped("task"))
        #expect(try c.function("test_func")?.call().stringValue == "search")
    }

    /// test_rnn_init_config_py_cmd_type: `++max_seq_length 0` over a typed dict gives the int 0,
    /// and a config function sees the new global value.
    @Test func initConfigPyCmdType() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cfg.config").path
        try "#!rnn.py\nmax_seq_length = {'bpe': 75}\ndef test_func():\n  return max_seq_length\n".write(toFile: path, atomically: false, encoding: .utf8)
        let c = try CommandLineArguments.parse([path, "++max_seq_length", "0"]).makeConfig(environment: testEnvironment())
        #expect(c.typed["max_seq_length"]?.repr == "0")
        #expect(try c.function("test_func")?.call().repr == "0")
    }

    /// test_config_py_ext: a `.py` name without `#!` is Python; config functions read the store
    /// dynamically.
    @Test func configPyExt() throws {
        let c = Config(environment: testEnvironment())
        try c.load(text: "def get_task():\n  return config.value('task', 'train')\n", filename: "x.py")
        let f = try #require(c.function("get_task"))
        #expect(try f.call().stringValue == "train")
        c.set("task", .str("search"))
        #expect(try f.call().stringValue == "search")
    }

    @Test func formatDetection() {
        #expect(Config.detectFormat(content: "  #!returnn.py\nx=1", filename: "a.config") == .python)
        #expect(Config.detectFormat(content: "x = 1", filename: "a.py") == .python)
        #expect(Config.detectFormat(content: "\n{\"a\": 1}", filename: "a.config") == .json)
        #expect(Config.detectFormat(content: "a 1", filename: "a.config") == .lines)
    }

    @Test func addLineTypedAndUntyped() throws {
        let c = try loadPython("name = 'abc'\nnum = 3\nd = {'a': 1}\nflag = True\n")
        try c.addLine("name", "42")
        #expect(c.typed["name"]?.repr == "'42'")
        try c.addLine("num", "7")
        #expect(c.typed["num"]?.repr == "7")
        try c.addLine("d", "{'class': 'x', 'n': [1, 2]}")
        #expect(c.typed["d"]?.repr == "{'class': 'x', 'n': [1, 2]}")
        try c.addLine("flag", "None")
        #expect(c.typed["flag"]?.isNone == true)
        try c.addLine("num", "not valid python (")
        #expect(c.typed["num"]?.repr == "'not valid python ('")
        #expect(c.warnings.count == 1)
        let e = configError { try c.addLine("d", "undefined_name") }
        #expect(e?.kind == .name)
        try c.addLine("newkey", "a,b")
        #expect(c.untyped["newkey"] == ["a", "b"])
        try c.addLine("comma", ",a")
        #expect(c.untyped["comma"] == [",a"])
    }

    @Test func typedGetters() throws {
        let c = try loadPython("""
            i = 3
            f = 0.5
            fi = 2
            b = True
            bi = 1
            n = None
            l = [1, 2]
            s = 'inf'
            p = (2, 3)
            one = 4
            """)
        #expect(try c.int("i", default: 0) == 3)
        #expect(try c.int("missing", default: 9) == 9)
        #expect(try c.int("n", default: 9) == nil)
        #expect(configError { _ = try c.int("f", default: 0) }?.message.contains("expected an int") == true)
        #expect(try c.float("f", default: 0) == 0.5)
        #expect(try c.pyFloat("fi", .none).repr == "2")
        #expect(try c.float("s", default: 0) == .infinity)
        #expect(try c.bool("b", default: false) == true)
        #expect(try c.bool("bi", default: false) == true)
        #expect(configError { _ = try c.bool("s", default: false) } != nil)
        #expect(try c.value("l", default: nil) == "1,2")
        #expect(try c.value("n", default: "def") == "def")
        #expect(try c.pyTypedValue("l", index: 1).repr == "2")
        #expect(try c.pyList("i").map { $0.repr } == ["3"])
        #expect(try c.pyList("n", [.int(5)]).map { $0.repr } == ["5"])
        #expect(try c.intList("l") == [1, 2])
        #expect(try c.floatList("l") == [1, 2])
        #expect(try c.intPair("p") == (2, 3))
        #expect(try c.intPair("one") == (4, 4))
        #expect(try c.intPair("missing", default: (7, 8)) == (7, 8))
        #expect(try c.isTrue("l"))
        #expect(try !c.isTrue("n"))
        #expect(try c.pyOptTypedValue("i").repr == "3")
        #expect(c.has("i") && !c.has("missing"))
    }

    @Test func untypedGetters() throws {
        let c = try loadConfig("""
            b2 2
            byes Yes
            boff off
            bbad maybe
            lr inf
            pair 3:4
            single 5
            nums 1,2,3
            bs 100
            """)
        #expect(try c.bool("b2", default: false) == true)
        #expect(try c.bool("byes", default: false) == true)
        #expect(try c.bool("boff", default: true) == false)
        let e = configError { _ = try c.bool("bbad", default: false) }
        #expect(e?.location?.line == 4)
        #expect(try c.pyBoolOrOther("bbad").repr == "'maybe'")
        #expect(try c.pyBoolOrOther("byes").repr == "True")
        #expect(try c.float("lr", default: 0) == .infinity)
        #expect(try c.intPair("pair") == (3, 4))
        #expect(try c.intPair("single") == (5, 5))
        #expect(try c.intList("nums") == [1, 2, 3])
        #expect(try c.floatList("nums") == [1, 2, 3])
        // typed_value ignores untyped keys, as upstream (batch_size from a line config is ignored)
        #expect(c.typedValue("bs") == nil)
        #expect(try c.pyTypedValue("bs", .int(1)).repr == "1")
        #expect(try c.isTrue("b2"))
    }

    @Test func configObjectInsideConfig() throws {
        let c = try loadPython("""
            layer_dim = config.int('layer_dim', 500)
            has_it = config.has('layer_dim')
            typed = config.is_typed('nothing')
            v = config.value('nothing', None)
            b = config.bool('nothing', True)
            config.set('extra', [1, 2])
            l = config.list('extra')
            il = config.int_list('extra')
            config.update({'u': 1})
            u = config.typed_value('u')
            pair = config.int_pair('nothing', (1, 2))
            """)
        #expect(c.typed["layer_dim"]?.repr == "500")
        #expect(c.typed["has_it"]?.repr == "True")
        #expect(c.typed["typed"]?.repr == "False")
        #expect(c.typed["v"]?.repr == "None")
        #expect(c.typed["b"]?.repr == "True")
        #expect(c.typed["l"]?.repr == "[1, 2]")
        #expect(c.typed["il"]?.repr == "[1, 2]")
        #expect(c.typed["u"]?.repr == "1")
        #expect(c.typed["pair"]?.repr == "(1, 2)")
        let e = configError { _ = try loadPython("x = config.int('a')") }
        #expect(e?.message.contains("missing required argument 'default'") == true)
        #expect(e?.location?.line == 2)
    }

    @Test func includeLoadsFiles() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inc = dir.appendingPathComponent("inc.config").path
        try "#!rnn.py\nincluded = 1\n".write(toFile: inc, atomically: false, encoding: .utf8)
        let c = try loadConfig("include \(inc)\nother 2\n")
        #expect(c.typed["included"]?.repr == "1")
        #expect(c.files == ["test.config", inc])
    }

    @Test func typeErrorsNameKeyAndLocation() throws {
        let c = try loadPython("\nbatch = 'many'\n")
        let e = configError { _ = try c.int("batch", default: 0) }
        #expect(e?.location == SourceLocation(file: "test.config", line: 3, column: 9))
        #expect(e?.message.contains("config key 'batch'") == true)
    }
}
