import Foundation
import Testing
@testable import ReturnnCLI
import ReturnnData

/// numpy `repr` of sequences as `dump-dataset --type stdout` prints them, against numpy's own
/// output in `Tests/Fixtures/dumpdataset/numpy_repr.txt` (from `make_numpy_repr.py`).
@Suite struct DumpDatasetFormatTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dumpdataset/numpy_repr.txt")

    static func seqData(dtype: String, shape: [Int], values: [Double]) -> SeqData {
        switch dtype {
        case "int32": return SeqData(.int32(values.map { Int32($0) }), shape: shape)
        case "int16": return SeqData(.int16(values.map { Int16($0) }), shape: shape)
        case "int64": return SeqData(.int64(values.map { Int64($0) }), shape: shape)
        case "uint8": return SeqData(.uint8(values.map { UInt8($0) }), shape: shape)
        case "float32": return SeqData(.float32(values.map { Float($0) }), shape: shape)
        default: return SeqData(.float64(values), shape: shape)
        }
    }

    @Test func matchesNumpy() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst()
        var cases = 0
        while let header = lines.first, !header.isEmpty {
            lines.removeFirst()
            let f = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var expected = [String]()
            while let l = lines.first, l != "---" { expected.append(l); lines.removeFirst() }
            lines.removeFirst()
            let shape = f[2].split(separator: ",").map { Int($0)! }
            let values = f[3].split(separator: ",").map { Double($0)! }
            let d = Self.seqData(dtype: f[1], shape: shape, values: values)
            #expect(DumpDatasetFormat.numpyRepr(d) == expected.joined(separator: "\n"), "case \(f[0])")
            cases += 1
        }
        #expect(cases == 11)
    }

    @Test func pythonReprAndHms() {
        #expect(DumpDatasetFormat.pyRepr("a b") == "'a b'")
        #expect(DumpDatasetFormat.pyRepr("it's") == "\"it's\"")
        #expect(DumpDatasetFormat.hms(3725.9) == "1:02:05")
    }
}
