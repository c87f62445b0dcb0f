import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// The exact text of the `learning_rate_file`, and the atomic save.
@Suite struct LearningRateFileWriterTests {
    typealias S = LearningRateTestSupport

    /// The example of the spec §9.2, written by upstream's own code, byte for byte.
    static let specExample = """
    {
    1: EpochData(learningRate=0.01, error={
    ':meta:epoch_num_train_steps': 34,
    ':meta:epoch_train_time_secs': 4,
    'dev_error': 0.0248,
    'dev_score': 0.066,
    'train_error': 0.05,
    'train_score': 0.23,
    }),
    2: EpochData(learningRate=0.01, error={'dev_score': 0.0116, 'train_score': 0.02}),
    }

    """

    @Test func specExampleByteForByte() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("sub/dir/newbob.data").path
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate = 0.01\nlearning_rate_file = \(ConfigValue.str(file).repr)")
        _ = try lrc.learningRate(forEpoch: 1)
        try lrc.setEpochError(1, [("train_score", .value(0.23)), ("train_error", .value(0.05))])
        lrc.setEpochMeta(1, "epoch_num_train_steps", 34)
        lrc.setEpochMeta(1, "epoch_train_time_secs", 4)
        try lrc.save()
        try lrc.setEpochError(1, [("dev_score", .value(0.066)), ("dev_error", .value(0.0248))])
        _ = try lrc.learningRate(forEpoch: 2)
        try lrc.setEpochError(2, [("train_score", .value(0.02)), ("dev_score", .value(0.0116))])
        try lrc.save()
        #expect(try String(contentsOfFile: file, encoding: .utf8) == Self.specExample)
        #expect(!FileManager.default.fileExists(atPath: file + ".new_tmp"))
        #expect(LearningRateFileWriter.text(lrc.epochData) == Self.specExample)
    }

    /// Python float reprs (shortest round trip), ints, nan/inf.
    @Test func floatRepr() {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (1e-05, "1e-05"), (2.0, "2.0"), (0.0001, "0.0001"), (123456789.123, "123456789.123"),
            (1e16, "1e+16"), (1e22, "1e+22"), (-0.5, "-0.5"), (0.0012100000000000001, "0.0012100000000000001"),
            (.nan, "float('nan')"), (.infinity, "float('inf')"), (-.infinity, "float('-inf')"), (-0.0, "-0.0"),
        ]
        for (d, s) in cases { #expect(LearningRateFileWriter.floatRepr(d) == s) }
        #expect(LearningRateFileWriter.valueRepr(34, style: .int) == "34")
        #expect(LearningRateFileWriter.valueRepr(0.5, style: .int) == "0.5")
        #expect(LearningRateFileWriter.valueRepr(Double(Float(0.01)), style: .float32) == "0.01")
        #expect(LearningRateFileWriter.valueRepr(Double(Float(1e-5)), style: .float32) == "1e-05")
        #expect(LearningRateFileWriter.valueRepr(.nan, style: .float32) == "float('nan')")
    }

    /// Items of 39 characters stay on one line, 40 go one per line (better_repr); keys sort by
    /// code point and are quoted like Python.
    @Test func dictLayoutAndKeys() {
        // One item "'<key>': 0.25" has len(key) + 8 characters.
        let k31 = String(repeating: "k", count: 31), k32 = String(repeating: "k", count: 32)
        #expect(LearningRateFileWriter.repr(EpochData(learningRate: 1, error: [(k31, 0.25)])) == "EpochData(learningRate=1.0, error={'\(k31)': 0.25})")
        #expect(LearningRateFileWriter.repr(EpochData(learningRate: 1, error: [(k32, 0.25)])) == "EpochData(learningRate=1.0, error={\n'\(k32)': 0.25,\n})")
        // Several items count together (10 + 10 + 10 + 10 = 40; the separators do not count).
        let four = EpochData(learningRate: 1, error: ["a1", "a2", "a3", "a4"].map { ($0, 0.25) })
        #expect(LearningRateFileWriter.repr(four) == "EpochData(learningRate=1.0, error={\n'a1': 0.25,\n'a2': 0.25,\n'a3': 0.25,\n'a4': 0.25,\n})")
        let three = EpochData(learningRate: 1, error: ["a1", "a2", "a3"].map { ($0, 0.25) })
        #expect(LearningRateFileWriter.repr(three) == "EpochData(learningRate=1.0, error={'a1': 0.25, 'a2': 0.25, 'a3': 0.25})")
        #expect(LearningRateFileWriter.dictRepr([String(repeating: "x", count: 39)]) == "{" + String(repeating: "x", count: 39) + "}")
        #expect(LearningRateFileWriter.dictRepr([String(repeating: "x", count: 40)]) == "{\n" + String(repeating: "x", count: 40) + ",\n}")
        #expect(LearningRateFileWriter.dictRepr(["1", "2"]) == "{1, 2}")
        #expect(LearningRateFileWriter.dictRepr([]) == "{}")
        let keys = EpochData(learningRate: 0.5, error: [("b", 1), ("B", 1), (":meta:x", 1), ("it's", 1)])
        #expect(LearningRateFileWriter.repr(keys) == """
        EpochData(learningRate=0.5, error={
        ':meta:x': 1.0,
        'B': 1.0,
        'b': 1.0,
        "it's": 1.0,
        })
        """)
        for key in ["plain/key_1 x", "it's", "a\\b", "tab\there", "é", "\u{1F600}", "q\"", ""] {
            #expect(LearningRateFileWriter.keyRepr(key) == ConfigValue.str(key).repr)
        }
        let unicodeKeys = ["b", "\u{1F600}", "é", "\u{FF5E}", "Z"]
        #expect(unicodeKeys.sorted(by: LearningRateControl.pythonLess) == ["Z", "b", "é", "\u{FF5E}", "\u{1F600}"])
        #expect(LearningRateFileWriter.text([:]) == "{}\n")
        #expect(LearningRateFileWriter.text([10: EpochData(learningRate: 1), 9: EpochData(learningRate: 2)])
            == "{\n9: EpochData(learningRate=2.0, error={}),\n10: EpochData(learningRate=1.0, error={}),\n}\n")
    }

    /// Styles and meta of EpochData.
    @Test func epochDataEntries() {
        var d = EpochData(learningRate: 0.1, error: [("dev_score", 1.5)])
        d.setMeta("global_train_step", 100, style: .int)
        d["dev_error"] = 0.25
        #expect(d.keys == ["dev_score", ":meta:global_train_step", "dev_error"])
        #expect(d.scores.map(\.key) == ["dev_score", "dev_error"])
        #expect(d.meta.map(\.name) == ["global_train_step"] && d.meta("global_train_step") == 100)
        #expect(d.style(of: ":meta:global_train_step") == .int && d.style(of: "dev_score") == .float)
        #expect(d.hasScores)
        var e = d
        e["dev_error"] = nil
        #expect(e.keys == ["dev_score", ":meta:global_train_step"] && e != d)
        e["dev_error"] = 0.25
        #expect(e == d)  // order does not matter
        e.set(":meta:global_train_step", 100, style: .float)
        #expect(e != d)
        #expect(!EpochData(learningRate: 1, error: [(":meta:x", 1)]).hasScores)
        #expect(EpochData(learningRate: .nan) == EpochData(learningRate: .nan))
    }

    /// Writing into a directory that cannot be created is an `.io` error naming the directory.
    @Test func unwritableDirectory() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: false, encoding: .utf8)
        let e = S.error { try LearningRateFileWriter.write([:], to: blocker.appendingPathComponent("lr").path) }
        #expect(e?.kind == .io)
        #expect(e?.message.contains("cannot") == true)
    }

    /// A full disk (the temporary file is a link to /dev/full, whose writes fail with ENOSPC):
    /// the error says so, the temporary file is removed, the previous file stays unchanged.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full (Linux)"))
    func fullDiskRemovesTheTemporaryFile() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        try LearningRateFileWriter.write([1: EpochData(learningRate: 0.5)], to: file)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: file + ".new_tmp", withDestinationPath: "/dev/full")
        let e = S.error { try LearningRateFileWriter.write([1: EpochData(learningRate: 0.5), 2: EpochData(learningRate: 0.25)], to: file) }
        #expect(e?.kind == .io)
        #expect(e?.message == "learning_rate_file: cannot write '\(file).new_tmp': No space left on device; check free disk space and permissions",
                "\(String(describing: e))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["lr"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }

    /// A failed rename (the target is a non-empty directory) removes the temporary file too.
    @Test func failedRenameRemovesTheTemporaryFile() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        try FileManager.default.createDirectory(atPath: file + "/inner", withIntermediateDirectories: true)
        let e = S.error { try LearningRateFileWriter.write([1: EpochData(learningRate: 0.5)], to: file) }
        #expect(e?.kind == .io && e?.message.contains("cannot rename") == true, "\(String(describing: e))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["lr"])
    }

    /// Saving replaces an older file; without a file name, save is a no-op.
    @Test func saveReplaces() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        try "old content that is much longer than the new one\n".write(toFile: file, atomically: false, encoding: .utf8)
        try LearningRateFileWriter.write([1: EpochData(learningRate: 0.5)], to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "{\n1: EpochData(learningRate=0.5, error={}),\n}\n")
        let noFile = try S.control("learning_rate = 0.5")
        _ = try noFile.learningRate(forEpoch: 1)
        try noFile.save()
        try noFile.load()
        #expect(noFile.epochData.count == 1)
    }
}
