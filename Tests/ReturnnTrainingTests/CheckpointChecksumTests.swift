import Foundation
import Testing
import ReturnnTensor
@testable import ReturnnTraining

/// Safetensors checkpoints carry a CRC32C per tensor in `__metadata__`; every bit flip in tensor
/// data is found when the file is loaded, and a damaged newest model at resume says what to do.
@Suite struct CheckpointChecksumTests {
    static func sample() -> Checkpoint {
        var g = RandomGenerator(seed: 1, stream: [1])
        let w = Tensor(shape: [8, 6], (0..<48).map { _ in g.nextFloat() })
        return Checkpoint(params: ["lstm/W": w, "output/b": Tensor((0..<5).map { Float($0) })],
                          optimizerState: ["lstm/W/adam_m": w], metadata: CheckpointMetadata(epoch: 2, globalStep: 10, effectiveLearningRate: 0.01))
    }

    /// 150 single-bit flips spread over the tensor data of the params file: all are reported as
    /// damaged, naming the file and the tensor (the probe accepted 43 of 150).
    @Test func everyBitFlipInTensorDataIsFound() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/model.002"
        try Self.sample().save(to: name)
        let path = Checkpoint.paramsPath(name)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = Int(original.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        let dataStart = 8 + headerLength
        var detected = 0, tried = 0
        var g = RandomGenerator(seed: 9, stream: [2])
        for _ in 0..<150 {
            var bytes = [UInt8](original)
            let pos = dataStart + Int(g.nextFloat() * Float(bytes.count - dataStart - 1))
            bytes[pos] ^= UInt8(1 << Int(g.nextFloat() * 7.99))
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            tried += 1
            do { _ = try Checkpoint.load(from: name) } catch let e as CheckpointError {
                if e.kind == .damaged && e.message.contains(path) && e.message.contains("is damaged") { detected += 1 }
            }
        }
        #expect(tried == 150 && detected == 150)
        try original.write(to: URL(fileURLWithPath: path))
        #expect(try Checkpoint.load(from: name).checkpoint == Self.sample())
    }

    /// Files without checksums (written by other safetensors writers) still load.
    @Test func filesWithoutChecksumsLoad() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/plain.safetensors"
        try SafetensorsFile(tensors: ["x": SafetensorsTensor(Tensor([1, 2, 3]))]).write(to: path)
        let f = try SafetensorsFile.read(path: path)
        try f.verifyChecksums(file: path)
        #expect(f.metadata.isEmpty)
    }
}
