import Foundation
import ReturnnTraining

/// The safetensors reader (checkpoints): a mutated file parses, or fails with a thrown error;
/// the tensors of a file that parses convert as the engine converts them. Mutations work on the
/// JSON header (numbers, dtypes, shapes, offsets), the length prefix and the bytes.
struct SafetensorsFuzzTarget: FuzzTarget {
    let name = "safetensors"
    let fileExtension = "safetensors"
    /// Seed files: built-in ones and the given files.
    let seeds: [[UInt8]]

    /// Texts that mutations put in place of numbers and strings of the header.
    static let headerValues: [String] = [
        "0", "1", "-1", "3", "4", "7", "8", "255", "65536", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "18446744073709551615", "99999999999999999999999", "1e3", "1.5", "-0", "1e999",
        "null", "true", "[]", "{}", "\"\"", "[1,2]", "[-1]", "[9223372036854775807,2]", "[4294967296,4294967296]",
        "\"F16\"", "\"BF16\"", "\"BOOL\"", "\"U64\"", "\"F64\"", "\"I64\"", "\"XX\"", "\"__metadata__\"",
    ]

    init(files: [String]) throws {
        var seeds = try files.map { try FuzzFiles.bytes($0) }
        // Built in: several element types, a scalar, an empty tensor and metadata.
        let built = SafetensorsFile(tensors: [
            "output/W": SafetensorsTensor(float64: [0.5, -1, 2, 3, 4, 5], shape: [2, 3]).asF32(),
            "output/b": SafetensorsTensor(float64: [1, 2, 3], shape: [3]),
            "global_step": SafetensorsTensor(int64: [42], shape: []),
            "counts": SafetensorsTensor(int32: [1, 2, 3, 4], shape: [2, 2]),
            "empty": SafetensorsTensor(int64: [], shape: [0, 5]),
        ], metadata: ["format": "pt", "epoch": "3"])
        seeds.append(built.serialized())
        self.seeds = seeds
    }

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        var bytes = rng.pick(seeds)
        let other = rng.pick(seeds)
        for _ in 0..<(1 + rng.below(3)) {
            switch rng.below(3) {
            case 0: editHeader(&bytes, rng: &rng)
            case 1: editLength(&bytes, rng: &rng)
            default: ByteMutator.edit(&bytes, other: other, rng: &rng)
            }
        }
        try FuzzFiles.write(bytes, to: path)
    }

    /// Replaces a number, a string or a bracketed list of the JSON header by another value.
    func editHeader(_ bytes: inout [UInt8], rng: inout FuzzRandom) {
        guard bytes.count >= 8 else { return }
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        guard n > 2, n <= bytes.count - 8 else { return }
        let header = Array(bytes[8..<(8 + n)])
        // Candidate spans: digit runs, quoted strings, [...] lists.
        var spans: [Range<Int>] = []
        var i = 0
        while i < header.count {
            let c = header[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "[") {
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : c
                if let j = header[(i + 1)...].firstIndex(of: close) { spans.append(i..<(j + 1)); i = j + 1; continue }
            } else if (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") {
                var j = i + 1
                while j < header.count, header[j] >= UInt8(ascii: "0"), header[j] <= UInt8(ascii: "9") { j += 1 }
                spans.append(i..<j)
                i = j
                continue
            }
            i += 1
        }
        guard !spans.isEmpty else { return }
        var newHeader = header
        newHeader.replaceSubrange(rng.pick(spans), with: Array(rng.pick(Self.headerValues).utf8))
        // Keep the length prefix right most of the time, so the header itself is what is tested.
        let length = rng.chance(0.8) ? newHeader.count : n
        bytes = withUnsafeBytes(of: UInt64(length).littleEndian) { Array($0) } + newHeader + bytes[(8 + n)...]
    }

    /// Sets the 8-byte header length to a nearby or extreme value.
    func editLength(_ bytes: inout [UInt8], rng: inout FuzzRandom) {
        guard bytes.count >= 8 else { return }
        let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << UInt64(8 * $1.offset)) }
        let v: UInt64 = rng.chance(0.5) ? n &+ UInt64(bitPattern: Int64(rng.below(17) - 8)) : rng.pick(ByteMutator.interestingIntegers)
        for k in 0..<8 { bytes[k] = UInt8(truncatingIfNeeded: v >> UInt64(8 * k)) }
    }

    func run(path: String) -> FuzzOutcome {
        do {
            let file = try SafetensorsFile.read(path: path)
            for (name, t) in file.tensors.sorted(by: { $0.key < $1.key }) {
                // As the engine converts: parameters to float tensors, step counters to integers.
                _ = try? t.tensor(name: name)
                _ = try? t.int64Values(name: name)
                _ = try? t.doubleValues(name: name)
            }
            return .accepted
        } catch {
            return .rejected
        }
    }
}

private extension SafetensorsTensor {
    /// The same values as F32.
    func asF32() -> SafetensorsTensor {
        let values = (try? doubleValues()) ?? []
        var bytes: [UInt8] = []
        for v in values { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return SafetensorsTensor(dtype: .f32, shape: shape, bytes: bytes)
    }
}
