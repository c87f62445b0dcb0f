import Testing

@testable import ReturnnData

@Test func datasetOptionDefaultsAndValidation() throws {
    let o = try DatasetOptions()
    #expect(o.window == 1 && o.seqOrdering == .default && o.partitionEpoch == 1 && o.repeatEpoch == 1)
    #expect(!o.chunking.isEnabled && o.fixedRandomSeed == nil && o.randomSeedOffset == 0)
    let dev = try DatasetOptions.evalDefaults(name: "dev")
    #expect(dev.seqOrdering == .sorted && !dev.chunking.isEnabled && dev.name == "dev")
    for make in [{ try DatasetOptions(window: 0) }, { try DatasetOptions(partitionEpoch: 0) },
                 { try DatasetOptions(repeatEpoch: 0) }, { try DatasetOptions(minChunkSize: NumbersDict(-1)) },
                 { try DatasetOptions(chunkingVariance: 1.5) }] {
        #expect(throws: DatasetError.self) { try make() }
    }
    #expect(try DatasetOptions.defaultRandomSeedOffset(environment: [:]) == 0)
    #expect(try DatasetOptions.defaultRandomSeedOffset(environment: ["RETURNN_RANDOM_SEED_OFFSET": "16127"]) == 16127)
    #expect(throws: DatasetError.self) { try DatasetOptions.defaultRandomSeedOffset(environment: ["RETURNN_RANDOM_SEED_OFFSET": "x"]) }
    // A negative offset that makes the epoch seed negative is reported, not a crash.
    let neg = try DatasetOptions(seqOrdering: .random(epochsFixed: 1), randomSeedOffset: -5)
    #expect(throws: DatasetError.self) { try neg.seqOrder(epoch: 1, numSeqs: 3, seqLength: nil, allTags: nil) }
    #expect(DatasetOptions.partition(Array(0..<11), partitionEpoch: 3, epoch: 3) == [8, 9, 10])
    #expect(DatasetOptions.partition(Array(0..<11), partitionEpoch: 3, epoch: 4) == [0, 1, 2, 3])
    #expect(throws: DatasetError.self) {
        try DummyGenericDataset(template: [.init(key: "data", dtype: .float32, featureShape: [3])], numSeqs: 1,
                                options: DatasetOptions(window: 3))
    }
}
