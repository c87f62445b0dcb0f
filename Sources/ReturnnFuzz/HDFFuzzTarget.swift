import Foundation
import ReturnnData

/// The HDF reader (`HDFDataset`): a mutated file reads completely, or fails with a thrown error.
/// Mutations change the RETURNN layout through libhdf5 (attributes, lengths, tags, missing or
/// retyped datasets, `targets/size`) and the file's bytes (flips, truncation, splices).
struct HDFFuzzTarget: FuzzTarget {
    let name = "hdf"
    let fileExtension = "hdf"
    /// Seed files.
    let seeds: [[UInt8]]
    /// At most this many sequences of an input are read (the fixtures are small).
    static let maxSeqs = 200

    init(files: [String]) throws {
        guard !files.isEmpty else { throw FuzzError("hdf needs seed files (--corpus DIR or FILE)") }
        seeds = try files.map { try FuzzFiles.bytes($0) }
    }

    static let int32Values: [Int32] = [0, 1, -1, 2, 3, 100, 1 << 20, Int32.max, Int32.min, Int32.max - 1]
    static let int64Values: [Int64] = [0, 1, -1, 2, 7, 1 << 31, 1 << 40, Int64.max, Int64.min, -(1 << 33)]

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        try FuzzFiles.write(rng.pick(seeds), to: path)
        let structural = rng.chance(0.6)
        if structural {
            for _ in 0..<(1 + rng.below(2)) { editLayout(path, rng: &rng) }
        }
        if !structural || rng.chance(0.2) {
            var bytes = try FuzzFiles.bytes(path)
            bytes = ByteMutator.mutate(bytes, other: rng.pick(seeds), rng: &rng, maxEdits: 3)
            try FuzzFiles.write(bytes, to: path)
        }
    }

    /// One change of the RETURNN layout through libhdf5; a change the file does not allow (no
    /// such dataset, not resizable) is skipped.
    func editLayout(_ path: String, rng: inout FuzzRandom) {
        guard let file = try? H5File(path: path, mode: .readWrite) else { return }
        defer { file.close() }
        let targetKeys = (try? file.group("targets/data").memberNames()) ?? []
        switch rng.below(8) {
        case 0:  // a root attribute: other value or other type
            let attr = rng.pick(["numSeqs", "numTimesteps", "inputPattSize", "numDims", "numLabels"])
            let value: H5AttributeValue = rng.pick([
                .int(rng.pick(Self.int64Values)), .int(rng.pick(Self.int64Values)), .string("x"), .double(1.5), .ints([]), .ints([1, 2]),
            ])
            try? file.setAttribute(attr, value)
        case 1:  // one entry of seqLengths
            guard let d = try? file.dataset("seqLengths"), let shape = Optional(d.shape), let rows = shape.first, rows > 0 else { return }
            defer { d.close() }
            let row = rng.below(rows)
            guard var values = try? d.readRows(row..<(row + 1), as: Int32.self), !values.isEmpty else { return }
            values[rng.below(values.count)] = rng.pick(Self.int32Values)
            try? values.withUnsafeBufferPointer { try d.writeRows(at: row, $0) }
        case 2:  // a dataset or group goes missing
            let entry = rng.pick(["seqLengths", "seqTags", "inputs", "labels", "targets", "targets/size", "targets/labels", "targets/data"]
                                 + targetKeys.map { "targets/data/\($0)" } + targetKeys.map { "targets/labels/\($0)" })
            try? file.delete(entry)
        case 3:  // a dataset replaced by one of another type or shape (zeros)
            let entry = rng.pick(["inputs", "seqLengths", "seqTags", "labels"] + targetKeys.map { "targets/data/\($0)" })
            let rows = (try? file.dataset(entry))?.shape.first ?? 3
            let type: H5ElementType = rng.pick([.float32, .float64, .int8, .int32, .int64, .fixedString(width: 3), .variableString])
            let shape = rng.pick([[0], [1], [5], [3, 2], [rows], [rows, 1], [rows, 3], [2, 2, 2], [rows + 1, 2], [max(0, rows - 1), 2]])
            try? file.delete(entry)
            (try? file.createDataset(entry, type: type, shape: shape))?.close()
        case 4:  // targets/size of a key
            guard let key = targetKeys.isEmpty ? nil : rng.pick(targetKeys), let g = try? file.group("targets/size") else { return }
            defer { g.close() }
            let value: H5AttributeValue = rng.pick([
                .ints([rng.pick(Self.int64Values), 2]), .ints([3, rng.pick(Self.int64Values)]), .ints([0, 0]), .ints([5]), .ints([1, 2, 3]),
                .string("3"), .int(4),
            ])
            try? g.setAttribute(key, value)
        case 5:  // a tag emptied or duplicated
            guard let d = try? file.dataset("seqTags"), let rows = d.shape.first, rows > 0 else { return }
            defer { d.close() }
            let tags = (try? d.readStrings()) ?? []
            let tag = rng.chance(0.5) || tags.isEmpty ? "" : rng.pick(tags)
            try? d.writeStrings([tag], at: rng.below(rows))
        case 6:  // a resizable dataset shrinks or grows
            let entry = rng.pick(["inputs", "seqLengths", "seqTags"] + targetKeys.map { "targets/data/\($0)" })
            guard let d = try? file.dataset(entry), var shape = Optional(d.shape), !shape.isEmpty else { return }
            defer { d.close() }
            shape[0] = rng.pick([0, 1, max(0, shape[0] - 1), shape[0] + 1, shape[0] * 2])
            try? d.resize(shape)
        default:  // labels of a key
            let entry = rng.chance(0.5) || targetKeys.isEmpty ? "labels" : "targets/labels/\(rng.pick(targetKeys))"
            try? file.delete(entry)
            if let d = try? file.createDataset(entry, type: .fixedString(width: 4), shape: [rng.pick([0, 1, 2, 1000])]) {
                try? d.writeStrings(["a", "b"].prefix(d.shape[0]).map { $0 })
                d.close()
            }
        }
    }

    func run(path: String) -> FuzzOutcome {
        do {
            let ds = try HDFDataset(files: [path], options: try DatasetOptions(name: "fuzz"))
            _ = try ds.initSeqOrder(epoch: 1)
            for key in ds.dataKeys { _ = try ds.dataSpec(key) }
            let n = min(ds.numSeqs ?? 0, Self.maxSeqs)
            if n > 0 { try ds.loadSeqs(0, n) }
            for i in 0..<n {
                _ = try ds.tag(i)
                _ = try ds.seqLength(i)
                for key in ds.dataKeys { _ = try ds.data(i, key: key) }
            }
            return .accepted
        } catch {
            return .rejected
        }
    }
}
