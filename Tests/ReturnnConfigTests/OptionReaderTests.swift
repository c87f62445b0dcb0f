import Testing
@testable import ReturnnConfig

@Suite struct OptionReaderTests {
    @Test func readsTracksAndRejectsUnknownKeys() throws {
        let c = try loadPython("""
            network = {
                "output": {"class": "softmax", "n_out": 10, "from": ["fw0"], "dropout": 0.1,
                           "activaton": "relu", "sub": {"a": 1}},
            }
            """)
        let net = try #require(c.typed["network"]?.dictValue)
        var r = try OptionReader(try #require(net.get("output")), context: "network.output")
        #expect(try r.string("class") == "softmax")
        #expect(try r.int("n_out") == 10)
        #expect(try r.optionalStringList("from") == ["fw0"])
        #expect(try r.double("dropout", default: 0) == 0.1)
        #expect(try r.optionalString("activation") == nil)
        #expect(try r.optionalInt("missing") == nil)
        #expect(try r.bool("flag", default: true))
        var sub = try #require(try r.optionalDict("sub"))
        #expect(try sub.int("a") == 1)
        try sub.finish()
        let e = configError { try r.finish() }
        #expect(e?.kind == .key)
        #expect(e?.message == "network.output: unknown option 'activaton'; did you mean 'activation'?")
        #expect(e?.location == SourceLocation(file: "test.config", line: 4, column: 16))
        r.ignore(["activaton"])
        try r.finish()
    }

    /// A misspelled required key is reported as the typo, at the typo's line, not as "missing".
    @Test func misspelledRequiredKeyPointsAtTheTypo() throws {
        let c = try loadPython("""
            d = {"clas": "softmax",
                 "n_out": 3}
            e = {"n_out": 3}
            """)
        var r = try OptionReader(try #require(c.typed["d"]), context: "network.x")
        let typo = configError { _ = try r.string("class") }
        #expect(typo?.message == "network.x: unknown option 'clas'; did you mean 'class'? (a required option)")
        #expect(typo?.location?.line == 2)
        var s = try OptionReader(try #require(c.typed["e"]), context: "network.y")
        #expect(configError { _ = try s.string("class") }?.message == "network.y: missing required option 'class'")
    }

    /// After a failed build, an unread key close to an option that was read and absent is named.
    @Test func checkTyposNamesNearMissesOfAbsentOptions() throws {
        let c = try loadPython("""
            d = {"corpus_file": "x",
                 "orth_symbol_file": "y", "zzz": 1}
            """)
        var r = try OptionReader(try #require(c.typed["d"]), context: "train")
        _ = try r.string("corpus_file")
        _ = try r.optionalString("orth_symbols_file")
        let e = configError { try r.checkTypos() }
        #expect(e?.message == "train: unknown option 'orth_symbol_file'; did you mean 'orth_symbols_file'?")
        #expect(e?.location?.line == 3)
        var clean = try OptionReader(try #require(c.typed["d"]), context: "train")
        _ = try clean.string("corpus_file")
        try clean.checkTypos()
    }

    @Test func typeAndMissingErrors() throws {
        let c = try loadPython("d = {'n_out': 'ten', 'from': [1]}\nl = [1]")
        var r = try OptionReader(try #require(c.typed["d"]), context: "network.x")
        let e = configError { _ = try r.int("n_out") }
        #expect(e?.message == "network.x.n_out: expected an int, got str 'ten'")
        #expect(e?.location?.line == 2)
        #expect(configError { _ = try r.optionalStringList("from") } != nil)
        #expect(configError { _ = try r.string("class") }?.message == "network.x: missing required option 'class'")
        #expect(configError { _ = try OptionReader(try #require(c.typed["l"]), context: "train") }?.kind == .type)
    }
}
