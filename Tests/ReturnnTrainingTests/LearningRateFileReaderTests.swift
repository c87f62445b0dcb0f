import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// Reading `learning_rate_file`s: upstream's tests, files written by upstream, round trips, errors.
@Suite struct LearningRateFileReaderTests {
    typealias S = LearningRateTestSupport

    static let errors: [(String, Double)] = [
        ("dev_error_ctc", 0.22486433815293946), ("dev_error_decision", 0.0), ("dev_error_output/output_prob", 0.16270349413262444),
        ("dev_score_ctc", 1.0732941136466485), ("dev_score_output/output_prob", 0.7378438060027533),
        ("train_error_ctc", 0.13954045252681482), ("train_error_decision", 0.0), ("train_error_output/output_prob", 0.106904268810835),
        ("train_score_ctc", 0.5132869609859635), ("train_score_output/output_prob", 0.5098970897590558),
    ]

    /// test_save_load: the data of an epoch survives save + load, bit for bit.
    @Test func saveLoad() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr.txt").path
        var options = LearningRateControlOptions()
        options.filename = file
        let lrc = try LearningRateControl(type: .constant, options: options)
        #expect(lrc.epochData[2] == nil)
        lrc.epochData[2] = EpochData(learningRate: 0.0008, error: Self.errors)
        try lrc.save()
        let again = try LearningRateControl(type: .constant, options: options)
        #expect(again.epochData[2] == lrc.epochData[2])
        #expect(again.epochData[2]!["dev_error_output/output_prob"] == 0.16270349413262444)
        #expect(again.errorKey(forEpoch: 2) == "dev_score_output/output_prob")
    }

    /// test_load: upstream's textual format, indented as in the upstream test.
    @Test func loadIndentedText() throws {
        let item = Self.errors.map { "      \(ConfigValue.str($0.0).repr): \(ConfigValue.float($0.1).repr),\n" }.joined()
        let text = "{\n      1: EpochData(learningRate=0.0008, error={\n\(item)      }),\n      2: EpochData(learningRate=0.0008, error={\n\(item)      }),\n    }"
        let data = try LearningRateFileReader.parse(text, file: "lr.txt")
        #expect(Set(data.keys) == [1, 2])
        #expect(data[2]!.learningRate == 0.0008)
        #expect(data[2]!["dev_error_output/output_prob"] == 0.16270349413262444)
    }

    /// Variants upstream accepts: learning_rate=, meta=, error=None, nan/inf names, numpy scalars.
    @Test func variants() throws {
        let data = try LearningRateFileReader.parse("""
        {
        1: EpochData(learning_rate=0.5, error=None, meta={'global_train_step': np.int64(7)}),
        2: EpochData(learningRate=1, error={'a': nan, 'b': -inf, 'c': float('inf'), ':meta:effective_learning_rate': np.float32(0.01)}),
        3: EpochData(learningRate=np.float64(0.25), error={'x': 3}),
        }
        """, file: "v.lr")
        #expect(data[1]!.meta("global_train_step") == 7 && data[1]!.style(of: ":meta:global_train_step") == .int)
        #expect(data[1]!.scores.isEmpty)
        #expect(data[2]!.learningRate == 1.0)
        #expect(data[2]!["a"]!.isNaN && data[2]!["b"] == -.infinity && data[2]!["c"] == .infinity)
        #expect(data[2]!.meta("effective_learning_rate") == Double(Float(0.01)))
        #expect(data[2]!.style(of: ":meta:effective_learning_rate") == .float32)
        #expect(data[3]!.learningRate == 0.25 && data[3]!.style(of: "x") == .int)
        #expect(LearningRateFileWriter.repr(data[2]!).contains("':meta:effective_learning_rate': 0.01,"))
        #expect(LearningRateFileWriter.repr(data[3]!) == "EpochData(learningRate=0.25, error={'x': 3})")
    }

    /// The old format, where `error` is a float, written by the generator and read by upstream.
    @Test func oldFormatFixture() throws {
        let data = try LearningRateFileReader.read(path: S.fixtures.appendingPathComponent("old_format.lr").path)
        #expect(data[1]!.error.map(\.key) == ["old_format_score"] && data[1]!["old_format_score"] == 2.25)
        #expect(data[2]!["old_format_score"]!.isNaN)
        var options = LearningRateControlOptions()
        options.filename = S.fixtures.appendingPathComponent("old_format.lr").path
        let lrc = try LearningRateControl(type: .newbobRelative(relativeErrorThreshold: -0.01), options: options)
        #expect(lrc.errorKey(forEpoch: 1) == "old_format_score")
    }

    /// Each file upstream wrote is read, and written again byte for byte (upstream's numpy 2
    /// `np.float32(x)` reprs are written as `x`, as numpy before 2.0 did).
    @Test(arguments: ["newbob", "newbob_abs", "newbob_multi_epoch"])
    func upstreamFilesRewriteIdentically(_ name: String) throws {
        let path = S.fixtures.appendingPathComponent(name + ".lr").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let data = try LearningRateFileReader.read(path: path)
        #expect(data.count == 15)
        #expect(data[1]!.style(of: ":meta:epoch_num_train_steps") == .int)
        let expected = body.replacing(/np\.float32\(([^)]*)\)/) { String($0.output.1) }
        #expect(LearningRateFileWriter.text(data) == expected)
    }

    /// A round trip through our own writer keeps everything, including styles and specials.
    @Test func roundTrip() throws {
        var a = EpochData(learningRate: 1e-05, error: [("dev_score", .nan), ("train_score", 1e300), ("x'y\"z\\", -0.0)])
        a.setMeta("epoch_num_train_steps", 12, style: .int)
        a.setMeta("effective_learning_rate", Double(Float(3e-4)), style: .float32)
        let data = [1: a, 2: EpochData(learningRate: 0.5), 12: EpochData(learningRate: .infinity, error: [("é", .leastNonzeroMagnitude)])]
        let text = LearningRateFileWriter.text(data)
        let back = try LearningRateFileReader.parse(text, file: "rt.lr")
        // A 32-bit value is written as its shortest decimal, which reads back as a plain float.
        var expected = data
        expected[1]!.set(":meta:effective_learning_rate", 0.0003, style: .float)
        #expect(back == expected)
        #expect(LearningRateFileWriter.text(back) == text)
        let exact = data.mapValues { d -> EpochData in
            var d = d
            d["\(EpochData.metaPrefix)effective_learning_rate"] = nil
            return d
        }
        #expect(try LearningRateFileReader.parse(LearningRateFileWriter.text(exact), file: "rt.lr") == exact)
    }

    /// A malformed file names file:line and says what to do.
    @Test func malformedFiles() throws {
        let cases: [(String, Int)] = [
            ("{\n1: EpochData(learningRate=0.1, error={}),\n2: EpochData(learningRate=0.1, error={'a': }),\n}\n", 3),
            ("{\n1: EpochData(learningRate='x', error={}),\n}\n", 2),
            ("{\n1: EpochData(learningRate=0.1, error={'a': 'b'}),\n}\n", 2),
            ("{\n1: EpochData(learningRate=0.1, error={}, extra=1),\n}\n", 2),
            ("{\n'one': EpochData(learningRate=0.1, error={}),\n}\n", 2),
            ("{\n1: 0.5,\n}\n", 2),
            ("\n[1, 2]\n", 2),
            ("{\n1: EpochData(learningRate=0.1, error={}),\n", 3),
            ("{1: Epochdata(learningRate=0.1)}", 1),
            ("   \n", 1),
        ]
        for (text, line) in cases {
            let e = S.error { _ = try LearningRateFileReader.parse(text, file: "bad.lr") }
            #expect(e?.kind == .malformedFile, "\(text)")
            #expect(e?.location?.file == "bad.lr" && e?.location?.line == line, "\(text): \(String(describing: e))")
            #expect(e?.description.hasPrefix("bad.lr:\(line):") == true)
            #expect(e?.message.contains("fix or delete") == true || e?.message.contains("delete it") == true)
        }
        let missing = S.error { _ = try LearningRateFileReader.read(path: "/nonexistent-returnn-dir/lr") }
        #expect(missing?.kind == .io)
        // A control loading a malformed file fails with that error.
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        try "{1: EpochData(learningRate=0.1, error={'a': })}".write(toFile: file, atomically: false, encoding: .utf8)
        let e = S.error { _ = try S.control("learning_rate_file = \(ConfigValue.str(file).repr)") }
        #expect(e?.kind == .malformedFile && e?.location?.file == file)
    }
}
