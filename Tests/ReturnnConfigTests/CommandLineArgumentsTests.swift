import Testing
@testable import ReturnnConfig

@Suite struct CommandLineArgumentsTests {
    @Test func splitsConfigsOptionsAndOverrides() throws {
        let a = try CommandLineArguments.parse(["a.config", "b.config", "-x", "nop", "--log_verbosity_unused=1"].dropLast() + ["++lr", "0.1", "++thr", "+-0.5"])
        #expect(a.configFiles == ["a.config", "b.config"])
        #expect(a.optionSettings.map { $0.key } == ["task"])
        #expect(a.optionSettings.first?.value == "nop")
        #expect(a.overrides.map { $0.key } == ["lr", "thr"])
        #expect(a.overrides.map { $0.value } == ["0.1", "-0.5"])
        #expect(a.optionArguments == ["-x", "nop", "++lr", "0.1", "++thr", "+-0.5"])
    }

    @Test func optionForms() throws {
        let a = try CommandLineArguments.parse(["--task=search", "-v5", "--config", "x.cfg", "-l", "./l.log", "-V", "--dump-config"])
        #expect(a.optionSettings.map { "\($0.key)=\($0.value)" } == ["log=./l.log", "log_verbosity=5", "task=search"])
        #expect(a.extraConfigFiles == ["x.cfg"])
        #expect(a.showVersion && a.dumpConfig)
        #expect(a.configFiles.isEmpty)
    }

    /// `returnn /path/rnn.py returnn.config` (i6_core with `returnn_python_exe` = the binary).
    @Test func skipsALeadingLauncher() throws {
        let a = try CommandLineArguments.parse(["/opt/returnn/rnn.py", "returnn.config", "++x", "1"])
        #expect(a.launcher == "/opt/returnn/rnn.py")
        #expect(a.configFiles == ["returnn.config"])
        #expect(a.optionArguments == ["++x", "1"])
        #expect(try CommandLineArguments.parse(["rnn.py", "-x", "nop"]).launcher == "rnn.py")
        // Only a first argument, only the file name rnn.py.
        let b = try CommandLineArguments.parse(["a.config", "rnn.py"])
        #expect(b.launcher == nil && b.configFiles == ["a.config", "rnn.py"])
        #expect(try CommandLineArguments.parse(["my-rnn.py"]).configFiles == ["my-rnn.py"])
        #expect(try CommandLineArguments.parse(["x/rnn.pyc"]).launcher == nil)
    }

    @Test func lastOccurrenceWins() throws {
        let a = try CommandLineArguments.parse(["-x", "a", "--task", "b"])
        #expect(a.optionSettings.map { $0.value } == ["b"])
    }

    @Test func errors() {
        #expect(configError { _ = try CommandLineArguments.parse(["-w", "1"]) }?.kind == .commandLine)
        #expect(configError { _ = try CommandLineArguments.parse(["--tsak", "1"]) }?.message.contains("did you mean --task") == true)
        #expect(configError { _ = try CommandLineArguments.parse(["++a"]) }?.kind == .commandLine)
        #expect(configError { _ = try CommandLineArguments.parse(["-x", "nop", "b.config", "c"]) }?.message.contains("'++'") == true)
        #expect(configError { _ = try CommandLineArguments.parse(["-x"]) }?.message.contains("requires an argument") == true)
        // "-0.1" after ++key is taken as an option, hence upstream's "+-" rule
        #expect(configError { _ = try CommandLineArguments.parse(["++thr", "-0.1"]) } != nil)
    }

    @Test func priorityCliBeforeAndAfterConfig() throws {
        let c = Config(environment: testEnvironment())
        let a = try CommandLineArguments.parse(["++num_epochs", "7", "-x", "nop"])
        try a.apply(to: c)
        try c.load(text: "#!rnn.py\nseen = config.int('num_epochs', 0)\nnum_epochs = 5\ntask = 'train'\n", filename: "p.config")
        try a.apply(to: c)
        #expect(c.typed["seen"]?.repr == "7")
        #expect(c.typed["num_epochs"]?.repr == "7")
        #expect(c.typed["task"]?.repr == "'nop'")
    }
}
