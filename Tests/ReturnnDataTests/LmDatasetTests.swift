import Foundation
import Testing

@testable import ReturnnData

/// Temporary files for the text-corpus tests, removed when the value goes away.
final class LmTempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lm-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let p = url.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    /// The char-based symbols file of test_LmDataset_char_based.
    func charSymbols() throws -> String {
        var seen = [Character]()
        for c in "Hello world\nNext line\n" where c != "\n" && !seen.contains(c) { seen.append(c) }
        return try write("chars.syms", "[END]\n" + seen.map { "\($0)\n" }.joined())
    }
}

/// Fixtures of `Tests/Fixtures/lm` (written by make_lm_fixtures.py).
func lmFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lm/\(name)").path
}

func lmSeqs(_ ds: LmDataset, key: String = "data") throws -> [[Int]] {
    var out = [[Int]]()
    var i = 0
    while try ds.isLessThanNumSeqs(i) {
        try ds.loadSeqs(i, i + 1)
        out.append(try ds.data(i, key: key).ints)
        i += 1
    }
    return out
}

@Test func lmDatasetCharBased() throws {
    let dir = try LmTempDir()
    let txt = try dir.write("c.txt", "Hello world\nNext line\n")
    let ds = try LmDataset(corpusFile: [txt], orthSymbolsFile: try dir.charSymbols(), options: DatasetOptions())
    #expect(!ds.isCorpusLoaded)
    try ds.initSeqOrder(epoch: 1)
    #expect(ds.isCorpusLoaded)
    try ds.loadSeqs(0, 2)
    #expect(try ds.data(0, key: "data").ints == [1, 2, 3, 3, 4, 5, 6, 4, 7, 3, 8, 0])
    #expect(try ds.data(1, key: "data").ints == [9, 2, 10, 11, 5, 3, 12, 13, 2, 0])
    #expect(try !ds.isLessThanNumSeqs(2))
    #expect(ds.numSeqs == 2 && ds.dataKeys == ["data"] && ds.targetList == ["data"])
    #expect(try ds.dataSpec("data") == .sparse(14, dtype: .int8))
    #expect(try ds.data(0, key: "data").dtype == .int8)
    #expect(try ds.tag(1) == "line-1")
    #expect(try ds.allTags() == ["line-0", "line-1"])
    #expect(throws: DatasetError.self) { try ds.data(0, key: "classes") }
}

@Test func lmDatasetWordBasedAndMapFiles() throws {
    let dir = try LmTempDir()
    let txt = try dir.write("c.txt", "Hello world\nNext line\n")
    let syms = try dir.write("w.syms", "[END]\nHello\nworld\nNext\nline\n")
    let ds = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, wordBased: true, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    #expect(try lmSeqs(ds) == [[1, 2, 0], [3, 4, 0]])
    // The same vocabulary as "<symbol> <index>" lines (unordered) and as a Python dict literal.
    let lines = try dir.write("w.map", "world 2\nHello 1\n[END] 0\nline 4\nNext 3\n")
    let dict = try dir.write("w.dict", "{'[END]': 0, \"Hello\": 1, 'world': 2, 'Next': 3, 'line': 4}\n")
    for map in [lines, dict] {
        let m = try LmDataset(corpusFile: [txt], orthSymbolsMapFile: map, wordBased: true, options: DatasetOptions())
        try m.initSeqOrder(epoch: 1)
        #expect(try lmSeqs(m) == [[1, 2, 0], [3, 4, 0]])
        #expect(m.labels["data"] == ["[END]", "Hello", "world", "Next", "line"])
    }
    let noZero = try dir.write("bad.map", "a 1\nb 2\n")
    #expect(throws: DatasetError.self) { try LmDataset(corpusFile: [txt], orthSymbolsMapFile: noZero, options: DatasetOptions()) }
}

@Test func lmDatasetMultipleAndGzipped() throws {
    // test_LmDataset_multiple_and_gzipped, with a second gzip member, a stripped line and an
    // empty line in the second file.
    let files = [lmFixture("hello.txt.gz"), lmFixture("next_world.txt.gz"), lmFixture("hello_line.txt")]
    let ds = try LmDataset(corpusFile: files, orthSymbolsFile: lmFixture("chars.syms"), options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    let nextWorld = [9, 2, 10, 11, 5, 6, 4, 7, 3, 8, 0]
    #expect(try lmSeqs(ds) == [
        [1, 2, 3, 3, 4, 5, 6, 4, 7, 3, 8, 0], [9, 2, 10, 11, 5, 3, 12, 13, 2, 0], nextWorld, nextWorld,
        [1, 2, 3, 3, 4, 5, 3, 12, 13, 2, 0],
    ])
    // Per-file seq lists.
    let dir = try LmTempDir()
    let lists = try [("a", "a1\na2\n"), ("b", "b1\nb2\n"), ("c", "c1\n")].map { try dir.write($0.0, $0.1) }
    let tagged = try LmDataset(corpusFile: files, seqListFile: lists, orthSymbolsFile: lmFixture("chars.syms"), options: DatasetOptions())
    #expect(try tagged.allTags() == ["a1", "a2", "b1", "b2", "c1"])
    let wrong = try LmDataset(corpusFile: files, seqListFile: [lists[0]], orthSymbolsFile: lmFixture("chars.syms"), options: DatasetOptions())
    #expect(throws: DatasetError.self) { try wrong.initSeqOrder(epoch: 1) }
}

@Test func lmDatasetSortedAndSeqEnd() throws {
    // test_LmDataset_sorted: "sorted" orders by byte length.
    let dir = try LmTempDir()
    let text = "Hello world\nNext line\nShorty\nLonger than all the others\n"
    let txt = try dir.write("c.txt", text)
    var chars = [String]()
    for c in text.unicodeScalars where c != "\n" && !chars.contains(String(c)) { chars.append(String(c)) }
    let syms = try dir.write("s.syms", chars.joined(separator: "\n") + "\n")
    let ds = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, seqEndSymbol: nil,
                           options: DatasetOptions(seqOrdering: .sorted))
    try ds.initSeqOrder(epoch: 1)
    let decoded = try lmSeqs(ds).map { $0.map { chars[$0] }.joined() }
    #expect(decoded == ["Shorty", "Next line", "Hello world", "Longer than all the others"])
    #expect(ds.currentSeqOrder == [2, 1, 0, 3])
}

@Test func lmDatasetUnknownSymbols() throws {
    let dir = try LmTempDir()
    let txt = try dir.write("c.txt", "a b\nb x b\n\nb  a\n")
    let syms = try dir.write("w.syms", "[END]\na\nb\n[UNKNOWN]\n[START]\n")
    // Default: an error naming the symbol.
    let strict = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, wordBased: true, options: DatasetOptions())
    try strict.initSeqOrder(epoch: 1)
    #expect(try strict.data(0, key: "data").ints == [1, 2, 0])
    #expect(throws: DatasetError.self) { try strict.data(1, key: "data") }
    do {
        _ = try strict.data(1, key: "data")
    } catch let e as DatasetError {
        #expect(e.description.contains("'x'") && e.description.contains("line-1"))
    }
    // Skipping: the epoch ends early and its length is known only at the end.
    let skip = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, wordBased: true, errorOnInvalidSeq: false,
                             addDelayedSeqData: true, options: DatasetOptions())
    try skip.initSeqOrder(epoch: 1)
    #expect(skip.numSeqs == nil)
    #expect(try lmSeqs(skip) == [[1, 2, 0], [2, 1, 0]])
    #expect(try lmSeqs(skip, key: "delayed") == [[4, 1, 2], [4, 2, 1]])
    #expect(skip.numSeqs == 2 && skip.numSkipped == 1 && skip.dataKeys == ["data", "delayed"])
    #expect(try skip.tag(1) == "line-2")
    // Auto-replacement with the unknown symbol.
    let auto = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, wordBased: true, autoReplaceUnknownSymbol: true,
                             options: DatasetOptions())
    try auto.initSeqOrder(epoch: 1)
    #expect(try lmSeqs(auto) == [[1, 2, 0], [2, 3, 2, 0], [2, 1, 0]])
    #expect(auto.numUnknown == 1)
    // Empty lines kept.
    let keep = try LmDataset(corpusFile: [txt], skipEmptyLines: false, orthSymbolsFile: syms, wordBased: true,
                             autoReplaceUnknownSymbol: true, options: DatasetOptions())
    try keep.initSeqOrder(epoch: 1)
    #expect(try lmSeqs(keep)[2] == [0])
}

@Test func lmDatasetWordEndAndReplaceMap() throws {
    let dir = try LmTempDir()
    let txt = try dir.write("c.txt", "ab (c) [noise] b\n")
    let syms = try dir.write("s.syms", "[END]\na\nb\nc\n_\n[NOISE]\nq\n")
    let repl = try dir.write("r.json", "{\"c\": \"q\"}")
    let ds = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, orthReplaceMapFile: repl, wordEndSymbol: "_",
                           options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    #expect(try ds.symbols(corpusIdx: 0) == ["a", "b", "_", "q", "_", "[NOISE]", "_", "b", "_", "[END]"])
    #expect(try lmSeqs(ds) == [[1, 2, 4, 6, 4, 5, 4, 2, 4, 0]])
}

@Test func lmDatasetErrors() throws {
    let dir = try LmTempDir()
    let syms = try dir.charSymbols()
    let missing = try LmDataset(corpusFile: [dir.url.appendingPathComponent("nope.txt").path], orthSymbolsFile: syms,
                                options: DatasetOptions())
    #expect(!missing.isCorpusLoaded)
    #expect(throws: DatasetError.self) { try missing.initSeqOrder(epoch: 1) }
    let txt = try dir.write("c.txt", "Hello\n")
    #expect(throws: DatasetError.self) { try LmDataset(corpusFile: [txt], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) {
        try LmDataset(corpusFile: [txt], orthSymbolsFile: dir.url.appendingPathComponent("none.syms").path, options: DatasetOptions())
    }
    #expect(throws: DatasetError.self) {
        try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, addDelayedSeqData: true, options: DatasetOptions())
    }
    let corrupt = try dir.write("bad.txt.gz", "not gzip at all")
    let gz = try LmDataset(corpusFile: [corrupt], orthSymbolsFile: syms, options: DatasetOptions())
    #expect(throws: DatasetError.self) { try gz.initSeqOrder(epoch: 1) }
    // Many labels switch the dtype.
    let big = try dir.write("big.syms", (0..<300).map { "s\($0)\n" }.joined())
    #expect(try LmDataset(corpusFile: [txt], orthSymbolsFile: big, options: DatasetOptions()).dtype == .int32)
}
