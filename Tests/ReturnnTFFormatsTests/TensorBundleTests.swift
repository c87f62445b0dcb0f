import Foundation
import Testing
@testable import ReturnnTFFormats

@Suite struct TensorBundleTests {
    /// The tensors of `Tests/Fixtures/tfcheckpoint/bundle.*` (written by TensorFlow's SaveV2).
    static let reference = TensorBundle(tensors: [
        "a/W": BundleTensor(float: [-1.5, -0.5, 0.5, 1.5, 2.5, 3.5], shape: [2, 3]),
        "a/b": BundleTensor(float: [1e-8, -3.4e38], shape: [2]),
        "count": BundleTensor(int64: [123_456_789_012], shape: []),
        "f64": BundleTensor(double: [0.1, -1e300], shape: [2]),
        "i32": BundleTensor(int32: [-7, Int32.max], shape: [2]),
        "s": BundleTensor(strings: [Array("swift-returnn 0.1.0".utf8)]),
        "sv": BundleTensor(strings: [Array("x".utf8), [], Array("hello".utf8)], shape: [3]),
    ])

    static func readFixture() throws -> TensorBundle {
        let index = try Fixtures.bytes("bundle.index"), data = try Fixtures.bytes("bundle.data-00000-of-00001")
        return try TensorBundle.parse(index: index, indexFile: "bundle.index", prefix: "bundle") { _, _ in data }
    }

    @Test func readsTensorFlowsBundle() throws {
        let b = try Self.readFixture()
        #expect(b == Self.reference)
        #expect(b.tensors["count"]?.int64Values == [123_456_789_012])
        #expect(b.tensors["i32"]?.int64Values == [-7, 2_147_483_647])
        #expect(b.tensors["f64"]?.doubleValues == [0.1, -1e300])
        #expect(b.tensors["a/W"]?.floatValues == [-1.5, -0.5, 0.5, 1.5, 2.5, 3.5])
        #expect(b.tensors["sv"]?.stringValues == [Array("x".utf8), [], Array("hello".utf8)])
    }

    @Test func writesTheBytesTensorFlowWrites() throws {
        let (index, data) = try Self.reference.serialized()
        #expect(index == (try Fixtures.bytes("bundle.index")))
        #expect(data.flatMap { $0 } == (try Fixtures.bytes("bundle.data-00000-of-00001")))
    }

    @Test func roundTripOfManyTensorsThroughFiles() throws {
        var tensors: [String: BundleTensor] = [:]
        for i in 0..<12000 {
            let name = "layer\(i % 37)/rec/W_\(i)"
            switch i % 4 {
            case 0: tensors[name] = BundleTensor(float: (0..<(i % 5)).map { Float($0) * 0.25 - Float(i) }, shape: [i % 5])
            case 1: tensors[name] = BundleTensor(double: [Double(i) / 3], shape: [1, 1])
            case 2: tensors[name] = BundleTensor(int32: [Int32(-i)], shape: [])
            default: tensors[name] = BundleTensor(int64: [Int64(i) << 40, -1], shape: [2])
            }
        }
        let bundle = TensorBundle(tensors: tensors)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("model.007").path
        let (index, data) = try bundle.serialized()
        #expect(index.count > 262_144)  // several data blocks in the index
        try Data(index).write(to: URL(fileURLWithPath: TensorBundle.indexPath(prefix)))
        try Data(data.flatMap { $0 }).write(to: URL(fileURLWithPath: TensorBundle.dataPath(prefix)))
        #expect(try TensorBundle.read(prefix: prefix) == bundle)
        #expect(TensorBundle.dataPath(prefix).hasSuffix("model.007.data-00000-of-00001"))
    }

    @Test func damagedDataIsLocated() throws {
        let index = try Fixtures.bytes("bundle.index")
        var data = try Fixtures.bytes("bundle.data-00000-of-00001")
        data[30] ^= 0x10  // inside 'a/b' (bytes [24, 32))
        #expect(throws: TFFormatError(.checksum, "m.data-00000-of-00001: tensor 'a/b' (bytes [24, 32)): CRC32C mismatch (the file is damaged)")) {
            try TensorBundle.parse(index: index, indexFile: "m.index", prefix: "m") { _, _ in data }
        }
        var strings = try Fixtures.bytes("bundle.data-00000-of-00001")
        strings[strings.count - 1] ^= 1  // the last byte of "hello"
        #expect(throws: TFFormatError(.checksum, "m.data-00000-of-00001: tensor 'sv' (bytes [88, 101)): CRC32C mismatch (the file is damaged)")) {
            try TensorBundle.parse(index: index, indexFile: "m.index", prefix: "m") { _, _ in strings }
        }
        #expect(throws: TFFormatError(.format, "m.data-00000-of-00001: tensor 'sv' at bytes [88, 101) runs past the end of the file (100 bytes; truncated file?)")) {
            try TensorBundle.parse(index: index, indexFile: "m.index", prefix: "m") { _, _ in Array(strings.dropLast()) }
        }
    }

    @Test func damagedIndexIsLocated() throws {
        var index = try Fixtures.bytes("bundle.index")
        let data = try Fixtures.bytes("bundle.data-00000-of-00001")
        index[20] ^= 4
        #expect(throws: TFFormatError(.checksum, "m.index: data block 0 at byte 0: CRC mismatch (the file is damaged)")) {
            try TensorBundle.parse(index: index, indexFile: "m.index", prefix: "m") { _, _ in data }
        }
    }

    @Test func missingFilesAreNamed() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("m").path
        #expect(throws: TFFormatError(.missing, "\(prefix).index: no such file")) { try TensorBundle.read(prefix: prefix) }
        try Data(try Fixtures.bytes("bundle.index")).write(to: URL(fileURLWithPath: prefix + ".index"))
        #expect(throws: TFFormatError(.missing, "\(prefix).data-00000-of-00001: no such file")) { try TensorBundle.read(prefix: prefix) }
    }

    @Test func unsupportedEntriesAreRefused() throws {
        var entry = TFBundleEntryProto()
        entry.dtype = .dtHalf
        var table = SSTableWriter()
        var header = TFBundleHeaderProto()
        header.numShards = 1
        table.add(key: [], value: try header.serializedBytes())
        table.add(key: Array("h".utf8), value: try entry.serializedBytes())
        let index = table.finish()
        #expect(throws: TFFormatError(.unsupported, "m.index: tensor 'h' has element type DT_HALF; supported: DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_STRING")) {
            try TensorBundle.parse(index: index, indexFile: "m.index", prefix: "m") { _, _ in [] }
        }
        entry.dtype = .dtFloat
        entry.slices = [TFTensorSliceProto()]
        var t2 = SSTableWriter()
        t2.add(key: [], value: try header.serializedBytes())
        t2.add(key: Array("p".utf8), value: try entry.serializedBytes())
        #expect(throws: TFFormatError(.unsupported, "m.index: tensor 'p' is a partitioned variable (saved in 1 slices), which is not supported")) {
            try TensorBundle.parse(index: t2.finish(), indexFile: "m.index", prefix: "m") { _, _ in [] }
        }
    }
}
