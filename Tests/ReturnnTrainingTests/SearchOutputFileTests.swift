import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnTraining

/// The texts upstream's `Engine.search` writes (`Tests/Fixtures/search/search_output.json`, from
/// `make_search_output_fixtures.py`).
struct SearchOutputFixture: Decodable {
    /// An entry as the script writes it.
    struct Spec: Decodable {
        let text: String?
        let nbest: [[Value]]?
        let layers: [String: Spec]?

        /// A string of an n-best pair.
        enum Value: Decodable {
            case string(String)
            init(from decoder: Decoder) throws { self = .string(try decoder.singleValueContainer().decode(String.self)) }
        }

        var entry: SearchOutputEntry {
            if let text { return .text(text) }
            if let nbest {
                return .nBest(nbest.map { pair in
                    // The score is Python's repr of the float32 widened to float ('nan', '-inf', '-0.10000000149011612').
                    guard case .string(let s) = pair[0], let score = Float(s), case .string(let t) = pair[1] else {
                        preconditionFailure("bad n-best pair")
                    }
                    return .init(score: score, text: t)
                })
            }
            return .layers(layers!.mapValues(\.entry))
        }
    }
    /// One file.
    struct Case: Decodable {
        let name: String, format: String, text: String
        let seqs: [Seq]
    }
    /// `[tag, entry]`.
    struct Seq: Decodable {
        let tag: String, spec: Spec
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            tag = try c.decode(String.self)
            spec = try c.decode(Spec.self)
        }
    }
    let generatedBy: String
    let cases: [Case]
    enum CodingKeys: String, CodingKey { case generatedBy = "generated_by", cases }

    static let shared: SearchOutputFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/search/search_output.json")
        let f = try! JSONDecoder().decode(SearchOutputFixture.self, from: Data(contentsOf: url))
        precondition(f.generatedBy == "Tests/Fixtures/search/make_search_output_fixtures.py")
        return f
    }()
}

/// `SearchOutputFile`: byte-exact against upstream's writing code, `.gz`, atomic writing, errors.
@Suite struct SearchOutputFileTests {
    func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-search-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes every fixture case to `dir` (plain and `.gz`); returns the paths by case name.
    func writeAll(to dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for c in SearchOutputFixture.shared.cases {
            for suffix in ["", ".gz"] {
                let path = dir + "/" + c.name + "." + c.format + suffix
                let file = try SearchOutputFile(path: path, format: SearchOutputFile.format(named: c.format))
                // Appended in reverse: the file is in corpus index order.
                for (i, seq) in c.seqs.enumerated().reversed() {
                    try file.append(seqTag: seq.tag, corpusSeqIndex: i, entry: seq.spec.entry)
                }
                try file.finish()
                out[c.name + suffix] = path
            }
        }
        return out
    }

    @Test func matchesUpstreamByteForByte() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try writeAll(to: dir)
        for c in SearchOutputFixture.shared.cases {
            let plain = try Data(contentsOf: URL(fileURLWithPath: paths[c.name]!))
            #expect(plain == Data(c.text.utf8), "\(c.name):\n\(String(decoding: plain, as: UTF8.self))")
            let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[c.name + ".gz"]!)))
            #expect(gz.prefix(2) == [0x1f, 0x8b], "\(c.name): gzip magic")
            #expect(try Gzip.decompress(gz) == Array(c.text.utf8), "\(c.name).gz")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasSuffix(SafetensorsAtomicWrite.temporarySuffix) })
        // Hand-run check with upstream's readers: scripts/check-search-output.py reads the files kept here.
        if let keep = ProcessInfo.processInfo.environment["RETURNN_KEEP_SEARCH_OUTPUT"], !keep.isEmpty {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for (_, path) in paths {
                let target = keep + "/" + (path as NSString).lastPathComponent
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: path, toPath: target)
            }
        }
    }

    @Test func entryFormatting() {
        let e = SearchOutputEntry.nBest([.init(score: -0.1, text: "a"), .init(score: .nan, text: "it's")])
        #expect(e.str == "[(-0.1, 'a'), (nan, \"it's\")]")
        #expect(e.betterRepr == "[\n(-0.1, 'a'),\n(nan, \"it's\"),\n]")
        #expect(SearchOutputEntry.layers(["b": .text("x"), "a": .text("y")]).betterRepr == "{'a': 'y', 'b': 'x'}")
        #expect(SearchOutputEntry.layers(["a": .text("y")]).str == nil)
    }

    /// The message of the `EngineError` that `body` throws, or nil.
    func engineError(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as EngineError { return e.message } catch { return "not an EngineError: \(error)" }
        return nil
    }

    @Test func errors() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let existing = dir + "/exists.txt"
        try Data("x".utf8).write(to: URL(fileURLWithPath: existing))
        #expect(engineError { _ = try SearchOutputFile(path: existing, format: .txt) }
                == "search_output_file '\(existing)' exists already; remove it or choose another file name (the search does not overwrite it)")
        #expect(engineError { _ = try SearchOutputFile.format(named: "json") } == "search_output_file_format must be \"txt\" or \"py\", got 'json'")
        let txt = try SearchOutputFile(path: dir + "/out.txt", format: .txt)
        #expect(engineError { try txt.append(seqTag: "a", corpusSeqIndex: 0, entry: .layers(["output": .text("x")])) }?
            .hasPrefix("search_output_file_format \"txt\" holds one output layer only") == true)
        try txt.append(seqTag: "a", corpusSeqIndex: 0, entry: .text("x"))
        #expect(engineError { try txt.append(seqTag: "b", corpusSeqIndex: 0, entry: .text("y")) }
                == "search output: corpus sequence index 0 came twice (seq tags 'a' and 'b'); the dataset must give each sequence once")
        try txt.append(seqTag: "c", corpusSeqIndex: 2, entry: .text("z"))
        #expect(engineError { try txt.finish() }?.hasPrefix("search output: corpus sequence index 1 is missing (2 sequences, indices 0...2)") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.txt"))
        #expect(engineError { try SearchOutputFile(path: dir + "/empty.py", format: .py).finish() }?
            .hasPrefix("search output: no sequence was searched") == true)
        // A directory that does not exist: the write fails and leaves nothing behind.
        let bad = try SearchOutputFile(path: dir + "/missing/out.py", format: .py)
        try bad.append(seqTag: "a", corpusSeqIndex: 0, entry: .text("x"))
        #expect(throws: (any Error).self) { try bad.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["exists.txt"])
    }
}
