import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnData

/// TranslationDataset and LmDataset's `orth_vocab` against upstream RETURNN (vocab_reference.json).
@Suite struct TranslationDatasetTests {
    static func build(_ opts: String) throws -> any Dataset {
        try DatasetFactoryTests.build("train = {'class': 'TranslationDataset', 'path': '\(VocabFixtures.path("translation"))', 'file_postfix': 'train', \(opts)}")!
    }

    static var caseNames: [String] { ((VocabFixtures.reference["translation"] as! [String: Any]).keys).sorted() }

    @Test(arguments: caseNames) func matchesUpstream(_ name: String) throws {
        let c = (VocabFixtures.reference["translation"] as! [String: Any])[name] as! [String: Any]
        let opts = VocabFixtures.python(c["opts"]!).dropFirst().dropLast()
        let ds = try Self.build(String(opts))
        #expect(ds.labels == c["labels"] as! [String: [String]])
        let numOutputs = try ds.numOutputs().mapValues { [$0.dim, $0.ndim] }
        #expect(numOutputs == c["num_outputs"] as! [String: [Int]])
        for e in c["epochs"] as! [[String: Any]] {
            try ds.initSeqOrder(epoch: e["epoch"] as? Int)
            #expect(ds.numSeqs == e["num_seqs"] as? Int)
            try ds.loadSeqs(0, ds.numSeqs!)
            for (i, s) in (e["seqs"] as! [[String: Any]]).enumerated() {
                #expect(try ds.tag(i) == s["tag"] as! String)
                for k in ds.dataKeys { #expect(try ds.data(i, key: k).ints == s[k] as! [Int], "\(name) epoch \(e["epoch"]!) seq \(i) \(k)") }
            }
        }
        #expect(try ds.allTags() == c["all_tags"] as! [String])
        #expect(try ds.vocabulary(for: "data")?.seqLabels([3, 4]) == "das ist")
    }

    @Test func seqListFileSearchWithoutReferenceAndVocabulary() throws {
        let dir = try LmTempDir()
        let list = try dir.write("list.txt", "3\n0\n3\n")
        let ds = try Self.build("'seq_list_file': '\(list)', 'unknown_label': '<UNK>', 'search_without_reference': True, 'partition_epoch': 2")
        try ds.initSeqOrder(epoch: 1)
        #expect(ds.numSeqs == 3)
        #expect(try (0..<3).map { try ds.tag($0) } == ["line-3", "line-0", "line-3"])
        #expect(try ds.data(0, key: "data").ints == [3, 7, 4, 8])
        #expect(throws: DatasetError.unavailable(dataset: "train", message: "'classes' is not read with search_without_reference=True")) {
            try ds.data(0, key: "classes")
        }
        let target = try #require(ds.vocabulary(for: "classes"))
        #expect(try target.seqLabels([8, 7, 4, 9]) == "the house is new")
        #expect(ds.vocabulary(for: "nope") == nil)
    }

    @Test func errors() throws {
        let dir = try LmTempDir()
        let e1 = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'TranslationDataset', 'path': '\(VocabFixtures.path("translation"))', 'file_postfx': 'dev'}")
        }
        #expect(e1?.message == "dataset train: unknown option 'file_postfx'; did you mean 'file_postfix'?")
        let e2 = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'TranslationDataset', 'path': '\(VocabFixtures.path("translation"))', 'file_postfix': 'dev'}")
        }
        #expect(e2?.message == "file \(VocabFixtures.path("translation"))/source.dev: data file not found (also not as source.dev.gz)")
        let e3 = DatasetFactoryTests.error { _ = try Self.build("'unknown_label': '<unk>'") }
        #expect(e3?.message == "dataset train: option 'unknown_label': '<unk>' is not in the vocabulary of 'data'; add it to the vocab file or change unknown_label")
        let ds = try Self.build("'source_postfix': ' </S>'")
        #expect(throws: DatasetError.file(path: VocabFixtures.path("translation") + "/source.train.gz", message: "line 5: word 'unbekannt' is not in the vocabulary of 'data'; set unknown_label (e.g. \"<UNK>\") or add the word")) {
            try ds.initSeqOrder(epoch: 1)
        }
        _ = try dir.write("source.x", "a\nb\n")
        _ = try dir.write("target.x", "a\n")
        for p in ["source", "target"] {
            try FileManager.default.copyItem(atPath: VocabFixtures.path("translation/\(p).vocab.pkl"), toPath: dir.url.appendingPathComponent("\(p).vocab.pkl").path)
        }
        let short = try TranslationDataset(path: dir.url.path, filePostfix: "x", unknownLabel: ["data": "<UNK>", "classes": "<UNK>"], options: try DatasetOptions.evalDefaults(name: "dev"))
        #expect(throws: DatasetError.file(path: dir.url.path + "/target.x", message: "has 1 lines but \(dir.url.path)/source.x has 2; source and target must be line-parallel")) {
            try short.initSeqOrder(epoch: 1)
        }
        let e4 = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'TranslationDataset', 'path': '\(dir.url.path)/none', 'file_postfix': 'x'}")
        }
        #expect(e4?.message == "dataset train: option 'path': '\(dir.url.path)/none' is not a directory; give the directory with source.x and source.vocab.pkl")
    }

    @Test func lmDatasetOrthVocabMatchesUpstream() throws {
        let ref = VocabFixtures.reference["lm_orth_vocab"] as! [String: Any]
        let ds = try DatasetFactoryTests.build("""
            train = {'class': 'LmDataset', 'corpus_file': '\(VocabFixtures.path("lm-corpus.txt"))',
                     'orth_vocab': {'class': 'BytePairEncoding', 'bpe_file': '\(VocabFixtures.path("bpe-unicode-demo.codes"))',
                                    'vocab_file': '\(VocabFixtures.path("bpe-unicode-demo.vocab"))', 'unknown_label': '<unk>', 'seq_postfix': [0]}}
            """) as! LmDataset
        try ds.initSeqOrder(epoch: 1)
        #expect(try lmSeqs(ds) == ref["seqs"] as! [[Int]])
        #expect(ds.dtype.rawValue == ref["dtype"] as! String)
        #expect(ds.labels["data"]?.count == ref["num_labels"] as? Int)
        #expect(ds.vocabulary(for: "data") is BytePairEncoding)
        let e = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("""
                train = {'class': 'LmDataset', 'corpus_file': 'x.txt', 'orth_symbols_file': 'c.syms',
                         'orth_vocab': {'vocab_file': '\(VocabFixtures.path("words.txt"))', 'unknown_label': None}}
                """)
        }
        #expect(e?.message == "dataset train: option 'orth_symbols_file': give either orth_vocab or orth_symbols_file, not both")
        let typo = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'LmDataset', 'corpus_file': 'x.txt', 'orth_vocab': {'vocab_file': 'w.txt', 'unknown_labl': None}}")
        }
        #expect(typo?.message == "dataset train.orth_vocab: unknown option 'unknown_labl'; did you mean 'unknown_label'?")
    }
}
