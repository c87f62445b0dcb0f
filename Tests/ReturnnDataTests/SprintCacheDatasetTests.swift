import Foundation
import Testing
@testable import ReturnnData

@Suite struct SprintCacheDatasetTests {
    static let s = UInt32(1 << 26)
    /// Segment name → feature frames (dim 2) and alignment mixtures, one per frame.
    static let segments: [(String, [[Float]], [UInt32])] = [
        ("c/r/1", [[1, 2], [3, 4], [5, 6]], [0, 1 + s, 1 + 2 * s]),
        ("c/r/2", [[7, 8]], [3 + s]),
        ("c/r/3", [[9, 10], [11, 12], [13, 14], [15, 16], [17, 18]], [0, 0, 2, 2 + s, 0]),
        ("c/r/4", [[19, 20], [21, 22]], [3, 3 + 2 * s]),
    ]

    struct Fixture {
        let dir = SprintCacheTempDir()
        let features: String
        let alignments: String
        let labeling: AllophoneLabeling

        init(alignmentsTable: Bool = false) throws {
            var feat = [(String, [UInt8], SprintCacheTestWriter.Compression)]()
            for (i, (n, f, _)) in SprintCacheDatasetTests.segments.enumerated() {
                feat.append((n, SprintCacheTestWriter.features(f), i % 2 == 0 ? .zlib : .none))
                feat.append((n + ".attribs", Array("<flow-attributes/>".utf8), .none))
            }
            // Features: two archives joined by a bundle.
            SprintCacheTestWriter.write(dir.path("f1.cache"), fileTable: true, entries: Array(feat[0..<4]))
            SprintCacheTestWriter.write(dir.path("f2.cache"), fileTable: false, entries: Array(feat[4...]))
            features = dir.write("feat.bundle", "f1.cache\nf2.cache\n")
            alignments = dir.path("align.cache")
            SprintCacheTestWriter.write(alignments, fileTable: alignmentsTable, entries: SprintCacheDatasetTests.segments.reversed().map { n, _, a in
                (n, SprintCacheTestWriter.alignment(a.map { .run($0, 1) }), .gzip)
            })
            let files = SprintLabelingFiles(dir)
            labeling = try AllophoneLabeling(silencePhone: "si", allophoneFile: files.allophones, phonemeFile: files.phonemes,
                                             stateTyingFile: files.stateTying)
        }

        func dataset(_ options: DatasetOptions, alignKey: String = "classes") throws -> SprintCacheDataset {
            try SprintCacheDataset(data: [
                "data": SprintCacheDatasetSource(filename: features),
                alignKey: SprintCacheDatasetSource(filename: alignments, allophoneLabeling: labeling),
            ], options: options)
        }
    }

    @Test func keysSpecsAndSequences() throws {
        let fx = try Fixture()
        let ds = try fx.dataset(DatasetOptions(name: "train"))
        #expect(ds.dataKeys == ["data", "classes"])
        #expect(ds.targetList == ["classes"])
        #expect(try ds.dataSpec("data") == .dense(2))
        #expect(try ds.dataSpec("classes") == .sparse(6, dtype: .int8))
        #expect(ds.inputDim == 2)
        #expect(ds.totalNumSeqs == 4)
        #expect(try ds.allTags() == Self.segments.map(\.0))
        #expect(ds.epoch == nil)
        try ds.initSeqOrder(epoch: 1)
        #expect(ds.numSeqs == 4)
        try ds.loadSeqs(0, 4)
        let expectedLabels: [[Int]] = [[0, 2, 3], [5], [0, 0, 1, 2, 0], [4, 5]]
        for i in 0..<4 {
            let (tag, frames, _) = Self.segments[i]
            #expect(try ds.tag(i) == tag)
            #expect(try ds.data(i, key: "data") == .float32(frames.flatMap { $0 }, dim: 2))
            #expect(try ds.data(i, key: "classes") == SeqData(.int8(expectedLabels[i].map { Int8($0) }), shape: [expectedLabels[i].count]))
            #expect(try ds.seqLength(i) == NumbersDict(orderedPairs: [("data", frames.count), ("classes", frames.count)]))
        }
        #expect { try ds.data(0, key: "orth") } throws: { "\($0)".contains("orth") }
        #expect { try ds.tag(4) } throws: { "\($0)".contains("outside") }
        #expect(try BuiltinDatasets.type(named: "SprintCacheDataset") == SprintCacheDataset.self)
    }

    @Test func sortedOrderUsesPayloadSize() throws {
        let fx = try Fixture(alignmentsTable: true)
        let ds = try fx.dataset(DatasetOptions(seqOrdering: .sortedReverse))
        try ds.initSeqOrder(epoch: 1)
        #expect(try (0..<4).map { try ds.tag($0) } == ["c/r/3", "c/r/1", "c/r/4", "c/r/2"])
        let part = try fx.dataset(DatasetOptions(seqOrdering: .sorted, partitionEpoch: 2))
        try part.initSeqOrder(epoch: 2)
        #expect(try (0..<2).map { try part.tag($0) } == ["c/r/1", "c/r/3"])
        try part.initSeqOrder(epoch: 1, seqList: ["c/r/4", "c/r/2"])
        #expect(try part.data(1, key: "data") == .float32([7, 8], dim: 2))
        let filtered = try fx.dataset(DatasetOptions(seqTagsFilter: ["c/r/4", "c/r/2"]))
        try filtered.initSeqOrder(epoch: 1)
        #expect(try (0..<filtered.numSeqs!).map { try filtered.tag($0) } == ["c/r/2", "c/r/4"])
        let random = try fx.dataset(DatasetOptions(seqOrdering: .random(epochsFixed: 1)))
        try random.initSeqOrder(epoch: 3)
        var rs = NumpyRandomState(seed: UInt32(3))
        let perm = rs.permutation(4)
        #expect(try (0..<4).map { try random.corpusSeqIdx($0)! } == perm)
    }

    @Test func windowAndPhonemeLabelsAndOtherKeys() throws {
        let fx = try Fixture()
        let files = SprintLabelingFiles(fx.dir)
        let phon = try AllophoneLabeling(silencePhone: "si", allophoneFile: files.allophones, phonemeFile: files.phonemes)
        let ds = try SprintCacheDataset(data: [
            "data": SprintCacheDatasetSource(filename: fx.features),
            "phones": SprintCacheDatasetSource(filename: fx.alignments, allophoneLabeling: phon),
            "feat2": SprintCacheDatasetSource(filename: fx.features, dataType: .feat),
        ], options: DatasetOptions(window: 3))
        #expect(ds.dataKeys == ["data", "feat2", "phones"])
        #expect(ds.targetList == ["phones"])
        #expect(try ds.dataSpec("data") == .dense(6))
        #expect(try ds.dataSpec("phones") == .sparse(3, dtype: .int8))
        try ds.initSeqOrder(epoch: 1)
        #expect(try ds.data(1, key: "data") == .float32([0, 0, 7, 8, 0, 0], dim: 6))
        #expect(try ds.data(1, key: "feat2") == .float32([7, 8], dim: 2))
        #expect(try ds.data(0, key: "phones").ints == [0, 1, 1])
        #expect(try ds.data(3, key: "phones").ints == [2, 2])
    }

    @Test func batchesThroughTheBatchGenerator() throws {
        let fx = try Fixture()
        let ds = try fx.dataset(DatasetOptions())
        try ds.initSeqOrder(epoch: 1)
        var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 6, maxSeqs: 2))
        var batches = [Batch]()
        while let b = try gen.nextBatch() { batches.append(b) }
        #expect(batches.map(\.seqTags) == [["c/r/1", "c/r/2"], ["c/r/3"], ["c/r/4"]])
        let data = try #require(batches[0].data["data"])
        #expect(data.shape == [2, 3, 2])
        #expect(data.seqLens == [3, 1])
        #expect(data.values == .float32([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]))
        let classes = try #require(batches[0].data["classes"])
        #expect(classes.shape == [2, 3])
        #expect(classes.values == .int8([0, 2, 3, 5, 0, 0]))
    }

    @Test func errors() throws {
        let fx = try Fixture()
        #expect { try SprintCacheDataset(data: ["classes": SprintCacheDatasetSource(filename: fx.alignments, allophoneLabeling: fx.labeling)],
                                         options: DatasetOptions(name: "dev")) } throws: { "\($0)".contains("'data'") }
        #expect { try SprintCacheDataset(data: ["data": SprintCacheDatasetSource(filename: fx.features),
                                                "classes": SprintCacheDatasetSource(filename: fx.alignments)],
                                         options: DatasetOptions()) } throws: { "\($0)".contains("allophone_labeling") }
        let short = fx.dir.path("short.cache")
        SprintCacheTestWriter.write(short, fileTable: true, entries: [("c/r/1", SprintCacheTestWriter.alignment([.run(0, 3)]), .none)])
        #expect { try SprintCacheDataset(data: ["data": SprintCacheDatasetSource(filename: fx.features),
                                                "classes": SprintCacheDatasetSource(filename: short, allophoneLabeling: fx.labeling)],
                                         options: DatasetOptions()) } throws: { "\($0)".contains(short) && "\($0)".contains("c/r/2") }
        // A feature cache as "data" that actually holds alignments.
        #expect { try SprintCacheDataset(data: ["data": SprintCacheDatasetSource(filename: fx.alignments)], options: DatasetOptions()) } throws: {
            "\($0)".contains("vector-f32") && "\($0)".contains(fx.alignments)
        }
        // An alignment mixture without a tied label.
        let untied = fx.dir.path("untied.cache")
        SprintCacheTestWriter.write(untied, fileTable: true, entries: Self.segments.map { n, _, a in
            (n, SprintCacheTestWriter.alignment(a.map { .run($0 == 0 ? Self.s : $0, 1) }), .none)
        })
        let ds = try SprintCacheDataset(data: ["data": SprintCacheDatasetSource(filename: fx.features),
                                               "classes": SprintCacheDatasetSource(filename: untied, allophoneLabeling: fx.labeling)],
                                        options: DatasetOptions())
        try ds.initSeqOrder(epoch: 1)
        #expect { try ds.loadSeqs(0, 1) } throws: { "\($0)".contains("c/r/1") && "\($0)".contains("mixture \(Self.s)") }
        #expect { try fx.dataset(DatasetOptions()).data(0, key: "data") } throws: { "\($0)".contains("initSeqOrder") }
    }
}
