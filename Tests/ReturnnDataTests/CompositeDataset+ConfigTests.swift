import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnData

/// LmDataset, MetaDataset, CombinedDataset and ConcatDataset built from config dicts.
@Suite struct CompositeDatasetConfigTests {
    static func seqs(_ ds: any Dataset, key: String, epoch: Int = 1) throws -> [SeqData] {
        _ = try ds.initSeqOrder(epoch: epoch)
        var res: [SeqData] = []
        var i = 0
        while try ds.isLessThanNumSeqs(i) {
            try ds.loadSeqs(i, i + 1)
            res.append(try ds.data(i, key: key))
            i += 1
        }
        return res
    }

    @Test func lmDatasetFromConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-lmcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus.txt").path
        let symbols = dir.appendingPathComponent("symbols.txt").path
        try "Hello world\nNext line\n".write(toFile: corpus, atomically: false, encoding: .utf8)
        try "[END]\nH\ne\nl\no\n \nw\nr\nd\nN\nx\nt\ni\nn\n".write(toFile: symbols, atomically: false, encoding: .utf8)
        let ds = try #require(try DatasetFactoryTests.build(
            "train = {'class': 'LmDataset', 'corpus_file': '\(corpus)', 'orth_symbols_file': '\(symbols)'}"))
        let data = try Self.seqs(ds, key: "data")
        #expect(data.map(\.ints) == [[1, 2, 3, 3, 4, 5, 6, 4, 7, 3, 8, 0], [9, 2, 10, 11, 5, 3, 12, 13, 2, 0]])
        let typo = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'LmDataset', 'corpus_file': 'x', 'orth_symbol_file': 'y'}")
        }
        #expect(typo?.message.contains("did you mean 'orth_symbols_file'") == true, "\(String(describing: typo))")
    }

    static let dummy = "{'class': 'DummyDataset', 'input_dim': 2, 'output_dim': 3, 'num_seqs': %d, 'seq_len': 3}"

    @Test func metaDatasetFromConfig() throws {
        let body = """
        train = {'class': 'MetaDataset', 'seq_order_control_dataset': 'a',
                 'datasets': {'a': \(String(format: Self.dummy, 4)), 'b': \(String(format: Self.dummy, 4))},
                 'data_map': {'data': ('a', 'data'), 'classes': ('b', 'classes')}}
        """
        let ds = try #require(try DatasetFactoryTests.build(body))
        #expect(type(of: ds).className == "MetaDataset")
        #expect(Set(ds.dataKeys) == ["data", "classes"])
        #expect(try Self.seqs(ds, key: "classes").count == 4)
    }

    @Test func combinedDatasetInterleaveFromConfig() throws {
        let body = """
        train = {'class': 'CombinedDataset', 'seq_ordering': 'interleave',
                 'datasets': {'a': \(String(format: Self.dummy, 10)), 'b': \(String(format: Self.dummy, 5))},
                 'data_map': {('a', 'data'): 'data', ('a', 'classes'): 'classes',
                              ('b', 'data'): 'data', ('b', 'classes'): 'classes'}}
        """
        let ds = try #require(try DatasetFactoryTests.build(body))
        #expect(type(of: ds).className == "CombinedDataset")
        #expect(try Self.seqs(ds, key: "data").count == 15)
        let bad = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'CombinedDataset', 'datasets': {}, 'data_map': {'a': 'data'}}")
        }
        #expect(bad?.message.contains("expected a pair (dataset key, data key)") == true, "\(String(describing: bad))")
    }

    @Test func concatDatasetFromConfig() throws {
        let body = "train = {'class': 'ConcatDataset', 'datasets': [\(String(format: Self.dummy, 2)), \(String(format: Self.dummy, 3))]}"
        let ds = try #require(try DatasetFactoryTests.build(body))
        #expect(try Self.seqs(ds, key: "data").count == 5)
    }
}
