import Foundation
import Testing
import ReturnnTensor
@testable import ReturnnTraining

/// The tensors of `Tests/Fixtures/checkpoint/make_fixture.py`, built in Swift.
func referenceFixtureContent() -> SafetensorsFile {
    let tensors: [String: SafetensorsTensor] = [
        "output/W": SafetensorsTensor(Tensor(shape: [2, 3], [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25])),
        "output/b": SafetensorsTensor(Tensor([1.5, -2.0, 3.25])),
        "lstm0/rec/W_re": SafetensorsTensor(Tensor(shape: [2, 2], [1e-8, -3.4e38, .infinity, -0.0])),
        "Z_upper": SafetensorsTensor(Tensor([7.0])),
        "scalar": SafetensorsTensor(Tensor(scalar: 2.5)),
        "empty": SafetensorsTensor(Tensor(zeros: [0, 4])),
        "global_step": SafetensorsTensor(int64: [123_456_789_012], shape: []),
        "counts": SafetensorsTensor(int64: [-1, 2, 3, -(1 << 40)], shape: [2, 2]),
        "f64": SafetensorsTensor(float64: [0.1, -1e300], shape: [2]),
        "i32": SafetensorsTensor(int32: [-7, Int32.max, Int32.min], shape: [3]),
    ]
    return SafetensorsFile(tensors: tensors, metadata: ["note": "made by make_fixture.py \"quoted\" \\ tab\t newline\n é"])
}

@Suite struct SafetensorsFileTests {
    let fixture = checkpointFixtures + "/reference.safetensors"

    @Test func writesTheSameBytesAsThePythonPackage() throws {
        let reference = try #require(fileBytes(fixture))
        #expect(referenceFixtureContent().serialized() == reference)
    }

    @Test func readsTheReferenceFile() throws {
        let f = try SafetensorsFile.read(path: fixture)
        #expect(f == referenceFixtureContent())
        #expect(f.metadata["note"]?.hasPrefix("made by make_fixture.py") == true)
        let w = try #require(f.tensors["output/W"])
        #expect(w.dtype == .f32 && w.shape == [2, 3])
        #expect(try w.tensor().array == [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25])
        #expect(try f.tensors["global_step"]!.int64Values() == [123_456_789_012])
        #expect(try f.tensors["counts"]!.int64Values() == [-1, 2, 3, -(1 << 40)])
        #expect(try f.tensors["f64"]!.doubleValues() == [0.1, -1e300])
        #expect(try f.tensors["i32"]!.int64Values() == [-7, Int64(Int32.max), Int64(Int32.min)])
        #expect(try f.tensors["empty"]!.tensor().shape == [0, 4])
        #expect(try f.tensors["scalar"]!.tensor().scalar == 2.5)
        let re = try f.tensors["lstm0/rec/W_re"]!.tensor().array
        #expect(re[2] == .infinity && re[3] == 0 && re[3].sign == .minus)
    }

    @Test func writeIsAtomicAndDeterministic() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = dir + "/a.safetensors", b = dir + "/b.safetensors"
        try referenceFixtureContent().write(to: a)
        try SafetensorsFile.read(path: a).write(to: b)
        #expect(fileBytes(a) == fileBytes(fixture))
        #expect(fileBytes(b) == fileBytes(a))
        #expect(directoryListing(dir) == ["a.safetensors", "b.safetensors"])
        // Overwriting replaces the content.
        try SafetensorsFile(tensors: ["x": SafetensorsTensor(Tensor([1]))]).write(to: a)
        #expect(try SafetensorsFile.read(path: a).tensors.keys.sorted() == ["x"])
    }

    @Test func emptyFileAndEmptyMetadata() throws {
        let empty = SafetensorsFile()
        #expect(empty.serialized() == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        #expect(try SafetensorsFile.parse(empty.serialized(), file: "e") == empty)
    }

    /// A file with one F32 tensor "a" of 2 elements and the given raw header JSON.
    private func withHeader(_ json: String, data: [UInt8] = [UInt8](repeating: 0, count: 8)) -> [UInt8] {
        var h = Array(json.utf8)
        while h.count % 8 != 0 { h.append(32) }
        return withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) } + h + data
    }

    private func formatError(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SafetensorsFile.parse(bytes, file: "bad.safetensors")
            return nil
        } catch let e as CheckpointError {
            #expect(e.kind == .format)
            #expect(e.message.hasPrefix("bad.safetensors: "))
            return e.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func validHandWrittenHeaderParses() throws {
        let f = try SafetensorsFile.parse(withHeader(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#), file: "ok")
        #expect(f.tensors["a"]?.shape == [2])
    }

    @Test(arguments: [
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "needs 8 bytes"),
        (#"{"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, "unknown dtype"),
        (#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, "bad dimension"),
        (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, "bad dimension"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, "data_offsets"),
        (#"{"a":{"dtype":"F32","shape":[2]}}"#, "data_offsets"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}"#, "unknown fields"),
        (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, "gap before tensor 'a'"),
        (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, "4 bytes after the last tensor"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, "overlaps"),
        (#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, "runs past the end"),
        (#"{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "not a string"),
        (#"["a"]"#, "does not start with '{'"),
        (#"{"a":"#, "not valid JSON"),
    ])
    func invalidHeadersAreRejectedWithAReason(json: String, reason: String) {
        let message = formatError(withHeader(json))
        #expect(message?.contains(reason) == true, "\(message ?? "no error")")
    }

    @Test func truncatedFilesAreRejected() throws {
        let good = referenceFixtureContent().serialized()
        #expect(formatError(Array(good.prefix(5)))?.contains("shorter than the 8-byte header length") == true)
        #expect(formatError(Array(good.prefix(40)))?.contains("truncated file") == true)
        #expect(formatError(Array(good.dropLast(3)))?.contains("runs past the end") == true)
        var huge = good
        huge.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(200_000_000).littleEndian) { Array($0) })
        #expect(formatError(huge)?.contains("exceeds the limit") == true)
    }

    @Test func readErrorsNameTheFile() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: CheckpointError(.missing, "\(dir)/none.safetensors: no such file")) {
            try SafetensorsFile.read(path: dir + "/none.safetensors")
        }
        #expect(throws: CheckpointError.self) { try SafetensorsFile.read(path: dir) }
    }
}
