import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnData

/// `ExternSprintDataset` against the RASR stand-in (`Tests/Fixtures/sprint/rasr-standin`, run by
/// `python3` with numpy): RASR's command-line contract, our embedded Python module loaded as RASR's
/// embedded Python would, and the segments of `standin-corpus.json` (the reference data) coming back.
/// These prove our side of the protocol; docs/sprint.md says how to check against a real RASR.
@Suite(.serialized) struct ExternSprintDatasetTests {
    static let sprintDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("sprint")
    static let standin = sprintDir.appendingPathComponent("rasr-standin").path
    static let corpus = sprintDir.appendingPathComponent("standin-corpus.json").path

    /// The corpus as the stand-in sends it.
    struct Segment { let name: String; let time: Double; let orth: String; let features: [[Float]]; let alignment: [Int32] }
    static func reference() throws -> [Segment] {
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: corpus))) as! [String: Any]
        return (obj["segments"] as! [[String: Any]]).map { s in
            Segment(name: s["name"] as! String, time: s["time"] as! Double, orth: s["orth"] as! String,
                    features: (s["features"] as! [[Double]]).map { $0.map(Float.init) },
                    alignment: (s["alignment"] as! [Int]).map(Int32.init))
        }
    }

    static func make(_ extra: String = "", options: DatasetOptions? = nil, timeout: Double? = 60,
                     configure: (inout ExternSprintDatasetSettings) -> Void = { _ in }) throws -> ExternSprintDataset {
        var s = ExternSprintDatasetSettings(execPath: ["python3", standin],
                                            configArgs: SprintConfigArgs(.str("--*.standin-corpus=\(corpus) \(extra)")))
        s.environment = ProcessInfo.processInfo.environment
        s.forwardOutput = false
        s.childTimeout = timeout
        configure(&s)
        return try ExternSprintDataset(settings: s, options: options ?? DatasetOptions(name: "train"))
    }

    /// All sequences of the current epoch: (tag, features, classes, orth bytes).
    static func readAll(_ d: ExternSprintDataset) throws -> [(String, SeqData, [Int32], [UInt8])] {
        var out = [(String, SeqData, [Int32], [UInt8])]()
        var i = 0
        while try d.isLessThanNumSeqs(i) {
            try d.loadSeqs(i, i + 1)
            guard case .int32(let c) = try d.data(i, key: "classes").values,
                  case .uint8(let o) = try d.data(i, key: "orth").values else { Issue.record("types"); break }
            out.append((try d.tag(i), try d.data(i, key: "data"), c, o))
            i += 1
        }
        return out
    }

    @Test func readsEverySegmentAsRasrSendsIt() throws {
        let ref = try Self.reference()
        let d = try Self.make()
        #expect(d.inputDim == 2 && d.outputDim == 3)
        #expect(d.dataKeys == ["data", "classes", "orth"])
        #expect(try d.dataSpec("data") == .dense(2))
        #expect(try d.dataSpec("classes") == .sparse(3))
        #expect(try d.dataSpec("orth") == .sparse(256, dtype: .uint8))
        #expect(d.corpusTags == ref.map(\.name))
        #expect(d.epoch == nil)
        try d.initSeqOrder(epoch: 1)
        #expect(d.numSeqs == nil)  // RASR decides: known once it finished
        #expect(d.estimatedNumSeqs == 4 && d.completeFrac(0) == 0.25)  // the segment list until then
        let got = try Self.readAll(d)
        #expect(d.numSeqs == ref.count)
        #expect(got.map(\.0) == ref.map(\.name))
        for (g, r) in zip(got, ref) {
            #expect(g.1 == SeqData.float32(r.features.flatMap { $0 }, dim: 2))
            #expect(g.2 == r.alignment)
            #expect(g.3 == Array(r.orth.trimmingCharacters(in: .whitespaces).utf8))
        }
        #expect(try d.corpusSeqIdx(2) == 2)
        #expect(try d.tag(0) == ref[0].name)  // tags stay known after the data was released
    }

    @Test func partitionEpochIsHandedToRasr() throws {
        let d = try Self.make(options: try DatasetOptions(name: "train", partitionEpoch: 2))
        try d.initSeqOrder(epoch: 1)
        #expect(try Self.readAll(d).map(\.0) == ["corpus/r1/1", "corpus/r1/2"])
        try d.initSeqOrder(epoch: 2)
        #expect(try Self.readAll(d).map(\.0) == ["corpus/r2/3", "corpus/r2/4"])
        let args = try ExternSprintDataset.arguments(settings: d.settings, options: d.options, epoch: 4, ownOrder: false,
                                                     orderFile: nil, moduleDirectory: "/m")
        #expect(args.contains("--*.corpus.partition=2") && args.contains("--*.corpus.select-partition=1"))
        #expect(args.contains("--*.seed=1"))  // upstream: the epoch's random seed - 1 (epoch 4 of partition 2 → seed 2)
        #expect(args.contains("--*.pymod-config=action:ExternSprintDataset,c2p_fd:3,p2c_fd:4"))
        #expect(args.contains("--*.pymod-path=/m") && args.contains("--*.trainer=python-trainer"))
    }

    @Test func ownSeqOrderingGoesToRasrAsASegmentOrderFile() throws {
        let ref = try Self.reference()
        // sorted: by RASR's segment durations (before any epoch was read).
        let sorted = try Self.make(options: try DatasetOptions(name: "dev", seqOrdering: .sorted))
        try sorted.initSeqOrder(epoch: 1)
        #expect(sorted.numSeqs == 4)
        let byTime = ref.sorted { $0.time < $1.time }.map(\.name)
        #expect(try Self.readAll(sorted).map(\.0) == byTime)
        // random with partition_epoch: the same order as every other dataset computes, split here.
        let opts = try DatasetOptions(name: "train", seqOrdering: .random(epochsFixed: 1), partitionEpoch: 2)
        let random = try Self.make(options: opts)
        var seen = [String]()
        for epoch in 1...2 {
            try random.initSeqOrder(epoch: epoch)
            let expected = try opts.seqOrder(epoch: epoch, numSeqs: 4, seqLength: nil, allTags: nil).map { ref[$0].name }
            let got = try Self.readAll(random).map(\.0)
            #expect(got == expected)
            seen += got
        }
        #expect(seen.sorted() == ref.map(\.name).sorted())
        // A predefined order (upstream's seq_list).
        try random.initSeqOrder(epoch: 3, seqList: ["corpus/r2/4", "corpus/r1/1"])
        #expect(try Self.readAll(random).map(\.0) == ["corpus/r2/4", "corpus/r1/1"])
    }

    @Test func windowAndInputStddev() throws {
        let d = try Self.make(options: try DatasetOptions(name: "train", window: 3)) { $0.inputStddev = 2 }
        #expect(try d.dataSpec("data") == .dense(6))
        try d.initSeqOrder(epoch: 1)
        try d.loadSeqs(0, 1)
        let x = try d.data(0, key: "data")
        #expect(x.shape == [3, 6])
        #expect(x == SeqData.float32([0, 0, 0.5, 1, 1.5, 2, 0.5, 1, 1.5, 2, 2.5, 3, 1.5, 2, 2.5, 3, 0, 0], dim: 6))
    }

    @Test func orthographyTargets() throws {
        let zero = try Self.make { $0.strAddFinalZero = true }
        #expect(zero.dataKeys == ["data", "classes", "orth", "orth0"])
        #expect(zero.labels["orth"]?.count == 255)  // upstream's chr(0)..chr(254)
        try zero.initSeqOrder(epoch: 1)
        try zero.loadSeqs(0, 2)
        #expect(try zero.data(0, key: "orth0") == SeqData(.uint8(Array("hello".utf8) + [0]), shape: [6]))
        // target_maps: the orthography becomes its index over the frames (and no orth0, as upstream).
        let mapped = try Self.make { s in
            s.strAddFinalZero = true
            s.targetMaps = ["orth": ["hello": 0, "ab": 1, "xyz w": 2, "q": 3]]
        }
        #expect(mapped.dataKeys == ["data", "classes", "orth"])
        #expect(mapped.labels["orth"] == ["hello", "ab", "xyz w", "q"])
        #expect(try mapped.dataSpec("orth") == .sparse(4))
        try mapped.initSeqOrder(epoch: 1)
        try mapped.loadSeqs(0, 3)
        #expect(try mapped.data(2, key: "orth") == .int32([2, 2, 2, 2, 2]))
    }

    @Test func alignmentLengthMismatchNamesTheSegment() throws {
        let d = try Self.make { $0.reduceTargetFactor = 2 }
        try d.initSeqOrder(epoch: 1)
        try d.loadSeqs(0, 1)
        do {
            _ = try d.data(0, key: "classes")
            Issue.record("expected an error")
        } catch let e as DatasetError {
            #expect("\(e)".contains("segment 'corpus/r1/1' (seq 0): the alignment has 3 labels but the features have 3 frames (reduce_target_factor 2: expected 2)"))
        }
    }

    @Test func aChildThatDiesIsAnErrorWithItsStatusAndOutput() throws {
        let d = try Self.make("--*.standin-exit-after=2:3")
        try d.initSeqOrder(epoch: 1)
        do {
            _ = try Self.readAll(d)
            Issue.record("expected an error")
        } catch let e as DatasetError {
            let text = "\(e)"
            #expect(text.contains("dataset train: the Sprint child process (pid "), "\(text)")
            #expect(text.contains("exited with status 3; 2 segments were received."), "\(text)")
            #expect(text.contains("Its last output lines:\n    ") && text.contains("rasr-standin: exiting with code 3 as asked"), "\(text)")
        }
    }

    @Test func aHangingChildIsKilledAfterTheTimeout() throws {
        let d = try Self.make("--*.standin-hang-after=1", timeout: 1.5)
        try d.initSeqOrder(epoch: 1)
        let start = Date()
        do {
            _ = try Self.readAll(d)
            Issue.record("expected an error")
        } catch let e as DatasetError {
            #expect("\(e)".contains("sent nothing for 1 s and was killed (a hang? raise the dataset option 'child_timeout'"), "\(e)")
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func missingExecutableAndEmptyCorpus() throws {
        #expect(throws: DatasetError.self) { _ = try Self.make { $0.execPath = ["/nonexistent/nn-trainer"] } }
        do {
            _ = try Self.make("--*.standin-skip-init=1")
            Issue.record("expected an error")
        } catch let e as DatasetError {
            #expect("\(e)".contains("exited with status 1"), "\(e)")
            #expect("\(e)".contains("feedInputAndTarget before init"), "\(e)")
        }
    }

    @Test func theChildAndTheModuleDirectoryAreGoneAfterTheDataset() throws {
        var d: ExternSprintDataset? = try Self.make()
        try d!.initSeqOrder(epoch: 1)
        try d!.loadSeqs(0, 1)
        let dir = d!.workDirectory
        #expect(FileManager.default.fileExists(atPath: dir + "/returnn_sprint_extern.py"))
        d = nil
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test func sprintStringsAndConfigOptions() throws {
        let body = """
            sprint_trainer_exec_path = ["python3", "\(Self.standin)"]
            train = "sprint:--*.standin-corpus=\(Self.corpus)"
            dev = {"class": "ExternSprintDataset", "sprintTrainerExecPath": sprint_trainer_exec_path,
                   "sprintConfigStr": lambda: ["--*.standin-corpus=\(Self.corpus)"], "partitionEpoch": 2, "child_timeout": None}
            """
        let train = try #require(try DatasetFactoryTests.build(body) as? ExternSprintDataset)
        #expect(train.corpusTags.count == 4)
        let dev = try #require(try DatasetFactoryTests.build(body, key: "dev") as? ExternSprintDataset)
        #expect(dev.options.partitionEpoch == 2 && dev.settings.childTimeout == nil)
        let estimated = try #require(try DatasetFactoryTests.build(body + "\ntrain = {'class': 'ExternSprintDataset', 'sprintTrainerExecPath': sprint_trainer_exec_path, 'sprintConfigStr': '--*.standin-corpus=\(Self.corpus)', 'estimated_num_seqs': 8}") as? ExternSprintDataset)
        try estimated.initSeqOrder(epoch: 1)
        #expect(estimated.completeFrac(1) == 0.25)
        // dev gets upstream's eval defaults (sorted), which is ordered here by duration.
        try dev.initSeqOrder(epoch: 1)
        #expect(dev.numSeqs == 2)
        let missing = DatasetFactoryTests.error { _ = try DatasetFactoryTests.build("train = 'sprint:--x=1'") }
        #expect(missing?.message.contains("a 'sprint:' dataset needs 'sprint_trainer_exec_path' in the config") == true)
        let typo = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'ExternSprintDataset', 'sprintTrainerExecPath': 'x', 'sprintConfigStr': '', 'input_stdev': 2}")
        }
        #expect(typo?.message.contains("input_stddev") == true, "\(String(describing: typo))")
    }

    @Test func shellWordsSplitAsPythonShlex() throws {
        // Expected values from Python 3.11's shlex.split.
        #expect(try ShellWords.split("--config=a.config  --*.x='a b' \"c\\\"d\" e\\ f") == ["--config=a.config", "--*.x=a b", "c\"d", "e f"])
        #expect(try ShellWords.split("") == [])
        #expect(try ShellWords.split("''") == [""])
        #expect(throws: ShellWordsError.self) { _ = try ShellWords.split("'open") }
        #expect(try ShellWords.expand(["a", "$X", "${Y}"], environment: ["X": "b 'c d'", "Y": "e"]) == ["a", "b", "c d", "e"])
        #expect(throws: ShellWordsError.self) { _ = try ShellWords.expand(["$NOPE"], environment: [:]) }
    }
}
