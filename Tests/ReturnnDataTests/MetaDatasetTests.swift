import Foundation
import Testing

@testable import ReturnnData

/// A StaticDataset with `n` seqs of key `key`; seq i has length `len(i)` and values `base + i`.
func metaStatic(_ key: String, _ n: Int, base: Int32 = 0, len: (Int) -> Int = { $0 + 1 },
                options: DatasetOptions = try! DatasetOptions()) throws -> StaticDataset {
    let seqs: [[String: SeqData]] = (0..<n).map { i in [key: .int32([Int32](repeating: base + Int32(i), count: len(i)))] }
    return try StaticDataset(data: seqs, outputDim: [key: (100, 1)], options: options)
}

@Test func metaDatasetControlDataset() throws {
    // test_MetaDataset: classes from a text dataset, controlled by it, have length len(text) + 1.
    let dir = try LmTempDir()
    let text = "some utterance text"
    let txt = try dir.write("t.txt", text + "\n")
    var chars = ["[END]"]
    for c in text.unicodeScalars where !chars.contains(String(c)) { chars.append(String(c)) }
    let syms = try dir.write("s.syms", chars.joined(separator: "\n") + "\n")
    let sub = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, options: DatasetOptions())
    let meta = try MetaDataset(datasets: ["sub": sub], dataMap: ["classes": ("sub", "data")], seqOrderControlDataset: "sub",
                               options: DatasetOptions())
    #expect(meta.dataKeys == ["classes"] && meta.targetList == ["classes"])
    try meta.initSeqOrder(epoch: 1)
    try meta.loadSeqs(0, 1)
    let classes = try meta.data(0, key: "classes")
    #expect(classes.length == text.count + 1 && classes.shape.count == 1)
    #expect(meta.numSeqs == 1)
    #expect(try meta.tag(0) == "line-0")
}

@Test func metaDatasetLmDatasetLazyInit() throws {
    // test_MetaDataset_LmDataset_lazy_init: constructing the MetaDataset must not read the corpus.
    let dir = try LmTempDir()
    let txt = try dir.write("t.txt", "Hello world\nNext line\n")
    let lm = try LmDataset(corpusFile: [txt], skipEmptyLines: false, orthSymbolsFile: try dir.charSymbols(), seqEndSymbol: nil,
                           unknownSymbol: nil, options: DatasetOptions(seqOrdering: .laplace(bins: .seqsPerBin(10), epochsFixed: 1), partitionEpoch: 2))
    let meta = try MetaDataset(datasets: ["base": lm], dataMap: ["data": ("base", "data")], seqOrderControlDataset: "base",
                               options: DatasetOptions())
    #expect(!lm.isCorpusLoaded)
    #expect(try meta.dataSpec("data") == .sparse(14, dtype: .int8))
    try meta.initSeqOrder(epoch: 1)
    #expect(lm.isCorpusLoaded && meta.numSeqs == 1)
}

@Test func metaDatasetAlignsByTag() throws {
    // "data" from a, "classes" from b; b holds the same tags (seq-i) with its own content.
    let a = try metaStatic("feat", 5, len: { 5 - $0 })
    let b = try metaStatic("cls", 5, base: 50, len: { _ in 2 })
    let meta = try MetaDataset(datasets: ["a": a, "b": b, "unused": try metaStatic("x", 1)],
                               dataMap: ["data": ("a", "feat"), "classes": ("b", "cls")],
                               options: DatasetOptions(seqOrdering: .sorted))
    #expect(meta.dataKeys == ["data", "classes"] && meta.targetList == ["classes"] && meta.datasets.count == 2)
    try meta.initSeqOrder(epoch: 1)
    try meta.loadSeqs(0, 5)
    #expect(meta.currentSeqOrder == [4, 3, 2, 1, 0])
    for i in 0..<5 {
        let corpus = 4 - i
        #expect(try meta.tag(i) == "seq-\(corpus)")
        #expect(try meta.data(i, key: "data").ints == [Int](repeating: corpus, count: i + 1))
        #expect(try meta.data(i, key: "classes").ints == [50 + corpus, 50 + corpus])
        #expect(try meta.seqLength(i) == NumbersDict(["data": i + 1, "classes": 2]))
    }
    // Given order and tag-list file.
    try meta.initSeqOrder(epoch: 2, corpusOrder: [2, 0])
    try meta.loadSeqs(0, 2)
    #expect(try meta.data(1, key: "classes").ints == [50, 50])
    let dir = try LmTempDir()
    let list = try dir.write("l.txt", "seq-3\nseq-1\n")
    let listed = try MetaDataset(datasets: ["a": a, "b": b], dataMap: ["data": ("a", "feat"), "classes": ("b", "cls")],
                                 seqListFile: .file(list), options: DatasetOptions())
    #expect(try listed.allTags() == ["seq-3", "seq-1"])
    try listed.initSeqOrder(epoch: 1)
    try listed.loadSeqs(0, 2)
    #expect(try listed.data(0, key: "classes").ints == [53, 53])
}

@Test func metaDatasetErrors() throws {
    let a = try metaStatic("feat", 5)
    let short = try metaStatic("cls", 3)
    #expect(throws: DatasetError.self) { try MetaDataset(datasets: ["a": a], dataMap: ["classes": ("a", "feat")], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) { try MetaDataset(datasets: ["a": a], dataMap: ["data": ("b", "feat")], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) { try MetaDataset(datasets: ["a": a], dataMap: ["data": ("a", "nope")], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) {
        try MetaDataset(datasets: ["a": a], dataMap: ["data": ("a", "feat")], dataDims: ["data": (7, 1)], options: DatasetOptions())
    }
    // A sub-dataset with fewer seqs: the error names it and the missing tag.
    let meta = try MetaDataset(datasets: ["a": a, "s": short], dataMap: ["data": ("a", "feat"), "c": ("s", "cls")], options: DatasetOptions())
    do {
        try meta.initSeqOrder(epoch: 1)
        Issue.record("expected an error")
    } catch let e as DatasetError {
        #expect(e.description.contains("'s'") && e.description.contains("seq-3"))
    }
    // Tags that do not line up are found when loading.
    let dir = try LmTempDir()
    let txt = try dir.write("t.txt", "ab\nba\n")
    let syms = try dir.write("s.syms", "[END]\na\nb\n")
    let lm = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, options: DatasetOptions())
    let lm2 = try LmDataset(corpusFile: [txt], orthSymbolsFile: syms, tagPrefix: "other-", options: DatasetOptions())
    let mis = try MetaDataset(datasets: ["x": lm, "y": lm2], dataMap: ["data": ("x", "data"), "t": ("y", "data")], options: DatasetOptions())
    #expect(throws: DatasetError.self) { try mis.initSeqOrder(epoch: 1) }
}

@Test func metaDatasetSeqListsAndLens() throws {
    let dir = try LmTempDir()
    let a = try metaStatic("feat", 4, len: { _ in 3 })
    let b = try metaStatic("cls", 4, base: 20, len: { _ in 1 })
    let map: [String: (datasetKey: String, dataKey: String)] = ["data": ("a", "feat"), "classes": ("b", "cls")]
    // JSON dict of per-dataset tags: a's seq-0 pairs with b's seq-2, a's seq-1 with b's seq-3.
    let json = try dir.write("l.json", #"{"a": ["seq-0", "seq-1"], "b": ["seq-2", "seq-3"]}"#)
    let lens = try dir.write("lens.json", #"{"seq-0": {"data": 9, "classes": 1}, "seq-1": {"data": 2, "classes": 1}}"#)
    let meta = try MetaDataset(datasets: ["a": a, "b": b], dataMap: map, seqListFile: .file(json), seqLensFile: lens,
                               options: DatasetOptions(seqOrdering: .sorted))
    try meta.initSeqOrder(epoch: 1)
    try meta.loadSeqs(0, 2)
    #expect(try meta.tag(0) == "seq-1" && meta.currentSeqOrder == [1, 0])
    #expect(try meta.data(0, key: "classes").ints == [23])
    #expect(try meta.seqLength(1) == NumbersDict(["classes": 1, "data": 9]))
    // Per-dataset list files.
    let la = try dir.write("a.txt", "seq-3\n"), lb = try dir.write("b.txt", "seq-0\n")
    let per = try MetaDataset(datasets: ["a": a, "b": b], dataMap: map, seqListFile: .perDataset(["a": la, "b": lb]),
                              options: DatasetOptions())
    try per.initSeqOrder(epoch: 1)
    try per.loadSeqs(0, 1)
    #expect(try per.data(0, key: "data").ints == [3, 3, 3] && per.data(0, key: "classes").ints == [20])
    let missing = try MetaDataset(datasets: ["a": a, "b": b], dataMap: map, seqListFile: .perDataset(["a": la]), options: DatasetOptions())
    #expect(throws: DatasetError.self) { try missing.initSeqOrder(epoch: 1) }
    let uneven = try dir.write("u.json", #"{"a": ["seq-0"], "b": ["seq-2", "seq-3"]}"#)
    let bad = try MetaDataset(datasets: ["a": a, "b": b], dataMap: map, seqListFile: .file(uneven), options: DatasetOptions())
    #expect(throws: DatasetError.self) { try bad.initSeqOrder(epoch: 1) }
}
