import Foundation
import Testing
@testable import ReturnnData

/// Value formulas of scripts/hdf/make_h5py_fixtures.py (t counts frames over the whole file).
func fixtureDense(_ frames: Range<Int>, dim: Int) -> [Float] {
    frames.flatMap { t in (0..<dim).map { j in Float(Double(t) + Double(j) / 10) } }
}

func fixtureSparse(_ frames: Range<Int>, dim: Int) -> [Int64] { frames.map { Int64(($0 * 7 + 3) % dim) } }

/// The reader on files written by h5py exactly as upstream RETURNN lays them out.
@Suite struct HDFDatasetFileTests {
    @Test func simpleWriterLayoutWithoutTargets() throws {
        let file = try HDFDatasetFile(path: hdfFixture("simple_writer.hdf"))
        #expect(file.numSeqs == 3)
        #expect(file.dataKeys == ["data"] && file.targetKeys == [])
        #expect(try file.allTags() == ["seq-0", "seq-1", "seq-2"])
        let info = try file.info("data")
        #expect(info.dtype == .float32 && info.dim == 3 && info.ndim == 2 && !info.isSparse && info.dataShape == [3])
        #expect(file.labels["data"] == [" ", "a", "b"])
        #expect(file.numInputs == 3)
        #expect(try (0..<3).map { try file.seqLength($0, key: "data") } == [2, 0, 3])
        #expect(try file.read(seq: 0, key: "data", as: Float.self) == fixtureDense(0..<2, dim: 3))
        #expect(try file.read(seq: 1, key: "data", as: Float.self) == [])
        #expect(try file.read(seq: 2, key: "data", as: Float.self) == fixtureDense(2..<5, dim: 3))
        #expect(try file.read(seqs: 0..<3, key: "data", as: Float.self) == fixtureDense(0..<5, dim: 3))
        let array = try file.readArray(seq: 2, key: "data")
        #expect(array.shape == [3, 3] && array.values == .float32(fixtureDense(2..<5, dim: 3)))
        #expect((#expect(throws: HDFError.self) { try file.read(seq: 0, key: "classes", as: Float.self) })?.kind == .unknownKey)
    }

    @Test func simpleWriterLayoutWithExtras() throws {
        let file = try HDFDatasetFile(path: hdfFixture("simple_writer_extra.hdf"))
        #expect(file.dataKeys == ["data", "align", "classes"] && file.targetKeys == ["align", "classes"])
        let classes = try file.info("classes")
        #expect(classes.dtype == .int32 && classes.dim == 5 && classes.ndim == 1 && classes.isSparse && classes.dataShape == [])
        let align = try file.info("align")
        #expect(align.dtype == .int16 && align.dim == 6 && align.isSparse && align.column == 1)
        #expect(file.labels["classes"] == ["dummy-label"])
        #expect(file.labels["data"] == nil || file.labels["data"] == [])
        #expect(try (0..<3).map { try file.seqLength($0, key: "classes") } == [1, 0, 4])
        #expect(try (0..<3).map { try file.seqLength($0, key: "align") } == [2, 3, 1])
        #expect(try file.read(seq: 2, key: "classes", as: Int64.self) == fixtureSparse(1..<5, dim: 5))
        #expect(try file.readArray(seq: 1, key: "align").values == .int16(fixtureSparse(2..<5, dim: 6).map { Int16($0) }))
        #expect(try file.read(seq: 1, key: "data", as: Float.self) == fixtureDense(2..<5, dim: 2))
    }

    @Test func dumpWriterLayoutKeepsDtypes() throws {
        let file = try HDFDatasetFile(path: hdfFixture("dump_writer.hdf"))
        #expect(file.dataKeys == ["data", "classes", "feat"])
        #expect(try file.allTags() == (0..<4).map { "corpus/rec-\($0)/seg" + String(repeating: "x", count: $0) })
        let data = try file.info("data")
        #expect(data.dtype == .uint8 && data.dim == 255 && data.ndim == 1 && data.isSparse && data.frameShape == [])
        let classes = try file.info("classes")
        #expect(classes.dtype == .int16 && classes.dim == 10 && classes.isSparse)
        let feat = try file.info("feat")
        #expect(feat.dtype == .float32 && feat.dim == 2 && feat.ndim == 2 && !feat.isSparse && feat.dataShape == [2])
        #expect(file.labels["classes"] == (0..<10).map { "c\($0)" })
        #expect(file.labels["feat"] == ["feat-class-0", "feat-class-1"])
        #expect(try (0..<4).map { try file.seqLength($0, key: "data") } == [3, 1, 0, 4])
        #expect(try (0..<4).map { try file.seqLength($0, key: "classes") } == [2, 2, 1, 0])
        #expect(try (0..<4).map { try file.seqLength($0, key: "feat") } == [1, 0, 2, 3])
        #expect(try file.readArray(seq: 3, key: "data").values == .uint8(fixtureSparse(4..<8, dim: 255).map { UInt8($0) }))
        #expect(try file.readArray(seq: 1, key: "classes").values == .int16(fixtureSparse(2..<4, dim: 10).map { Int16($0) }))
        #expect(try file.read(seq: 3, key: "feat", as: Float.self) == fixtureDense(3..<6, dim: 2))
    }

    @Test func oldStyleScalarSizeAndOneDimensionalLengths() throws {
        let file = try HDFDatasetFile(path: hdfFixture("old_style.hdf"))
        // Fixed tags exactly as wide as the longest: no character may be lost (NULLPAD trap).
        #expect(try file.allTags() == ["a", "longer-tag", "mid-tag"])
        let classes = try file.info("classes")
        #expect(classes.dim == 7 && classes.ndim == 1 && classes.dtype == .int32)
        #expect(file.labels["classes"] == (0..<7).map { "l\($0)" })
        #expect(try (0..<3).map { try file.seqLength($0, key: "classes") } == [2, 3, 1])
        #expect(try file.read(seq: 1, key: "classes", as: Int64.self) == fixtureSparse(2..<5, dim: 7))
        #expect(try file.read(seq: 2, key: "data", as: Float.self) == fixtureDense(5..<6, dim: 4))
    }

    @Test func layoutErrorsNameTheEntry() throws {
        let dir = HDFTempDir()
        // Missing seqLengths.
        let noLengths = dir.path("no-lengths.hdf")
        do {
            let file = try H5File.create(path: noLengths)
            try file.createDataset("inputs", type: .float32, shape: [2, 3]).write([Float](repeating: 0, count: 6))
        }
        let e1 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: noLengths) }
        #expect(e1?.kind == .missingEntry && e1?.description.contains("seqLengths") == true)

        // Wrong column count (no targets needs 2 columns).
        let oneColumn = dir.path("one-column.hdf")
        do {
            let file = try H5File.create(path: oneColumn)
            try file.createDataset("inputs", type: .float32, shape: [2, 3]).write([Float](repeating: 0, count: 6))
            try file.createDataset("seqLengths", type: .int32, shape: [1, 3]).write([Int32]([2, 0, 0]))
            try file.createDataset("seqTags", type: .variableString, shape: [1]).writeStrings(["s"])
        }
        let e2 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: oneColumn) }
        #expect(e2?.kind == .badLayout && e2?.description.contains("3 columns, expected 2") == true)

        // Data shorter than the lengths say.
        let short = dir.path("short.hdf")
        do {
            let file = try H5File.create(path: short)
            try file.createDataset("inputs", type: .float32, shape: [2, 3]).write([Float](repeating: 0, count: 6))
            try file.createDataset("seqLengths", type: .int32, shape: [1, 2]).write([Int32]([5, 0]))
            try file.createDataset("seqTags", type: .variableString, shape: [1]).writeStrings(["s"])
        }
        let e3 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: short) }
        #expect(e3?.kind == .badLayout && e3?.description.contains("'inputs' has 2 frames") == true)

        // Missing target data for a key named in targets/size.
        let noTargetData = dir.path("no-target-data.hdf")
        do {
            let file = try H5File.create(path: noTargetData)
            try file.createDataset("seqLengths", type: .int32, shape: [1, 1]).write([Int32]([1]))
            try file.createDataset("seqTags", type: .variableString, shape: [1]).writeStrings(["s"])
            try file.createGroup("targets/data")
            try file.createGroup("targets/size").setAttribute("classes", .ints([3, 1]))
        }
        let e4 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: noTargetData) }
        #expect(e4?.kind == .missingEntry && e4?.description.contains("targets/data/classes") == true)

        // Malformed targets/size attribute (wrong dims entry).
        let badSize = dir.path("bad-size.hdf")
        do {
            let file = try H5File.create(path: badSize)
            try file.createDataset("seqLengths", type: .int32, shape: [1, 1]).write([Int32]([1]))
            try file.createDataset("seqTags", type: .variableString, shape: [1]).writeStrings(["s"])
            try file.createGroup("targets/data").createDataset("classes", type: .int32, shape: [1]).write([Int32]([0]))
            try file.createGroup("targets/size").setAttribute("classes", .ints([3, 1, 2]))
        }
        let e6 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: badSize) }
        #expect(e6?.kind == .badLayout && e6?.description.contains("'targets/size' attribute 'classes'") == true)

        // A string attribute where RETURNN has numbers is refused before libhdf5 reads it.
        let stringSize = dir.path("string-size.hdf")
        do {
            let file = try H5File.create(path: stringSize)
            try file.createDataset("seqLengths", type: .int32, shape: [1, 1]).write([Int32]([1]))
            try file.createDataset("seqTags", type: .variableString, shape: [1]).writeStrings(["s"])
            try file.createGroup("targets/data").createDataset("classes", type: .int32, shape: [1]).write([Int32]([0]))
            try file.createGroup("targets/size").setAttribute("classes", .string("3 1"))
        }
        let eString = #expect(throws: (any Error).self) { try HDFDatasetFile(path: stringSize) }
        #expect("\(eString.map { "\($0)" } ?? "")".contains("expected a number or numbers, found"), "\(String(describing: eString))")

        // Sparse (1-D) inputs need inputPattSize for their dim.
        let noPattSize = dir.path("no-patt-size.hdf")
        do {
            let file = try H5File.create(path: noPattSize)
            try file.createDataset("inputs", type: .int32, shape: [2]).write([Int32]([1, 2]))
            try file.createDataset("seqLengths", type: .int32, shape: [1, 2]).write([Int32]([2, 0]))
            try file.createDataset("seqTags", type: .fixedString(width: 1), shape: [1]).writeStrings(["s"])
        }
        let e7 = #expect(throws: HDFError.self) { try HDFDatasetFile(path: noPattSize) }
        #expect(e7?.kind == .missingEntry && e7?.description.contains("inputPattSize") == true)

        // Missing and truncated files.
        let e5 = #expect(throws: H5Error.self) { try HDFDatasetFile(path: dir.path("nope.hdf")) }
        #expect(e5?.kind == .fileNotFound)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: hdfFixture("dump_writer.hdf")))
        let truncated = dir.path("truncated.hdf")
        try bytes.prefix(bytes.count - 3000).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: (any Error).self) { try HDFDatasetFile(path: truncated) }
    }
}
