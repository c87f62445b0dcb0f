import Foundation
import Testing
@testable import ReturnnData

/// HDFDumpWriter (HDFDatasetWriter layout) round trips, as upstream's test_hdf_* dtype tests.
@Suite struct HDFDumpWriterTests {
    @Test func dtypesDimsAndNotFrameSyncedLengths() throws {
        let dir = HDFTempDir()
        let path = dir.path("dump.hdf")
        let keys = [
            HDFDumpKey(name: "data", dim: 255, ndim: 1, dtype: .uint8, frameShape: []),
            HDFDumpKey(name: "classes", dim: 10, ndim: 1, dtype: .int16, frameShape: []),
            HDFDumpKey(name: "big", dim: 3, ndim: 1, dtype: .int32, frameShape: [], labels: ["x", "y", "z"]),
            HDFDumpKey(name: "feat", dim: 2, ndim: 2, dtype: .float32, frameShape: [2]),
        ]
        let seqs = [
            HDFDumpSeq(tag: "t-0", data: ["data": HDFArray(shape: [3], [UInt8](arrayLiteral: 1, 2, 3)),
                                          "classes": HDFArray(shape: [2], [Int16](arrayLiteral: -1, 5)),
                                          "big": HDFArray(shape: [1], [Int32.max]),
                                          "feat": HDFArray(shape: [2, 2], [Float](arrayLiteral: 1, 2, 3, 4))]),
            HDFDumpSeq(tag: "a-much-longer-tag", data: ["data": HDFArray(shape: [0], [UInt8]()),
                                                        "classes": HDFArray(shape: [1], [Int16](arrayLiteral: 9)),
                                                        "big": HDFArray(shape: [2], [Int32](arrayLiteral: 2147483646, 0)),
                                                        "feat": HDFArray(shape: [1, 2], [Float](arrayLiteral: -1, 0.5))]),
        ]
        try HDFDumpWriter.write(path: path, inputKey: "data", keys: keys, numInputs: 255, seqs: seqs)
        let file = try HDFDatasetFile(path: path)
        #expect(file.dataKeys == ["data", "big", "classes", "feat"])
        #expect(try file.allTags() == ["t-0", "a-much-longer-tag"])
        for key in keys {
            let info = try file.info(key.name)
            #expect(info.dtype == key.dtype && info.dim == key.dim && info.ndim == key.ndim && info.frameShape == key.frameShape)
            for (s, seq) in seqs.enumerated() {
                #expect(try file.readArray(seq: s, key: key.name) == seq.data[key.name]!)
            }
        }
        #expect(try file.info("data").isSparse && file.info("classes").isSparse && !file.info("feat").isSparse)
        #expect(file.labels["classes"] == (0..<10).map { "classes-class-\($0)" })
        #expect(file.labels["big"] == ["x", "y", "z"])
        let h5 = try H5File(path: path)
        #expect(try h5.dataset("seqTags").elementType == .fixedString(width: 18))
        #expect(try h5.group("targets/size").attribute("feat") == .ints([2, 2]))
        #expect(try h5.attribute("inputPattSize") == .int(255))
    }

    @Test func targetsOnlyRenamesDataToClasses() throws {
        let dir = HDFTempDir()
        let path = dir.path("targets-only.hdf")
        let keys = [HDFDumpKey(name: "data", dim: 4, ndim: 1, dtype: .int32, frameShape: [])]
        let seqs = [HDFDumpSeq(tag: "s", data: ["data": HDFArray(shape: [2], [Int32](arrayLiteral: 3, 1))])]
        try HDFDumpWriter.write(path: path, inputKey: nil, keys: keys, numInputs: 0, seqs: seqs)
        let file = try HDFDatasetFile(path: path)
        #expect(file.dataKeys == ["classes"] && !file.hasInputs)
        #expect(try file.read(seq: 0, key: "classes", as: Int32.self) == [3, 1])
        let missing = [HDFDumpSeq(tag: "s", data: [:])]
        let e = #expect(throws: HDFError.self) {
            try HDFDumpWriter.write(path: dir.path("x.hdf"), inputKey: nil, keys: keys, numInputs: 0, seqs: missing)
        }
        #expect(e?.description.contains("no data for key 'data'") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path("x.hdf")))
    }
}
