import Foundation
import Testing
@testable import ReturnnData

/// HDFWriter (SimpleHDFWriter) round trips through HDFDatasetFile, following upstream's tests.
@Suite struct HDFWriterTests {
    /// Batch-major padded float data with value b*1000 + t*10 + j (padding = -1).
    static func batch(_ lens: [Int], dim: Int, seqOffset: Int = 0) -> HDFArray {
        let maxLen = lens.max() ?? 0
        var values: [Float] = []
        for (b, len) in lens.enumerated() {
            for t in 0..<maxLen {
                for j in 0..<dim { values.append(t < len ? Float((b + seqOffset) * 1000 + t * 10 + j) : -1) }
            }
        }
        return HDFArray(shape: [lens.count, maxLen, dim], values)
    }

    static func expected(seq: Int, len: Int, dim: Int) -> [Float] {
        (0..<len).flatMap { t in (0..<dim).map { j in Float(seq * 1000 + t * 10 + j) } }
    }

    @Test func twoBatchesRoundTrip() throws {  // upstream test_SimpleHDFWriter
        let dir = HDFTempDir()
        let path = dir.path("simple.hdf")
        let writer = try HDFWriter(path: path, dim: 13)
        let lens1 = [11, 7, 5], lens2 = [10, 13, 3, 2]
        try writer.insertBatch(inputs: Self.batch(lens1, dim: 13), seqLengths: [lens1], seqTags: (0..<3).map { "seq-\($0)" })
        #expect(!FileManager.default.fileExists(atPath: path))  // only the temporary file exists yet
        try writer.insertBatch(inputs: Self.batch(lens2, dim: 13, seqOffset: 3), seqLengths: [lens2],
                               seqTags: (3..<7).map { "seq-\($0)" })
        try writer.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["simple.hdf"])
        let file = try HDFDatasetFile(path: path)
        #expect(file.dataKeys == ["data"] && file.targetKeys == [])
        let info = try file.info("data")
        #expect(info.dtype == .float32 && !info.isSparse && info.dataShape == [13])
        #expect(try file.allTags() == (0..<7).map { "seq-\($0)" })
        let lens = lens1 + lens2
        for (seq, len) in lens.enumerated() {
            #expect(try file.seqLength(seq, key: "data") == len)
            #expect(try file.read(seq: seq, key: "data", as: Float.self) == Self.expected(seq: seq, len: len, dim: 13))
        }
        let h5 = try H5File(path: path)
        #expect(try h5.attribute("numSeqs") == .int(7) && h5.attribute("numTimesteps") == .int(Int64(lens.reduce(0, +))))
        #expect(try h5.attribute("inputPattSize") == .int(13) && h5.attribute("numLabels") == .int(13))
        #expect(try h5.dataset("seqLengths").shape == [7, 2])
        #expect(try h5.dataset("labels").elementType == .fixedString(width: 5))
    }

    @Test func extraWithEmptySeqsAndLabels() throws {  // test_SimpleHDFWriter_empty_extra, _labels
        let dir = HDFTempDir()
        let path = dir.path("extra.hdf")
        let writer = try HDFWriter(path: path, dim: 2, labels: [" ", "a"])
        var allLens: [Int] = []
        var seq = 0
        for lens in [[3, 0, 2], [0], [4, 1]] {
            let inputs = Self.batch(lens, dim: 2, seqOffset: seq)
            let extraValues = inputs.values.doubles.map { Float($0 + 4.25) }
            try writer.insertBatch(inputs: inputs, seqLengths: [lens], seqTags: lens.indices.map { "seq-\(seq + $0)" },
                                   extra: ["test-extra": HDFArray(shape: inputs.shape, extraValues),
                                           "ids": HDFArray(shape: [lens.count, 2], (0..<(2 * lens.count)).map { Int32($0 + 2 * seq) })])
            seq += lens.count
            allLens += lens
        }
        try writer.close()
        let file = try HDFDatasetFile(path: path)
        #expect(file.dataKeys == ["data", "ids", "test-extra"] && file.targetKeys == ["ids", "test-extra"])
        #expect(file.labels["data"] == [" ", "a"])
        #expect(file.labels["test-extra"] == ["dummy-label"])
        let extraInfo = try file.info("test-extra")
        #expect(extraInfo.dtype == .float32 && extraInfo.dim == 2 && extraInfo.ndim == 2 && extraInfo.dataShape == [2])
        let idsInfo = try file.info("ids")
        #expect(idsInfo.dtype == .int32 && idsInfo.dim == 1 && idsInfo.ndim == 1 && idsInfo.isSparse)
        // Extras are stored whole (padded length of their batch), as upstream.
        let batchMax = [3, 3, 3, 0, 4, 4]
        for (s, len) in allLens.enumerated() {
            #expect(try file.seqLength(s, key: "data") == len)
            #expect(try file.seqLength(s, key: "test-extra") == batchMax[s])
            #expect(try file.seqLength(s, key: "ids") == 2)
            let data = try file.read(seq: s, key: "data", as: Float.self)
            let extra = try file.read(seq: s, key: "test-extra", as: Float.self)
            #expect(data == Self.expected(seq: s, len: len, dim: 2))
            #expect(Array(extra.prefix(2 * len)) == data.map { $0 + 4.25 })
            #expect(try file.read(seq: s, key: "ids", as: Int32.self) == [Int32(2 * s), Int32(2 * s + 1)])
        }
    }

    @Test func sparseDataWithSeveralDynamicAxesStoresSizes() throws {  // test_SimpleHDFWriter_ndim1_var_len
        let dir = HDFTempDir()
        let path = dir.path("ndim2.hdf")
        let writer = try HDFWriter(path: path, dim: nil, ndim: 2)
        let dec = [3, 1, 2], enc = [2, 4, 1]
        let values = (0..<(3 * 3 * 4)).map { Float($0) }
        try writer.insertBatch(inputs: HDFArray(shape: [3, 3, 4], values), seqLengths: [dec, enc], seqTags: ["a", "b", "c"])
        try writer.close()
        let file = try HDFDatasetFile(path: path)
        #expect(file.dataKeys == ["data", "sizes"])
        let info = try file.info("data")
        #expect(info.dtype == .float32 && info.dataShape == [] && !info.isSparse)
        #expect(try file.info("sizes").dtype == .int32)
        for b in 0..<3 {
            #expect(try file.seqLength(b, key: "data") == dec[b] * enc[b])
            #expect(try file.seqLength(b, key: "sizes") == 2)
            #expect(try file.read(seq: b, key: "sizes", as: Int32.self) == [Int32(dec[b]), Int32(enc[b])])
            let want = (0..<dec[b]).flatMap { t in (0..<enc[b]).map { e in Float(b * 12 + t * 4 + e) } }
            #expect(try file.read(seq: b, key: "data", as: Float.self) == want)
        }
    }

    @Test func allDtypesSparseAndDense() throws {
        let dir = HDFTempDir()
        let cases: [(HDFValues, Int?)] = [
            (.uint8([1, 2, 255]), nil), (.int8([-1, 0, 1]), nil), (.int16([-1, 5, 32767]), nil),
            (.int32([2147483647, 0, -5]), nil), (.int64([Int64.min, 0, 1]), nil),
            (.float64([0.5, -1, 2]), nil), (.float32([0.5, -1, 2]), nil), (.float32([1, 2, 3]), 1),
        ]
        for (index, (values, dim)) in cases.enumerated() {
            let path = dir.path("dtype-\(index).hdf")
            let writer = try HDFWriter(path: path, dim: dim)
            let shape = dim == nil ? [1, 3] : [1, 3, 1]
            try writer.insertBatch(inputs: HDFArray(shape: shape, values: values), seqLengths: [[3]], seqTags: ["s"])
            try writer.close()
            let file = try HDFDatasetFile(path: path)
            let info = try file.info("data")
            #expect(info.dtype == values.elementType)
            #expect(info.isSparse == (dim == nil && values.elementType.isInteger))
            #expect(try file.readArray(seq: 0, key: "data").values == values)
        }
    }

    @Test func extendExistingFile() throws {  // test_SimpleHDFWriter_extend_existing_file
        let dir = HDFTempDir()
        let path = dir.path("extend.hdf")
        let first = try HDFWriter(path: path, dim: 3)
        try first.insertBatch(inputs: Self.batch([2, 3], dim: 3), seqLengths: [[2, 3]], seqTags: ["seq-0", "seq-1"])
        try first.close()
        #expect(throws: HDFError.self) { try HDFWriter(path: path, dim: 3) }  // target exists
        let second = try HDFWriter(path: path, dim: 3, extendExistingFile: true)
        try second.insertBatch(inputs: Self.batch([4, 3, 2], dim: 3, seqOffset: 2), seqLengths: [[4, 3, 2]],
                               seqTags: ["seq-2", "seq-3", "seq-4"])
        // Before close the original file is unchanged.
        #expect(try HDFDatasetFile(path: path).numSeqs == 2)
        try second.close()
        let file = try HDFDatasetFile(path: path)
        #expect(try file.numSeqs == 5 && file.allTags() == (0..<5).map { "seq-\($0)" })
        for (seq, len) in [2, 3, 4, 3, 2].enumerated() {
            #expect(try file.read(seq: seq, key: "data", as: Float.self) == Self.expected(seq: seq, len: len, dim: 3))
        }
        #expect(try H5File(path: path).attribute("numSeqs") == .int(5))
        #expect(throws: HDFError.self) { try HDFWriter(path: dir.path("none.hdf"), dim: 3, extendExistingFile: true) }
    }

    @Test func nonASCIILabelsFallBackToVariableLengthStrings() throws {  // hdf5_strings fallback
        let dir = HDFTempDir()
        let path = dir.path("labels.hdf")
        let writer = try HDFWriter(path: path, dim: 2, labels: ["ä", "<s>"])
        try writer.insertBatch(inputs: Self.batch([1], dim: 2), seqLengths: [[1]], seqTags: ["t"])
        try writer.close()
        #expect(try H5File(path: path).dataset("labels").elementType == .variableString)
        #expect(try HDFDatasetFile(path: path).labels["data"] == ["ä", "<s>"])
    }

    @Test func badArgumentsThrowAndLeaveNoFile() throws {
        let dir = HDFTempDir()
        let path = dir.path("bad.hdf")
        do {
            let writer = try HDFWriter(path: path, dim: 4)
            // Wrong feature dim.
            let e = #expect(throws: HDFError.self) {
                try writer.insertBatch(inputs: Self.batch([2], dim: 3), seqLengths: [[2]], seqTags: ["a"])
            }
            #expect(e?.kind == .badArgument && e?.description.contains("dim is 4") == true)
            // Lengths that do not match the padded axis.
            #expect(throws: HDFError.self) {
                try writer.insertBatch(inputs: Self.batch([2], dim: 4), seqLengths: [[1]], seqTags: ["a"])
            }
            // Tag count differs from the batch.
            #expect(throws: HDFError.self) {
                try writer.insertBatch(inputs: Self.batch([2], dim: 4), seqLengths: [[2]], seqTags: ["a", "b"])
            }
        }  // abandoned without close: no target, no temporary file left
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
        #expect(throws: HDFError.self) { try HDFWriter(path: path, dim: 2, labels: ["only-one"]) }
        let noDir = dir.path("missing-dir/out.hdf")
        let e = #expect(throws: HDFError.self) { try HDFWriter(path: noDir, dim: 2) }
        #expect(e?.kind == .io && e?.description.contains("missing-dir/out.hdf") == true)
    }
}
