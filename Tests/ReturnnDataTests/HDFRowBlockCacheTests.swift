import Foundation
import Testing
@testable import ReturnnData

/// The chunk-aligned row-block cache returns exactly what a direct hyperslab read returns.
@Suite struct HDFRowBlockCacheTests {
    /// Writes a RETURNN-layout file whose `inputs` has narrow chunks (as h5py's auto-chunking makes).
    static func makeFile(_ path: String, type: H5ElementType, columns: Int, chunk: [Int], lengths: [Int]) throws {
        let file = try H5File.create(path: path)
        let total = lengths.reduce(0, +)
        let inputs = try file.createDataset("inputs", type: type, shape: [total, columns], maxShape: [nil, columns], chunk: chunk)
        try inputs.write((0..<(total * columns)).map { Int32($0 % 120) })
        try file.createDataset("seqLengths", type: .int32, shape: [lengths.count, 2])
            .write(lengths.flatMap { [Int32($0), 0] })
        try file.createDataset("seqTags", type: .variableString, shape: [lengths.count])
            .writeStrings(lengths.indices.map { "s\($0)" })
    }

    @Test(arguments: [(H5ElementType.float32, [7, 2]), (.uint8, [5, 3]), (.int16, [9, 4]), (.float64, [3, 1]), (.int32, [4, 5])])
    func matchesDirectReads(_ setup: (H5ElementType, [Int])) throws {
        let (type, chunk) = setup
        let dir = HDFTempDir()
        let path = dir.path("chunked.hdf")
        let lengths = (0..<60).map { ($0 * 37 + 11) % 23 }  // includes zero-length sequences
        try Self.makeFile(path, type: type, columns: 5, chunk: chunk, lengths: lengths)
        let file = try HDFDatasetFile(path: path)
        let direct = try H5File(path: path).dataset("inputs")
        func expected(_ seq: Int) throws -> [Float] {
            let start = file.seqStart(seq, column: 0)
            return try direct.readRows(start..<(start + lengths[seq]), as: Float.self)
        }
        // Sequential, reverse and scattered orders, typed and dtype-preserving reads.
        let orders = [Array(0..<60), Array((0..<60).reversed()), (0..<60).map { ($0 * 17) % 60 }]
        for order in orders {
            for seq in order {
                #expect(try file.read(seq: seq, key: "data", as: Float.self) == expected(seq))
                #expect(try file.readArray(seq: seq, key: "data").values.doubles == expected(seq).map { Double($0) })
            }
        }
        // Multi-sequence reads longer than a block bypass the cache.
        #expect(try file.read(seqs: 0..<60, key: "data", as: Float.self) == direct.read(as: Float.self))
    }

    /// Small blocks force many block loads, overlaps and read-ahead boundaries.
    @Test(arguments: [nil, [3, 2], [16, 5]] as [[Int]?])
    func smallBlocksMatchDirectReads(_ chunk: [Int]?) throws {
        let dir = HDFTempDir()
        let path = dir.path("small.h5")
        let file = try H5File.create(path: path)
        let rows = 300, columns = 5
        let dataset = chunk.map { try? file.createDataset("x", type: .float32, shape: [rows, columns],
                                                          maxShape: [nil, columns], chunk: $0) }
            ?? (try? file.createDataset("x", type: .float32, shape: [rows, columns]))
        let x = try #require(dataset)
        #expect(x.isChunked == (chunk != nil))
        try x.write((0..<(rows * columns)).map { Float($0) })
        let cache = HDFRowBlockCache(dataset: x, minimumRows: 8, readAheadBytes: 7 * columns * 4)
        var ranges: [Range<Int>] = []
        var start = 0
        while start < rows { let n = (start * 7) % 6; ranges.append(start..<min(rows, start + n)); start += max(1, n) }
        let scattered = ranges.indices.map { ranges[($0 * 11) % ranges.count] }
        for range in ranges + scattered + ranges.reversed() {
            var got = [Float](repeating: -1, count: range.count * columns)
            try got.withUnsafeMutableBytes { try cache.read(range, into: $0, type: .float32) }
            #expect(got == ((range.lowerBound * columns)..<(range.upperBound * columns)).map { Float($0) })
        }
    }

    @Test func concurrentReadsAreConsistent() throws {
        let dir = HDFTempDir()
        let path = dir.path("threads.hdf")
        let lengths = (0..<200).map { ($0 * 13 + 5) % 31 }
        try Self.makeFile(path, type: .float32, columns: 6, chunk: [50, 2], lengths: lengths)
        let file = try HDFDatasetFile(path: path)
        let direct = try H5File(path: path).dataset("inputs")
        let want = try (0..<200).map { seq -> [Float] in
            let start = file.seqStart(seq, column: 0)
            return try direct.readRows(start..<(start + lengths[seq]), as: Float.self)
        }
        let mismatches = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        mismatches.initialize(repeating: 0, count: 2)
        defer { mismatches.deallocate() }
        nonisolated(unsafe) let sink = mismatches
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for round in 0..<5 {
                for i in 0..<200 {
                    let seq = thread == 0 ? i : (i * 7 + round) % 200
                    if (try? file.read(seq: seq, key: "data", as: Float.self)) != want[seq] { sink[thread] += 1 }
                }
            }
        }
        #expect(mismatches[0] == 0 && mismatches[1] == 0)
    }
}
