import Foundation
import ReturnnTFFormats
import ReturnnTraining

/// The TensorFlow checkpoint reader (`.index` SSTable with protobuf entries, and the data
/// file): a mutated checkpoint parses and converts to tensors as the engine loads it, or fails
/// with a thrown error. An input holds both files: the index length (8 bytes, little endian),
/// the index, then the data file. Mutations change entries behind valid checksums, the index's
/// bytes, or the data.
struct TFCheckpointFuzzTarget: FuzzTarget {
    let name = "tfcheckpoint"
    let fileExtension = "tfckpt"
    /// Seeds: index and data of each given checkpoint, packed as an input.
    let seeds: [[UInt8]]

    /// Seed checkpoints: `files` are `.index` files (the data file beside each) or packed inputs.
    init(files: [String]) throws {
        var seeds: [[UInt8]] = []
        for f in files {
            if f.hasSuffix(TensorBundle.indexSuffix) {
                let prefix = String(f.dropLast(TensorBundle.indexSuffix.count))
                seeds.append(Self.pack(index: try FuzzFiles.bytes(f), data: try FuzzFiles.bytes(TensorBundle.dataPath(prefix))))
            } else {
                seeds.append(try FuzzFiles.bytes(f))
            }
        }
        guard !seeds.isEmpty else { throw FuzzError("tfcheckpoint needs seed checkpoints (--corpus DIR with *.index files)") }
        self.seeds = seeds
    }

    static func pack(index: [UInt8], data: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt64(index.count).littleEndian) { Array($0) } + index + data
    }

    /// The index and data of a packed input (nil if it is too short to hold its index).
    static func unpack(_ bytes: [UInt8]) -> (index: [UInt8], data: [UInt8])? {
        guard bytes.count >= 8 else { return nil }
        let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << UInt64(8 * $1.offset)) }
        guard n <= UInt64(bytes.count - 8) else { return nil }
        return (Array(bytes[8..<(8 + Int(n))]), Array(bytes[(8 + Int(n))...]))
    }

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        let seed = rng.pick(seeds), other = rng.pick(seeds)
        guard var (index, data) = Self.unpack(seed), let (otherIndex, otherData) = Self.unpack(other) else {
            try FuzzFiles.write(seed, to: path)
            return
        }
        switch rng.below(4) {
        case 0, 1: index = editEntries(index, rng: &rng) ?? ByteMutator.mutate(index, other: otherIndex, rng: &rng)
        case 2: index = ByteMutator.mutate(index, other: otherIndex, rng: &rng)
        default: data = ByteMutator.mutate(data, other: otherData, rng: &rng)
        }
        try FuzzFiles.write(Self.pack(index: index, data: data), to: path)
    }

    /// The index rebuilt with valid block checksums after changing the protobuf bytes of some
    /// entries (the header or tensor entries: dtype, shape, shard, offset, size, checksum) or
    /// dropping one, so that the mutations reach the entry checks behind the checksums.
    func editEntries(_ index: [UInt8], rng: inout FuzzRandom) -> [UInt8]? {
        guard var entries = try? SSTableReader.entries(index, file: "seed"), !entries.isEmpty else { return nil }
        for _ in 0..<(1 + rng.below(3)) {
            let i = rng.below(entries.count)
            if rng.chance(0.1) && entries.count > 1 {
                entries.remove(at: i)
            } else {
                entries[i].value = ByteMutator.mutate(entries[i].value, other: entries[rng.below(entries.count)].value, rng: &rng, maxEdits: 2)
            }
        }
        var writer = SSTableWriter()
        for e in entries { writer.add(key: e.key, value: e.value) }
        return writer.finish()
    }

    func run(path: String) -> FuzzOutcome {
        do {
            guard let (index, data) = Self.unpack(try FuzzFiles.bytes(path)) else { return .rejected }
            let bundle = try TensorBundle.parse(index: index, indexFile: path + ".index", prefix: path) { shard, count in
                guard shard == 0, count == 1 else { throw FuzzError("data file \(shard) of \(count) is not in the input") }
                return data
            }
            _ = try CheckpointTFBundle.contents(bundle, file: path + ".index")
            return .accepted
        } catch {
            return .rejected
        }
    }
}
