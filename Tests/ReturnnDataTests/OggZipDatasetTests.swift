import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnData

/// OggZipDataset end to end against upstream RETURNN's OggZipDataset (oggzip.json).
@Suite struct OggZipDatasetTests {
    static func run(_ name: String) throws -> [String: Any] {
        (try AudioFixtures.json("oggzip.json")["runs"] as! [[String: Any]]).first { $0["name"] as! String == name }!
    }

    static let audio = "{'features': 'log_mel_filterbank', 'num_feature_filters': 10}"
    static let targets = "{'vocab_file': '\(AudioFixtures.path("words.vocab"))', 'unknown_label': '<unk>'}"
    static let zips = "['\(AudioFixtures.path("corpus.zip"))', '\(AudioFixtures.path("corpus2.zip"))']"

    static let configs: [String: String] = [
        "sorted_two_zips": "'path': \(zips), 'audio': \(audio), 'targets': \(targets), 'seq_ordering': 'sorted', 'segment_file': '\(AudioFixtures.path("segments.txt"))'",
        "text_only": "'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': None, 'targets': \(targets), 'seq_ordering': 'default'",
        "partition_reverse": "'path': \(zips), 'audio': \(audio), 'targets': None, 'seq_ordering': 'sorted_reverse', 'partition_epoch': 2",
    ]

    static func build(_ opts: String) throws -> any Dataset {
        try DatasetFactoryTests.build("train = {'class': 'OggZipDataset', \(opts)}")!
    }

    @Test(arguments: ["sorted_two_zips", "text_only", "partition_reverse"])
    func matchesUpstream(_ name: String) throws {
        let run = try Self.run(name)
        let ds = try Self.build(Self.configs[name]!)
        #expect(ds.dataKeys + ["raw"] == run["keys"] as! [String])
        #expect(ds.totalNumSeqs == run["total_num_seqs"] as? Int)
        #expect(try ds.allTags() == run["all_tags"] as! [String])
        for (e, seqs) in (run["epochs"] as! [[[String: Any]]]).enumerated() {
            try ds.initSeqOrder(epoch: e + 1)
            #expect(ds.numSeqs == seqs.count)
            try ds.loadSeqs(0, seqs.count)
            for (i, s) in seqs.enumerated() {
                #expect(try ds.tag(i) == s["tag"] as! String)
                #expect(try ds.data(i, key: "orth").ints == s["orth"] as! [Int])
                if let c = s["classes"] as? [Int] { #expect(try ds.data(i, key: "classes").ints == c) }
                if let shape = s["data_shape"] as? [Int] {
                    let d = try ds.data(i, key: "data")
                    #expect(d.shape == shape)
                    guard case .float32(let v) = d.values else { Issue.record("data is not float32"); continue }
                    let want = s["data"] as! [Double]
                    #expect(zip(v, want).allSatisfy { AudioFixtures.close(Double($0), $1) }, "\(name) epoch \(e + 1) \(s["tag"]!)")
                }
            }
        }
    }

    @Test func specsLabelsAndVocabulary() throws {
        let ds = try Self.build(Self.configs["sorted_two_zips"]!)
        #expect(try ds.dataSpec("data") == .dense(10))
        #expect(try ds.dataSpec("classes") == .sparse(5))
        #expect(try ds.dataSpec("orth") == .sparse(256, dtype: .uint8))
        #expect(ds.targetList == ["classes", "orth"])
        #expect(try ds.vocabulary(for: "classes")?.seqLabels([3, 4]) == "three four")
        #expect(try ds.vocabulary(for: "orth")?.seqLabels([104, 105]) == "hi")
    }

    @Test func fixedRandomSubsetAndEpochWiseFilter() throws {
        let ds = try Self.build("'path': \(Self.zips), 'audio': None, 'targets': None, 'fixed_random_subset': 3")
        #expect(ds.totalNumSeqs == 3)
        // numpy.random.RandomState(42).shuffle(list(range(5)))[:3] == [1, 4, 2]
        let all = ["corpus/utt_a", "corpus/utt_b", "corpus/tone", "utt_c.flac", "tone16k.ogg"]
        #expect(try ds.allTags() == [all[1], all[4], all[2]])
        // Lengths 15, 25, 20, 10, 20; upstream's binary search keeps the 3 shortest for max_mean_len 14
        // (checked with upstream's OggZipDataset), in their order.
        let f = try Self.build("'path': \(Self.zips), 'audio': None, 'targets': None, 'epoch_wise_filter': {(1, 2): {'max_mean_len': 14}}")
        try f.initSeqOrder(epoch: 1)
        #expect(try (0..<f.numSeqs!).map { try f.tag($0) } == ["corpus/utt_a", "corpus/tone", "utt_c.flac"])
        try f.initSeqOrder(epoch: 3)
        #expect(f.numSeqs == 5)
    }

    @Test func directoryModeAndNoNamePrefix() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oggzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("plain"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: AudioFixtures.path("utt_a.wav"), toPath: dir.appendingPathComponent("plain/utt_a.wav").path)
        // A JSON meta list (true/false/null understood).
        try #"[{"file": "utt_a.wav", "text": "one", "duration": 0.15, "verified": true}]"#.write(to: dir.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
        let ds = try Self.build("'path': '\(dir.appendingPathComponent("plain").path)', 'audio': \(Self.audio), 'targets': None")
        try ds.initSeqOrder(epoch: 1)
        #expect(try ds.tag(0) == "utt_a.wav")
        #expect(try ds.data(0, key: "data").shape == [16, 10])
        let bad = try Self.build("'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': \(Self.audio), 'targets': None, 'zip_audio_files_have_name_as_prefix': False")
        try bad.initSeqOrder(epoch: 1)
        #expect(throws: DatasetError.self) { try bad.loadSeqs(0, 1) }
    }

    static func error(_ opts: String, epoch: Bool = true) -> String {
        do {
            let ds = try build(opts)
            if epoch { try ds.initSeqOrder(epoch: 1); try ds.loadSeqs(0, 1) }
        } catch { return "\(error)" }
        return "no error"
    }

    @Test func errorsSayWhatAndWhere() {
        #expect(Self.error("'path': 'x.tar', 'audio': None, 'targets': None").contains("'x.tar' is neither a .zip, a .txt.gz meta list, nor a directory"))
        #expect(Self.error("'path': 'missing.zip', 'audio': None, 'targets': None").contains("missing.zip: cannot open the zip file; check the path"))
        #expect(Self.error("'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': None").contains("missing required option 'targets'"))
        #expect(Self.error("'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': None, 'targets': None, 'segmentfile': 'x'").contains("did you mean 'segment_file'"))
        #expect(Self.error("'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': None, 'targets': None, 'content_name': 'other'").contains("has no meta list 'other.txt'"))
        #expect(Self.error("'path': '\(AudioFixtures.path("corpus.zip"))', 'audio': {'window_len': 0.025, 'features': 'mfcc', 'sample_rate': 8000}, 'targets': None").contains("sample rate 16000 Hz, but sample_rate=8000"))
        #expect(Self.error("'path': '\(AudioFixtures.path("words.vocab"))', 'audio': None, 'targets': None").contains("neither a .zip"))
    }

    @Test func zipArchiveChecksCRCAndTruncation() throws {
        var bytes = try AudioFixtures.bytes("corpus2.zip")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try ZipArchive(path: AudioFixtures.path("corpus2.zip"))
        #expect(ok.names == ["corpus2.txt", "corpus2/utt_c.flac", "corpus2/tone16k.ogg"])
        // Flip one byte inside the stored (uncompressed) second audio entry: CRC error.
        let stored = ok.entries["corpus2/tone16k.ogg"]!
        bytes[Int(stored.localHeaderOffset) + 30 + "corpus2/tone16k.ogg".utf8.count + 100] ^= 0xFF
        let damaged = dir.appendingPathComponent("damaged.zip").path
        FileManager.default.createFile(atPath: damaged, contents: Data(bytes))
        #expect(throws: DatasetError.file(path: damaged, message: "entry 'corpus2/tone16k.ogg': CRC-32 mismatch (corrupt zip)")) {
            _ = try ZipArchive(path: damaged).read("corpus2/tone16k.ogg")
        }
        let truncated = dir.appendingPathComponent("truncated.zip").path
        FileManager.default.createFile(atPath: truncated, contents: Data(bytes.prefix(bytes.count / 2)))
        #expect(throws: DatasetError.file(path: truncated, message: "is not a zip file (no end of central directory record)")) {
            _ = try ZipArchive(path: truncated)
        }
    }
}

/// The fast meta-list parser against the config interpreter, and its fallbacks.
@Suite struct OggZipMetaParserTests {
    @Test(arguments: ["corpus", "corpus2"]) func sameEntriesAsTheInterpreter(_ name: String) throws {
        let bytes = try ZipArchive(path: AudioFixtures.path("\(name).zip")).read("\(name).txt")
        let fast = try #require(OggZipMetaParser.parse(bytes))
        let slow = try AudioFixtures.value(String(decoding: bytes, as: UTF8.self))
        let items = try #require(slow.sequenceItems)
        #expect(fast.count == items.count)
        for (f, s) in zip(fast, items) {
            let d = s.dictValue!
            #expect(Set(f.keys) == Set(d.keys.compactMap { $0.stringValue }))
            for (k, v) in f {
                switch v {
                case .str(let x): #expect(d.get(k)?.stringValue == x)
                case .number(let x): #expect(d.get(k)?.doubleValue == x)
                default: Issue.record("unexpected \(v)")
                }
            }
        }
        let entries = try OggZipEntry.parseList(bytes, source: name, zipIndex: 0)
        #expect(entries.first?.duration == (fast[0]["duration"].flatMap { if case .number(let d) = $0 { d } else { nil } }))
    }

    @Test func jsonEscapesAndFallbacks() throws {
        let json = #"[{"file": "a.ogg", "text": "it's \"x\"\n", "duration": 1e0, "ok": true, "seq_name": null}]"#
        #expect(OggZipMetaParser.parse(Array(json.utf8)) == [["file": .str("a.ogg"), "text": .str("it's \"x\"\n"), "duration": .number(1), "ok": .bool(true), "seq_name": .null]])
        #expect(OggZipMetaParser.parse(Array("[]".utf8)) == [])
        // Outside the subset: nil, so that the interpreter (which knows these) takes over.
        for text in [#"[{'text': u'a', 'duration': 1}]"#, #"[{'text': '\x41', 'duration': 1}]"#, "[{'text': 'a' 'b', 'duration': 1}]",
                     "[{'text': 'a', 'duration': 1_0}]", "[{'text': 'a', 'duration': (1)}]", "[{'text': 'a', 'duration': 1}] + []"] {
            #expect(OggZipMetaParser.parse(Array(text.utf8)) == nil, "\(text)")
        }
        let viaInterpreter = try OggZipEntry.parseList(Array(#"[{'text': u'\x41b', 'duration': 1_0}]"#.utf8), source: "m.txt", zipIndex: 0)
        #expect(viaInterpreter == [OggZipEntry(file: nil, seqName: nil, text: "Ab", duration: 10, zipIndex: 0)])
        #expect(throws: DatasetError.file(path: "m.txt", message: "entry 0 of the meta list: 'text' must be a str, got float")) {
            _ = try OggZipEntry.parseList(Array("[{'text': 3, 'duration': 1}]".utf8), source: "m.txt", zipIndex: 0)
        }
        #expect(throws: DatasetError.file(path: "m.txt", message: "entry 1 of the meta list has no numeric 'duration' (needed for sorting; it need not be exact)")) {
            _ = try OggZipEntry.parseList(Array("[{'text': 'a', 'duration': 1}, {'text': 'b'}]".utf8), source: "m.txt", zipIndex: 0)
        }
    }
}
