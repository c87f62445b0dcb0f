import Foundation
import Testing
@testable import ReturnnData

/// HDFDataset over files from HDFWriter / HDFDumpWriter / h5py fixtures (upstream test_HDFDataset).
@Suite struct HDFDatasetTests {
    /// Writes `lens.count` dense dim-3 seqs with value `seq * 100 + t * 3 + j` via HDFWriter.
    static func writeSimple(_ path: String, lens: [Int], tagPrefix: String = "seq-", dim: Int = 3) throws {
        let maxLen = lens.max()!
        var values = [Float](repeating: 0, count: lens.count * maxLen * dim)
        for (b, len) in lens.enumerated() {
            for t in 0..<len { for j in 0..<dim { values[(b * maxLen + t) * dim + j] = Float(b * 100 + t * dim + j) } }
        }
        let writer = try HDFWriter(path: path, dim: dim)
        try writer.insertBatch(inputs: HDFArray(shape: [lens.count, maxLen, dim], values), seqLengths: [lens],
                               seqTags: lens.indices.map { "\(tagPrefix)\($0)" })
        try writer.close()
    }

    static func expected(_ b: Int, len: Int, dim: Int = 3) -> [Double] {
        (0..<(len * dim)).map { Double(b * 100 + $0) }
    }

    static func opts(_ seqOrdering: SeqOrdering = .default, partition: Int = 1) throws -> DatasetOptions {
        try DatasetOptions(name: "test", seqOrdering: seqOrdering, partitionEpoch: partition)
    }

    @Test func partitionEpochCoversAllSeqsInOrder() throws {  // test_HDFDataset_partition_epoch
        let dir = HDFTempDir()
        let lens = [3, 5, 1, 7, 2, 4, 6, 2, 3, 8, 1]
        try Self.writeSimple(dir.path("a.hdf"), lens: lens)
        let ds = try HDFDataset(files: [dir.path("a.hdf")], options: try Self.opts(partition: 3))
        var seen = [String]()
        var sizes = [Int]()
        for epoch in 1...3 {
            try ds.initSeqOrder(epoch: epoch)
            sizes.append(ds.numSeqs!)
            for i in 0..<ds.numSeqs! {
                let tag = try ds.tag(i)
                let b = Int(tag.dropFirst(4))!
                #expect(try ds.data(i, key: "data").doubles == Self.expected(b, len: lens[b]))
                #expect(try ds.seqLength(i)["data"] == lens[b])
                seen.append(tag)
            }
        }
        #expect(sizes == [4, 4, 3])
        #expect(seen == lens.indices.map { "seq-\($0)" })
    }

    @Test func severalFilesAndSortedOrder() throws {
        let dir = HDFTempDir()
        try Self.writeSimple(dir.path("a.hdf"), lens: [4, 1], tagPrefix: "a-")
        try Self.writeSimple(dir.path("b.hdf"), lens: [3, 2, 5], tagPrefix: "b-")
        let ds = try HDFDataset(files: [dir.path("a.hdf"), dir.path("b.hdf")], options: try Self.opts(.sorted))
        #expect(ds.totalNumSeqs == 5 && ds.fileSeqStart == [0, 2, 5])
        #expect(try ds.allTags() == ["a-0", "a-1", "b-0", "b-1", "b-2"])
        #expect(ds.dataKeys == ["data"] && ds.targetList == [] && ds.numInputs == 3)
        #expect(try ds.dataSpec("data") == .dense(3))
        try ds.initSeqOrder(epoch: 1)
        #expect(ds.currentSeqOrder == [1, 3, 2, 0, 4])
        #expect(try (0..<5).map { try ds.tag($0) } == ["a-1", "b-1", "b-0", "a-0", "b-2"])
        try ds.loadSeqs(0, 5)
        #expect(try ds.data(4, key: "data").doubles == Self.expected(2, len: 5))
        #expect(try ds.data(4, key: "data").shape == [5, 3])
        #expect(throws: DatasetError.self) { try ds.data(5, key: "data") }
        #expect(throws: DatasetError.self) { try ds.data(0, key: "classes") }
        let fromList = try HDFDataset(files: [dir.path("a.hdf"), dir.path("b.hdf")], options: try Self.opts())
        try fromList.initSeqOrder(epoch: 1, seqList: ["b-2", "a-0"])
        #expect(try fromList.seqLength(0)["data"] == 5 && fromList.corpusSeqIdx(1) == 0)
    }

    @Test func filesThatDoNotFitNameBothFiles() throws {
        let dir = HDFTempDir()
        try Self.writeSimple(dir.path("a.hdf"), lens: [2], dim: 3)
        try Self.writeSimple(dir.path("b.hdf"), lens: [2], dim: 4)
        let e = #expect(throws: DatasetError.self) {
            try HDFDataset(files: [dir.path("a.hdf"), dir.path("b.hdf")], options: try Self.opts())
        }
        #expect(e?.description.contains("a.hdf") == true && e?.description.contains("b.hdf") == true)
        #expect(throws: H5Error.self) { try HDFDataset(files: [dir.path("missing.hdf")], options: try Self.opts()) }
        try Data("not an hdf file".utf8).write(to: URL(fileURLWithPath: dir.path("bad.hdf")))
        #expect(throws: H5Error.self) { try HDFDataset(files: [dir.path("bad.hdf")], options: try Self.opts()) }
        #expect(throws: DatasetError.self) { try HDFDataset(files: [], options: try Self.opts()) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: hdfFixture("dump_writer.hdf")))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: dir.path("truncated.hdf")))
        let truncated = #expect(throws: (any Error).self) { try HDFDataset(files: [dir.path("truncated.hdf")], options: try Self.opts()) }
        #expect("\(truncated!)".contains("truncated.hdf"))
        let ds = try HDFDataset(files: [dir.path("a.hdf")], options: try Self.opts())
        #expect(throws: DatasetError.self) { try ds.loadSeqs(0, 1) }  // no epoch yet
        try ds.initSeqOrder(epoch: 1)
        try ds.loadSeqs(0, 5)
        try ds.loadSeqs(3, 4)
    }

    @Test func noTargetsQuirkFixture() throws {
        let ds = try HDFDataset(files: [hdfFixture("simple_writer.hdf")], options: try Self.opts())
        #expect(ds.dataKeys == ["data"] && ds.targetList == [])
        #expect(ds.labels["data"] == [" ", "a", "b"])
        try ds.initSeqOrder(epoch: 1)
        #expect(try (0..<3).map { try ds.seqLength($0)["data"] } == [2, 0, 3])
        #expect(try ds.data(1, key: "data").shape == [0, 3])
    }

    @Test func dumpWriterFixtureKeepsDtypes() throws {  // test_hdf_data_short_int_dtype, float targets
        let ds = try HDFDataset(files: [hdfFixture("dump_writer.hdf")], options: try Self.opts())
        #expect(ds.dataKeys == ["data", "classes", "feat"])
        #expect(try ds.dataSpec("data") == .sparse(255, dtype: .uint8))
        #expect(try ds.dataSpec("classes") == .sparse(10, dtype: .int16))
        #expect(try ds.dataSpec("feat") == .dense(2))
        try ds.initSeqOrder(epoch: 1)
        #expect(try ds.data(3, key: "data").dtype == .uint8 && ds.data(1, key: "classes").dtype == .int16)
        #expect(try ds.seqLength(0) == NumbersDict(["data": 3, "classes": 2, "feat": 1]))
    }

    @Test func dumpNotFrameSyncedRoundTrip() throws {  // test_hdf_dump_not_frame_synced
        let dir = HDFTempDir()
        let source = try TaskNumberBaseConvertDataset(numSeqs: 12, options: try DatasetOptions(name: "src"))
        #expect(try HDFDatasetDumper.dump(source, to: dir.path("d.hdf")) == 12)
        let ds = try HDFDataset(files: [dir.path("d.hdf")], options: try Self.opts())
        #expect(ds.dataKeys == ["data", "classes"])
        #expect(try ds.dataSpec("data") == source.dataSpec("data") && ds.dataSpec("classes") == source.dataSpec("classes"))
        #expect(ds.labels["classes"] == source.labels["classes"])
        try ds.initSeqOrder(epoch: 1)
        try source.initSeqOrder(epoch: 1)
        var differentLengths = false
        for i in 0..<12 {
            #expect(try ds.tag(i) == source.tag(i))
            #expect(try ds.seqLength(i) == source.seqLength(i))
            for k in ["data", "classes"] { #expect(try ds.data(i, key: k) == source.data(i, key: k)) }
            if try ds.seqLength(i)["data"] != ds.seqLength(i)["classes"] { differentLengths = true }
        }
        #expect(differentLengths)
    }

    @Test func batchesCoverEverySeqOnceWithPaddedData() throws {
        let dir = HDFTempDir()
        let lens = [3, 5, 1, 7, 2, 4, 6, 2, 3, 8, 1]
        try Self.writeSimple(dir.path("a.hdf"), lens: lens)
        let ds = try HDFDataset(files: [dir.path("a.hdf")], options: try Self.opts(.sorted))
        try ds.initSeqOrder(epoch: 1)
        var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 16, maxSeqs: 3))
        var tags = [String]()
        while let plan = try gen.next() {
            let batch = try Batch(plan: plan, dataset: ds)
            let padded = try #require(batch.data["data"])
            #expect(padded.seqLens.max()! * batch.batchSize <= 16 || batch.batchSize == 1)
            guard case .float32(let v) = padded.values else { Issue.record("dtype"); continue }
            let maxLen = padded.shape[1]
            for (b, tag) in batch.seqTags.enumerated() {
                let corpus = Int(tag.dropFirst(4))!
                #expect(padded.seqLens[b] == lens[corpus])
                let row = Array(v[(b * maxLen * 3)..<((b * maxLen + lens[corpus]) * 3)]).map(Double.init)
                #expect(row == Self.expected(corpus, len: lens[corpus]))
            }
            tags += batch.seqTags
        }
        #expect(tags.sorted() == lens.indices.map { "seq-\($0)" }.sorted())
    }

    @Test func concurrentReadsGiveTheSameData() throws {
        let dir = HDFTempDir()
        let lens = (0..<40).map { 1 + ($0 * 7) % 13 }
        try Self.writeSimple(dir.path("a.hdf"), lens: lens)
        let ds = try HDFDataset(files: [dir.path("a.hdf")], options: try Self.opts(.random(epochsFixed: 1)))
        try ds.initSeqOrder(epoch: 2)
        let order = ds.currentSeqOrder
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for i in stride(from: w, to: 40, by: 4) {
                let ok = (try? ds.data(i, key: "data").doubles) == Self.expected(order[i], len: lens[order[i]])
                if !ok { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(Set(order) == Set(0..<40) && order != Array(0..<40))
    }
}

/// A value behind a lock (test helper).
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.withLock { body(&value) } }
}
