import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnData

/// Datasets from config values (upstream init_dataset / init_dataset_via_str / load_data).
@Suite struct DatasetFactoryTests {
    static func config(_ body: String) throws -> Config {
        let env = ConfigEnvironment(environment: [:], argv: ["returnn"], userName: "tester", uid: 1) { _ in }
        let c = Config(environment: env)
        try c.load(text: "#!returnn.py\n" + body, filename: "test.config")
        return c
    }

    static func build(_ body: String, key: String = "train") throws -> (any Dataset)? {
        let c = try config(body)
        return try DatasetFactory(config: c).make(configKey: key)
    }

    static func error(_ body: () throws -> Void) -> ConfigError? {
        do { try body() } catch let e as ConfigError { return e } catch { Issue.record("unexpected \(error)"); return nil }
        return nil
    }

    @Test func everyGeneratingClassFromADict() throws {
        let cases: [(String, String)] = [
            ("Task12AXDataset", "'num_seqs': 5"),
            ("TaskEpisodicCopyDataset", "'num_seqs': 5"),
            ("TaskXmlModelingDataset", "'num_seqs': 5, 'limit_stack_depth': 3"),
            ("TaskNumberBaseConvertDataset", "'num_seqs': 5, 'input_base': 10, 'output_base': 3"),
            ("CopyTaskDataset", "'num_seqs': 5, 'nsymbols': 4, 'minlen': 2, 'maxlen': 6"),
            ("DummyDataset", "'num_seqs': 5, 'input_dim': 3, 'output_dim': 4, 'seq_len': 7"),
            ("DummyDatasetMultipleSequenceLength", "'num_seqs': 5, 'input_dim': 3, 'output_dim': 4, 'seq_len': {'data': 4, 'classes': 6}"),
            ("DummyGenericDataset", "'num_seqs': 5, 'data_template': {'data': {'dim': 3}, 'classes': {'dim': 4, 'sparse': True}}, 'seq_lens': (2, 4)"),
            ("StaticDataset", "'data': [{'data': [[1.0, 2.0], [3.0, 4.0]], 'classes': [1, 0]}], 'output_dim': {'data': (2, 2), 'classes': (2, 1)}"),
        ]
        for (cls, args) in cases {
            let ds = try #require(try Self.build("train = {'class': '\(cls)', \(args)}"))
            #expect(type(of: ds).className == cls)
            #expect(ds.name == "train")
            try ds.initSeqOrder(epoch: 1)
            #expect(try ds.isLessThanNumSeqs(0))
            try ds.loadSeqs(0, 1)
            _ = try ds.data(0, key: ds.dataKeys[0])
        }
        let dummy = try #require(try Self.build("train = {'class': 'DummyDataset', 'num_seqs': 2, 'input_dim': 3, 'output_dim': 4, 'seq_len': 7}"))
        try dummy.initSeqOrder(epoch: 1)
        #expect(try dummy.seqLength(0)["data"] == 7)
        let multi = try #require(try Self.build("train = {'class': 'DummyDatasetMultipleSequenceLength', 'num_seqs': 2, 'input_dim': 3, 'output_dim': 4, 'seq_len': {'data': 4, 'classes': 6}}"))
        try multi.initSeqOrder(epoch: 1)
        #expect(try multi.seqLength(0) == NumbersDict(["data": 4, "classes": 6]))
        let stat = try #require(try Self.build("train = {'class': 'StaticDataset', 'data': [{'data': [[1.0, 2.0], [3.0, 4.0]], 'classes': [1, 0]}]}"))
        try stat.initSeqOrder(epoch: 1)
        #expect(try stat.data(0, key: "classes") == .int32([1, 0]))
        #expect(try stat.data(0, key: "data") == .float32([1, 2, 3, 4], dim: 2))
    }

    @Test func commonOptionsAndGlobalKeys() throws {
        let ds = try #require(try Self.build("""
            batching = 'random:3'
            window = 3
            chunking = '50:25'
            train = {'class': 'Task12AXDataset', 'num_seqs': 7, 'partition_epoch': 2, 'fixed_random_seed': 5}
            """) as? Task12AXDataset)
        #expect(ds.options.seqOrdering == .random(epochsFixed: 3))
        #expect(ds.options.window == 3 && ds.options.partitionEpoch == 2 && ds.options.fixedRandomSeed == 5)
        #expect(ds.options.chunking == (try Chunking(size: 50, step: 25)))
        // The dict wins over the global keys; dev gets sorted order (reset by generating datasets) and no chunking.
        let c = try Self.config("""
            batching = 'random'
            chunking = '50:25'
            train = {'class': 'Task12AXDataset', 'num_seqs': 7, 'seq_ordering': 'reverse'}
            dev = {'class': 'Task12AXDataset', 'num_seqs': 7}
            """)
        let f = DatasetFactory(config: c)
        #expect(try f.make(configKey: "train")!.options.seqOrdering == .reverse)
        let dev = try #require(try f.make(configKey: "dev"))
        #expect(dev.name == "dev" && !dev.options.chunking.isEnabled && dev.options.seqOrdering == .default)
        #expect(try f.make(configKey: "eval") == nil)
        #expect(try Self.build("train = None") == nil)
    }

    @Test func typosWrongTypesAndUnknownClassesCarryFileAndLine() throws {
        let typo = Self.error { _ = try Self.build("x = 1\ntrain = {'class': 'Task12AXDataset', 'num_seq': 5}") }
        #expect(typo?.description.contains("unknown option 'num_seq'; did you mean 'num_seqs'?") == true, "\(String(describing: typo))")
        #expect(typo?.location?.file == "test.config" && typo?.location?.line == 3)
        let wrongType = Self.error { _ = try Self.build("train = {'class': 'Task12AXDataset',\n  'num_seqs': 'five'}") }
        #expect(wrongType?.description.contains("num_seqs") == true && wrongType?.location?.line == 3)
        let unknown = Self.error { _ = try Self.build("train = {'class': 'Task12AxDataset', 'num_seqs': 5}") }
        #expect(unknown?.description.contains("did you mean Task12AXDataset") == true, "\(String(describing: unknown))")
        #expect(unknown?.location?.line == 2)
        let noClass = Self.error { _ = try Self.build("train = {'num_seqs': 5}") }
        #expect(noClass?.description.contains("'class'") == true)
        let badValue = Self.error { _ = try Self.build("train = {'class': 'Task12AXDataset', 'num_seqs': 5,\n 'partition_epoch': 0}") }
        #expect(badValue?.description.contains("partition_epoch") == true && badValue?.location?.line == 3)
        let badOrder = Self.error { _ = try Self.build("train = {'class': 'Task12AXDataset', 'seq_ordering': 'randm'}") }
        #expect(badOrder?.description.contains("seq_ordering") == true)
        let missingFile = Self.error { _ = try Self.build("train = 'does-not-exist.hdf'") }
        #expect(missingFile?.description.contains("does-not-exist.hdf") == true && missingFile?.location?.line == 2)
        let notDict = Self.error { _ = try Self.build("train = 5") }
        #expect(notDict?.kind == .type)
    }

    @Test func stringForms() throws {
        let dir = HDFTempDir()
        try HDFDatasetTests.writeSimple(dir.path("a.hdf"), lens: [2, 3])
        try HDFDatasetTests.writeSimple(dir.path("b.hdf"), lens: [1])
        let hdf = try #require(try Self.build("train = '\(dir.path("a.hdf")),\(dir.path("b.hdf"))'") as? HDFDataset)
        #expect(hdf.totalNumSeqs == 3 && hdf.files.count == 2 && hdf.cacheByteSize == 0)
        let cls = try #require(try Self.build("train = 'TaskNumberBaseConvertDataset:num_seqs=4,input_base=3'") as? TaskNumberBaseConvertDataset)
        #expect(cls.totalNumSeqs == 4 && cls.inputBase == 3)
        let braces = try #require(try Self.build("train = \"{'class': 'Task12AXDataset', 'num_seqs': 3}\"") as? Task12AXDataset)
        #expect(braces.totalNumSeqs == 3)
        let ref = try #require(try Self.build("d = {'class': 'Task12AXDataset', 'num_seqs': 2}\ntrain = 'config:d'"))
        #expect(ref.totalNumSeqs == 2)
        let bad = Self.error { _ = try Self.build("train = 'Task12AXDataset:num_seqs=(('") }
        #expect(bad?.description.contains("cannot evaluate") == true)
        let typo = Self.error { _ = try Self.build("train = 'Task12AXDataset:num_seqz=4'") }
        #expect(typo?.description.contains("did you mean 'num_seqs'") == true)
        let hdfDict = try #require(try Self.build("train = {'class': 'HDFDataset', 'files': ['\(dir.path("b.hdf"))'], 'cache_byte_size': 1000}") as? HDFDataset)
        #expect(hdfDict.cacheByteSize == 1000 && hdfDict.totalNumSeqs == 1)
    }
}
