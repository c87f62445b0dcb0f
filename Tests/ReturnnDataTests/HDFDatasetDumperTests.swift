import Foundation
import Testing
@testable import ReturnnData

/// HDFDatasetDumper (upstream dump_from_dataset): input key choice, skipped keys, ranges.
@Suite struct HDFDatasetDumperTests {
    static func seq(_ i: Int) -> [String: SeqData] {
        [
            "feat": SeqData(.float32((0..<(2 * (i + 1))).map { Float(i * 10 + $0) }), shape: [i + 1, 2]),
            "classes": .int32((0..<(i + 2)).map { Int32(($0 + i) % 3) }),
            "orth": SeqData(.uint8([UInt8(65 + i)]), shape: [1]),
        ]
    }

    @Test func singleNonTargetKeyBecomesInputsAndOrthIsSkipped() throws {
        let dir = HDFTempDir()
        let source = try StaticDataset(data: (0..<5).map(Self.seq), targetList: ["classes", "orth"],
                                       outputDim: ["classes": (3, 1)], options: try DatasetOptions(name: "src"))
        #expect(try HDFDatasetDumper.dump(source, to: dir.path("s.hdf"), startSeq: 1, endSeq: 3) == 3)
        let ds = try HDFDataset(files: [dir.path("s.hdf")], options: try DatasetOptions(name: "check"))
        #expect(ds.dataKeys == ["data", "classes"] && ds.targetList == ["classes"] && ds.numInputs == 2)
        #expect(try ds.dataSpec("data") == .dense(2) && ds.dataSpec("classes") == .sparse(3))
        try ds.initSeqOrder(epoch: 1)
        try source.initSeqOrder(epoch: 1)
        #expect(ds.numSeqs == 3)
        for i in 0..<3 {
            #expect(try ds.tag(i) == source.tag(i + 1))
            #expect(try ds.data(i, key: "data") == source.data(i + 1, key: "feat"))
            #expect(try ds.data(i, key: "classes") == source.data(i + 1, key: "classes"))
        }
    }

    @Test func emptyRangeIsAnError() throws {
        let dir = HDFTempDir()
        let source = try Task12AXDataset(numSeqs: 3, options: try DatasetOptions(name: "src"))
        #expect(throws: HDFError.self) { try HDFDatasetDumper.dump(source, to: dir.path("e.hdf"), startSeq: 5) }
        #expect(!FileManager.default.fileExists(atPath: dir.path("e.hdf")))
    }
}
