import Foundation
import Testing

@testable import ReturnnData

/// Replays Tests/Fixtures/lm/lm_reference.json, written by upstream RETURNN's LmDataset
/// (make_lm_reference.py): the same corpus and options must give the same tags and indices.
@Test(arguments: ["chars_auto_unknown", "chars_skip_invalid", "chars_word_end_replace", "words_delayed_sorted", "words_keep_empty_reverse"])
func lmDatasetMatchesUpstream(_ name: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: lmFixture("lm_reference.json")))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let cases = try #require(root["cases"] as? [String: [String: Any]])
    let ref = try #require(cases[name])
    let corpus = [lmFixture("ref_corpus.txt")]
    let chars = lmFixture("ref_chars.syms"), words = lmFixture("ref_words.map")
    let ds: LmDataset
    switch name {
    case "chars_auto_unknown":
        ds = try LmDataset(corpusFile: corpus, orthSymbolsFile: chars, unknownSymbol: "[UNK]", autoReplaceUnknownSymbol: true,
                           options: DatasetOptions())
    case "chars_skip_invalid":
        ds = try LmDataset(corpusFile: corpus, orthSymbolsFile: chars, errorOnInvalidSeq: false, options: DatasetOptions())
    case "chars_word_end_replace":
        ds = try LmDataset(corpusFile: corpus, orthSymbolsFile: chars, orthReplaceMapFile: lmFixture("ref_replace.json"),
                           wordEndSymbol: "_", seqEndSymbol: nil, unknownSymbol: "[UNK]", autoReplaceUnknownSymbol: true,
                           options: DatasetOptions())
    case "words_delayed_sorted":
        ds = try LmDataset(corpusFile: corpus, orthSymbolsMapFile: words, wordBased: true, unknownSymbol: "[UNK]",
                           autoReplaceUnknownSymbol: true, addDelayedSeqData: true, options: DatasetOptions(seqOrdering: .sorted))
    default:
        ds = try LmDataset(corpusFile: corpus, skipEmptyLines: false, orthSymbolsMapFile: words, wordBased: true,
                           unknownSymbol: "[UNK]", autoReplaceUnknownSymbol: true, tagPrefix: "t",
                           options: DatasetOptions(seqOrdering: .reverse))
    }
    try ds.initSeqOrder(epoch: 1)
    #expect(ds.dtype.rawValue == ref["dtype"] as? String)
    #expect(try ds.dataSpec("data").dim == ref["dim"] as? Int)
    let seqs = try #require(ref["seqs"] as? [[String: Any]])
    var i = 0
    while try ds.isLessThanNumSeqs(i) {
        try #require(i < seqs.count)
        try ds.loadSeqs(i, i + 1)
        #expect(try ds.tag(i) == seqs[i]["tag"] as? String)
        #expect(try ds.data(i, key: "data").ints == seqs[i]["data"] as? [Int])
        if let delayed = seqs[i]["delayed"] as? [Int] { #expect(try ds.data(i, key: "delayed").ints == delayed) }
        i += 1
    }
    #expect(i == seqs.count)
}
