import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnData

/// Fixtures of `Tests/Fixtures/vocab` (written by make_vocab_reference.py with upstream RETURNN).
enum VocabFixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/vocab")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var reference: [String: Any] {
        let data = try! Data(contentsOf: directory.appendingPathComponent("vocab_reference.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A JSON value as a Python literal (file options resolved into the fixture folder).
    static func python(_ v: Any, key: String? = nil) -> String {
        switch v {
        case is NSNull: return "None"
        case let n as NSNumber:
            // The fixture's bool options (JSON true/false) by name: NSNumber does not tell on Linux.
            let bools: Set<String> = ["single_whitespace_split", "source_only", "add_bos", "add_eos"]
            if let key, bools.contains(key) { return n.boolValue ? "True" : "False" }
            return n.stringValue
        case let s as String:
            let fileKeys: Set<String> = ["vocab_file", "bpe_file", "model_file", "corpus_file", "path"]
            let value = key.map { fileKeys.contains($0) } == true ? path(s) : s
            return "\"" + value.unicodeScalars.map { c in
                c == "\"" || c == "\\" ? "\\\(c)" : c.value < 0x20 || c.value > 0x7E ? String(format: "\\U%08x", c.value) : String(c)
            }.joined() + "\""
        case let a as [Any]: return "[" + a.map { python($0) }.joined(separator: ", ") + "]"
        case let d as [String: Any]: return "{" + d.keys.sorted().map { "\(python($0)): \(python(d[$0]!, key: $0))" }.joined(separator: ", ") + "}"
        default: preconditionFailure("unexpected JSON value \(v)")
        }
    }

    /// Evaluates a Python literal as a config value (file "test.config").
    static func value(_ text: String) throws -> ConfigValue {
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0) { _ in }
        return try Config(environment: env).evaluate(expression: text, file: "test.config")
    }

    static func vocab(_ text: String) throws -> Vocabulary {
        try BuiltinVocabularies.make(try value(text), context: "vocab")
    }

    static func configError(_ body: () throws -> Void) -> ConfigError? {
        do { try body() } catch let e as ConfigError { return e } catch { Issue.record("unexpected \(error)"); return nil }
        Issue.record("no error")
        return nil
    }
}

@Suite struct VocabularyTests {
    static var caseNames: [String] { ((VocabFixtures.reference["vocabs"] as! [String: Any]).keys).sorted() }

    @Test(arguments: caseNames) func matchesUpstream(_ name: String) throws {
        let c = (VocabFixtures.reference["vocabs"] as! [String: Any])[name] as! [String: Any]
        let v = try BuiltinVocabularies.make(try VocabFixtures.value(VocabFixtures.python(c["opts"]!)), context: name)
        #expect(type(of: v).className == c["class"] as! String)
        #expect(v.numLabels == c["num_labels"] as! Int)
        #expect(v.labels == c["labels"] as! [String])
        #expect(v.unknownLabelId == c["unknown_label_id"] as? Int)
        #expect(v.bosLabelId == c["bos_label_id"] as? Int)
        #expect(v.eosLabelId == c["eos_label_id"] as? Int)
        #expect(v.padLabelId == c["pad_label_id"] as? Int)
        for s in c["seqs"] as! [[String: Any]] {
            let text = s["text"] as! String
            if s["error"] != nil {
                #expect(throws: VocabularyError.self) { try v.getSeq(text) }
                continue
            }
            let ids = try v.getSeq(text)
            #expect(ids == s["ids"] as! [Int], "\(name): \(text)")
            #expect(try v.seqLabels(ids) == s["labels"] as! String, "\(name): \(text)")
        }
    }

    @Test func upstreamBytePairEncodingUnicodeTest() throws {
        // upstream tests/test_GeneratingDataset.py test_BytePairEncoding_unicode
        let bpe = try BytePairEncoding(vocabFile: VocabFixtures.path("bpe-unicode-demo.vocab"),
                                       bpeFile: VocabFixtures.path("bpe-unicode-demo.codes"),
                                       options: VocabularyOptions(unknownLabel: .label("<unk>")))
        #expect(bpe.numLabels == 189)
        #expect(bpe.labels[5] == "z" && bpe.index(of: "z") == 5)
        #expect(bpe.labels[6] == "å" && bpe.index(of: "å") == 6)
        #expect(bpe.bpe.codes[.init(left: "n", right: "d</w>")] == 1)
        #expect(bpe.bpe.codes[.init(left: "à", right: "nd</w>")] == 2)
        func seq(_ t: String) throws -> String { try bpe.getSeq(t).map { bpe.labels[$0] }.joined(separator: " ") }
        #expect(try seq("kod") == "k@@ o@@ d")
        #expect(try seq("råt") == "råt")
        #expect(try seq("råt råt iz ďër iz ďër ám àn iz ďër ë låk ë kod áv dres wër yù wêk dù ďë àsk")
            == "råt råt iz ďër iz ďër ám à@@ n iz ďër ë låk ë k@@ o@@ d áv d@@ r@@ e@@ s w@@ ër yù w@@ ê@@ k dù ďë à@@ s@@ k")
    }

    @Test func fromLabelsAsUpstreamSearch() throws {
        for (name, c) in VocabFixtures.reference["from_labels"] as! [String: [String: String]] {
            let labels: [String] = name == "chars" ? ["a", "b", " "] : name == "words" ? ["ab", "c"] : (0..<256).map { String(Unicode.Scalar(UInt8($0))) }
            let v = Vocabulary.fromLabels(labels)
            #expect(type(of: v).className == c["class"]!)
            #expect(try v.seqLabels([0, 1, 0]) == c["labels"]!)
        }
    }

    @Test func sentencePieceDecode() throws {
        let ref = VocabFixtures.reference["spm_decode"] as! [String: Any]
        let sp = try SentencePieces(modelFile: VocabFixtures.path("spm.model"))
        #expect(try sp.getSeq(ref["text"] as! String) == ref["ids"] as! [Int])
        #expect(try sp.decode(ref["ids"] as! [Int]) == ref["text"] as! String)
        #expect(throws: VocabularyError.self) { try sp.decode([40]) }
    }

    @Test func vocabFileForms() throws {
        let dir = try LmTempDir()
        let crlf = try dir.write("crlf.txt", "a\r\nb\r\nc")
        #expect(try VocabularyTable.read(crlf).labels == ["a", "b", "c"])
        let shared = try VocabularyTable.read(VocabFixtures.path("words.dict"))
        #expect(shared.labels[0] == "<s>" && shared.labelToIndex[LabelKey("<S>")] == 0)
        let many = try VocabularyTable.read(VocabFixtures.path("many.p2.pkl"))
        #expect(many.labels == (0..<300).map { "w\($0)" })
        let ints = try PickleStrIntDict.read([UInt8](try Data(contentsOf: VocabFixtures.directory.appendingPathComponent("ints.p2.pkl"))), path: "ints")
        #expect(ints.map(\.0) == ["a", "b", "c", "d", "e", "f"])
        #expect(ints.map(\.1) == [0, 300, 70000, -5, 1 << 40, -(1 << 40)])
    }
}

@Suite struct VocabularyErrorTests {
    @Test func defaultUnknownLabelMustExist() throws {
        let e = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'vocab_file': '\(VocabFixtures.path("chars.txt"))'}") }
        #expect(e?.message.contains("unknown_label 'UNK' is not in the vocabulary; set unknown_label to a label of the vocabulary, or to None") == true)
        #expect(e?.location?.file == "test.config")
    }

    @Test func unknownOptionsAndClasses() throws {
        let typo = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'vocab_file': '\(VocabFixtures.path("words.txt"))', 'unknwn_label': None}") }
        #expect(typo?.message == "vocab: unknown option 'unknwn_label'; did you mean 'unknown_label'?")
        let cls = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'class': 'BytePairEncodng'}") }
        #expect(cls?.message == "unknown vocabulary class 'BytePairEncodng'; did you mean 'BytePairEncoding'?")
        let hf = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'class': 'HuggingFaceTokenizer'}") }
        #expect(hf?.message.hasPrefix("vocabulary class 'HuggingFaceTokenizer' exists in upstream RETURNN but is not supported by swift-returnn yet") == true)
        let missing = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'unknown_label': None}") }
        #expect(missing?.message == "vocab: missing required option 'vocab_file' (or 'labels')")
        let sampling = VocabFixtures.configError {
            _ = try VocabFixtures.vocab("{'class': 'SentencePieces', 'model_file': '\(VocabFixtures.path("spm.model"))', 'enable_sampling': True}")
        }
        #expect(sampling?.message.contains("enable_sampling: SentencePiece sampling (subword regularization) is not supported") == true)
    }

    @Test func badFiles() throws {
        let dir = try LmTempDir()
        let gap = try dir.write("gap.dict", "{'a': 0, 'b': 2}")
        let e1 = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'vocab_file': '\(gap)', 'unknown_label': None}") }
        #expect(e1?.message == "vocab.vocab_file: file \(gap): vocabulary indices must be 0..<2 without gaps: lowest index 0, highest 2, 2 distinct indices; unused indices: 1")
        let text = try dir.write("p0.pkl", "(dp0\nVa\np1\nI0\ns.")
        #expect(throws: DatasetError.file(path: text, message: "not a pickled dict of str -> int (pickle protocol 0/1 (text) or not a pickle at all; re-save it with pickle.dump(d, f, protocol=2) or newer, at byte 0); RETURNN vocab pickles are written with pickle.dump({label: index, ...}, f)")) {
            try VocabularyTable.read(text)
        }
        // {"a": 1.0} with protocol 2: BINFLOAT is no int.
        let float: [UInt8] = [0x80, 2, 0x7D, 0x71, 0, 0x58, 1, 0, 0, 0, 0x61, 0x47, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x73, 0x2E]
        #expect(throws: DatasetError.file(path: "f.pkl", message: "not a pickled dict of str -> int (opcode 0x47, which a flat dict of str -> int does not use, at byte 12); RETURNN vocab pickles are written with pickle.dump({label: index, ...}, f)")) {
            try PickleStrIntDict.read(float, path: "f.pkl")
        }
        let codes = try dir.write("bad.codes", "#version: 0.2\na b\nc\n")
        let e2 = VocabFixtures.configError {
            _ = try VocabFixtures.vocab("{'bpe_file': '\(codes)', 'vocab_file': '\(VocabFixtures.path("words.txt"))', 'unknown_label': None}")
        }
        #expect(e2?.message == "vocab.bpe_file: file \(codes): line 3 'c' is not a merge 'left right' (subword-nmt codes have two symbols per line)")
        let v3 = try dir.write("v3.codes", "#version: 0.3\n")
        #expect(throws: DatasetError.file(path: v3, message: "line 1: BPE codes version '0.3' is not supported (only subword-nmt's 0.1 and 0.2)")) {
            try StandardBytePairEncoder(codesFile: v3, labels: nil)
        }
        let e3 = VocabFixtures.configError { _ = try VocabFixtures.vocab("{'class': 'SentencePieces', 'model_file': '\(dir.url.path)/none.model'}") }
        #expect(e3?.message.hasPrefix("vocab.model_file: file \(dir.url.path)/none.model: cannot load the SentencePiece model:") == true)
    }

    @Test func badIdsAndText() throws {
        let utf8 = try Utf8ByteTargets()
        #expect(throws: VocabularyError("Utf8ByteTargets(None, num_labels=256): the byte sequence is not valid UTF-8")) { try utf8.seqLabels([0xC3]) }
        #expect(throws: VocabularyError("Utf8ByteTargets(None, num_labels=256): invalid byte value 256, must be within 0-255")) { try utf8.seqLabels([256]) }
        let words = try VocabFixtures.vocab("{'vocab_file': '\(VocabFixtures.path("words.txt"))', 'unknown_label': None}")
        let name = "Vocabulary('\(VocabFixtures.path("words.txt"))', num_labels=12)"
        #expect(throws: VocabularyError("\(name): label 'zebra' is not in the vocabulary and there is no unknown_label; add it, or set unknown_label")) {
            try words.getSeq("the zebra")
        }
        #expect(throws: VocabularyError("\(name): label id 12 is outside [0, 12); the ids do not belong to this vocabulary")) { try words.seqLabels([12]) }
    }
}
