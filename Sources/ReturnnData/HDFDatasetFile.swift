import Foundation
import ReturnnTensor

/// One HDF file in RETURNN's HDFDataset layout, opened lazily (upstream `HDFDataset.add_file`).
///
/// Opening reads only the root attributes, `seqLengths`, the key metadata and the labels, and
/// checks the shape of `seqTags`; the tags are read on first use, sequence data on demand (one
/// sequence, or a run of consecutive ones, per read, through a row-block cache). Per-key sequence
/// starts are the cumulative sums of `seqLengths`.
///
/// Layout (spec §4.2): `inputs` becomes key "data" (dense `(T, dim...)`, or sparse `(T,)` with
/// the dim from `attrs["inputPattSize"]`); `targets/data/<key>` with `targets/size` attrs
/// (scalar dim, or `[dim, ndim]`); target keys are `sorted(targets/data ∪ targets/size attrs)`;
/// `seqLengths` columns are [inputs] + target keys; without a `targets` group the target keys are
/// the dummy ["classes"] (so `seqLengths` still has 2 columns) but `targetKeys` is empty.
///
/// Thread safety: immutable after `init`; reads from several threads are safe (see `H5Library`).
/// Several files are concatenated by the caller (compare `dim`/`ndim` per key across files).
public final class HDFDatasetFile: @unchecked Sendable {
    /// Path of the file.
    public let path: String
    /// Number of sequences in the file.
    public let numSeqs: Int
    /// Whether the file has `inputs` (key "data").
    public let hasInputs: Bool
    /// RETURNN `get_target_list()`: the sorted target keys, empty without a `targets` group.
    public let targetKeys: [String]
    /// RETURNN `get_data_keys()`: ["data"] if `inputs` exists, then `targetKeys`.
    public let dataKeys: [String]
    /// Metadata per data key.
    public let keys: [String: HDFKeyInfo]
    /// Label names per key (`targets/labels/<key>`; `labels` for "data" when `inputs` exists).
    public let labels: [String: [String]]
    /// RETURNN `num_inputs`: the input dim (0 without `inputs`).
    public let numInputs: Int

    private let file: H5File
    private let datasets: [String: H5Dataset]
    private let blockCaches: [String: HDFRowBlockCache]
    private let columnCount: Int
    /// Cumulative starts, column-major: `starts[column * (numSeqs + 1) + seq]`.
    private let starts: [Int]
    private let tags: HDFSeqTags

    /// Opens `path` and reads its metadata.
    ///
    /// Throws `H5Error` when the file is missing or not a readable HDF5 file, and `HDFError` when
    /// the layout is wrong (missing `seqLengths`/`seqTags`/data, a column count or dims that do not
    /// fit, data shorter than the summed lengths).
    ///
    /// - Parameter chunkCacheBytes: HDF5 chunk cache per data key (see `H5Container.dataset`);
    ///   nil keeps the library default. Short reads go through a row-block cache either way
    ///   (`HDFRowBlockCache`: chunk-aligned blocks for chunked data, read-ahead on sequential reads
    ///   of contiguous data).
    public init(path: String, chunkCacheBytes: Int? = nil) throws {
        self.path = path
        let file = try H5File(path: path, mode: .readOnly)
        self.file = file
        func layout(_ message: String) -> HDFError { HDFError(.badLayout, file: path, message) }
        func missing(_ entry: String, _ hint: String) -> HDFError {
            HDFError(.missingEntry, file: path, "missing '\(entry)'; \(hint)")
        }

        hasInputs = file.contains("inputs")
        let hasTargets = file.contains("targets")
        var storedTargetKeys: [String] = []
        var sizeAttrs: [String: H5AttributeValue] = [:]
        if hasTargets {
            guard file.contains("targets/data") else {
                throw missing("targets/data", "a 'targets' group needs 'targets/data' (RETURNN HDF layout)")
            }
            let dataNames = try file.group("targets/data").memberNames()
            if file.contains("targets/size") {
                let sizeGroup = try file.group("targets/size")
                for name in try sizeGroup.attributeNames() { sizeAttrs[name] = try sizeGroup.numericAttribute(name) }
            }
            storedTargetKeys = Set(dataNames).union(sizeAttrs.keys).sorted()
        }
        targetKeys = storedTargetKeys
        // Upstream counts a dummy "classes" column when there is no targets group.
        let columnKeys = hasTargets ? storedTargetKeys : ["classes"]
        let inputColumns = hasInputs ? 1 : 0
        columnCount = inputColumns + columnKeys.count
        if hasInputs && storedTargetKeys.contains("data") {
            throw layout("target key 'data' clashes with 'inputs' (key \"data\"); rename the target")
        }

        // seqLengths -> cumulative starts.
        guard file.contains("seqLengths") else { throw missing("seqLengths", "not a RETURNN HDF file?") }
        let lengthsDataset = try file.dataset("seqLengths")
        guard lengthsDataset.elementType.isInteger else {
            throw layout("'seqLengths' has dtype \(lengthsDataset.elementType), expected an integer type")
        }
        let lengthsShape = lengthsDataset.shape
        guard lengthsShape.count == 1 || lengthsShape.count == 2 else {
            throw layout("'seqLengths' has shape \(lengthsShape), expected (numSeqs, columns)")
        }
        let n = lengthsShape[0]
        let storedColumns = lengthsShape.count == 2 ? lengthsShape[1] : 1
        if lengthsShape.count == 2 && storedColumns != columnCount {
            throw layout("'seqLengths' has \(storedColumns) columns, expected \(columnCount) "
                + "(\(hasInputs ? "inputs + " : "")target keys \(columnKeys))")
        }
        let raw = try lengthsDataset.read(as: Int64.self)
        lengthsDataset.close()
        var starts = [Int](repeating: 0, count: columnCount * (n + 1))
        for column in 0..<columnCount {
            let base = column * (n + 1)
            let source = lengthsShape.count == 2 ? column : 0
            var sum = 0
            for seq in 0..<n {
                let length = Int(raw[seq * storedColumns + source])
                guard length >= 0 else { throw layout("'seqLengths'[\(seq), \(source)] is negative (\(length))") }
                starts[base + seq] = sum
                let (next, overflow) = sum.addingReportingOverflow(length)
                guard !overflow else { throw layout("'seqLengths' column \(source) sums beyond any file at sequence \(seq) (\(length))") }
                sum = next
            }
            starts[base + n] = sum
        }
        numSeqs = n
        self.starts = starts

        // Keys.
        var keys: [String: HDFKeyInfo] = [:]
        var datasets: [String: H5Dataset] = [:]
        var numInputs = 0
        func checkedDataset(_ entry: String, key: String, column: Int) throws -> H5Dataset {
            guard file.contains(entry) else { throw missing(entry, "needed for data key '\(key)'") }
            let dataset = try file.dataset(entry, chunkCacheBytes: chunkCacheBytes)
            guard dataset.elementType.isNumeric else {
                throw layout("'\(entry)' has unsupported dtype \(dataset.elementType)")
            }
            guard dataset.rank >= 1 else { throw layout("'\(entry)' is scalar, expected (frames, ...)") }
            let needed = starts[column * (n + 1) + n]
            guard dataset.shape[0] >= needed else {
                throw layout("'\(entry)' has \(dataset.shape[0]) frames but 'seqLengths' column \(column) sums to "
                    + "\(needed) (truncated data?)")
            }
            return dataset
        }
        if hasInputs {
            let dataset = try checkedDataset("inputs", key: "data", column: 0)
            let shape = dataset.shape
            let dim: Int
            if shape.count == 1 {
                guard file.hasAttribute("inputPattSize"), let value = try file.numericAttribute("inputPattSize").intValue else {
                    throw missing("inputPattSize", "1-D (sparse) 'inputs' needs the root attribute 'inputPattSize' (the dim)")
                }
                dim = Int(value)
            } else {
                dim = shape[1]
            }
            numInputs = dim
            keys["data"] = HDFKeyInfo(name: "data", datasetPath: "inputs", column: 0, dtype: dataset.elementType,
                                      dim: dim, ndim: shape.count, frameShape: Array(shape.dropFirst()))
            datasets["data"] = dataset
        }
        for (index, key) in storedTargetKeys.enumerated() {
            let column = inputColumns + index
            let entry = "targets/data/\(key)"
            let dataset = try checkedDataset(entry, key: key, column: column)
            let shape = dataset.shape
            var dim = shape.count == 1 ? 1 : shape[shape.count - 1]
            var ndim = shape.count
            switch sizeAttrs[key] {
            case .int(let v)?: dim = Int(v)
            case .ints(let v)? where v.count == 2: dim = Int(v[0]); ndim = Int(v[1])
            case .double(let v)?: dim = Int(v)
            case .doubles(let v)? where v.count == 2: dim = Int(v[0]); ndim = Int(v[1])
            case nil: break
            case let other?:
                throw layout("'targets/size' attribute '\(key)' is \(other), expected a dim or [dim, ndim]")
            }
            keys[key] = HDFKeyInfo(name: key, datasetPath: entry, column: column, dtype: dataset.elementType,
                                   dim: dim, ndim: ndim, frameShape: Array(shape.dropFirst()))
            datasets[key] = dataset
        }
        self.keys = keys
        self.datasets = datasets
        blockCaches = datasets.mapValues { HDFRowBlockCache(dataset: $0) }
        self.numInputs = numInputs
        dataKeys = (hasInputs ? ["data"] : []) + storedTargetKeys

        // Labels.
        var labels: [String: [String]] = [:]
        if hasTargets && file.contains("targets/labels") {
            let group = try file.group("targets/labels")
            for name in try group.memberNames() {
                let dataset = try group.dataset(name)
                labels[name] = try dataset.readStrings()
                dataset.close()
            }
        }
        if hasInputs && labels["data"] == nil && file.contains("labels") {
            let dataset = try file.dataset("labels")
            labels["data"] = try dataset.readStrings()
            dataset.close()
        }
        self.labels = labels

        // Tags, stored compactly (one byte buffer + offsets) so millions of them stay cheap.
        guard file.contains("seqTags") else { throw missing("seqTags", "not a RETURNN HDF file?") }
        let tagsDataset = try file.dataset("seqTags")
        guard tagsDataset.rank == 1, tagsDataset.shape[0] == n else {
            throw layout("'seqTags' has shape \(tagsDataset.shape), expected (\(n),) like 'seqLengths'")
        }
        switch tagsDataset.elementType {
        case .fixedString, .variableString: break
        default: throw layout("'seqTags' has dtype \(tagsDataset.elementType), expected strings")
        }
        tags = HDFSeqTags(dataset: tagsDataset, count: n)
    }

    // MARK: metadata

    /// The metadata of `key`; throws `.unknownKey` naming the available keys.
    public func info(_ key: String) throws -> HDFKeyInfo {
        guard let info = keys[key] else {
            throw HDFError(.unknownKey, file: path, "no data key '\(key)'; the file has \(dataKeys)")
        }
        return info
    }

    /// Length of sequence `seq` for `key` (frames).
    public func seqLength(_ seq: Int, key: String) throws -> Int {
        let column = try info(key).column
        return seqLength(seq, column: column)
    }

    /// Length of sequence `seq` in `seqLengths` column `column` (no key lookup; for hot loops).
    public func seqLength(_ seq: Int, column: Int) -> Int {
        precondition(seq >= 0 && seq < numSeqs && column >= 0 && column < columnCount, "seq/column out of range")
        let base = column * (numSeqs + 1)
        return starts[base + seq + 1] - starts[base + seq]
    }

    /// First frame of sequence `seq` in `seqLengths` column `column` (cumulative sum).
    public func seqStart(_ seq: Int, column: Int) -> Int {
        precondition(seq >= 0 && seq <= numSeqs && column >= 0 && column < columnCount, "seq/column out of range")
        return starts[column * (numSeqs + 1) + seq]
    }

    /// Total frames of `key` over all sequences.
    public func totalLength(key: String) throws -> Int {
        seqStart(numSeqs, column: try info(key).column)
    }

    /// Tag of sequence `seq`.
    ///
    /// The tags are read from the file on the first call (all at once; see `HDFSeqTags`), so
    /// this throws if that read fails.
    public func tag(_ seq: Int) throws -> String {
        precondition(seq >= 0 && seq < numSeqs, "seq \(seq) out of range 0..<\(numSeqs)")
        return try tags.tag(seq)
    }

    /// All tags in file order (RETURNN `get_all_tags`).
    public func allTags() throws -> [String] { try tags.all() }

    // MARK: data

    /// Reads sequence `seq` of `key`, converted to `T`: `seqLength * frameElementCount` values.
    public func read<T: H5Scalar>(seq: Int, key: String, as: T.Type = T.self) throws -> [T] {
        try read(seqs: seq..<(seq + 1), key: key, as: T.self)
    }

    /// Reads consecutive sequences `seqs` of `key` in one read, converted to `T`.
    public func read<T: H5Scalar>(seqs: Range<Int>, key: String, as: T.Type = T.self) throws -> [T] {
        let info = try info(key)
        let rows = try rowRange(seqs: seqs, info: info)
        let total = try checkedCount(rows, info: info, elementSize: MemoryLayout<T>.stride)
        return try [T](unsafeUninitializedCapacity: total) { buffer, count in
            try readRows(rows, key: key, into: UnsafeMutableRawBufferPointer(buffer), type: T.h5ElementType)
            count = total
        }
    }

    /// Reads sequence `seq` of `key` into `buffer` (exactly `seqLength * frameElementCount` values).
    public func read<T: H5Scalar>(seq: Int, key: String, into buffer: UnsafeMutableBufferPointer<T>) throws {
        let info = try info(key)
        let rows = try rowRange(seqs: seq..<(seq + 1), info: info)
        guard buffer.count == rows.count * info.frameElementCount else {
            throw HDFError(.badArgument, file: path,
                           "buffer for seq \(seq) key '\(key)' holds \(buffer.count) values, needs \(rows.count * info.frameElementCount)")
        }
        try readRows(rows, key: key, into: UnsafeMutableRawBufferPointer(buffer), type: T.h5ElementType)
    }

    /// Reads sequence `seq` of `key` with the stored dtype: shape `[seqLength] + frameShape`.
    public func readArray(seq: Int, key: String) throws -> HDFArray {
        let info = try info(key)
        let rows = try rowRange(seqs: seq..<(seq + 1), info: info)
        let count = try checkedCount(rows, info: info, elementSize: info.dtype.byteSize ?? 8)
        guard var values = HDFValues.zeros(info.dtype, count: count) else {
            throw HDFError(.badLayout, file: path, "key '\(key)' has non-numeric dtype \(info.dtype)")
        }
        try values.withUnsafeMutableBytes { try readRows(rows, key: key, into: $0, type: info.dtype) }
        return HDFArray(shape: [rows.count] + info.frameShape, values: values)
    }

    private func readRows(_ rows: Range<Int>, key: String, into buffer: UnsafeMutableRawBufferPointer,
                          type: H5ElementType) throws {
        guard !rows.isEmpty, buffer.count > 0 else { return }
        try blockCaches[key]!.read(rows, into: buffer, type: type)
    }

    /// The element count of `rows` of a key; throws when it needs more memory than there is
    /// (a damaged length, or an extent stored without data).
    private func checkedCount(_ rows: Range<Int>, info: HDFKeyInfo, elementSize: Int) throws -> Int {
        let bytes = MemoryBudget.bytes(elements: [rows.count] + info.frameShape, elementSize: elementSize)
        let budget = MemoryBudget.process
        if budget.exceeded(by: bytes) {
            throw HDFError(.badLayout, file: path, "\(rows.count) frames of key '\(info.name)' (frame shape \(info.frameShape)) need " +
                           "\(MemoryBudget.format(bytes)), more than \(budget.phrase) (damaged 'seqLengths'?)")
        }
        return rows.count * info.frameElementCount
    }

    private func rowRange(seqs: Range<Int>, info: HDFKeyInfo) throws -> Range<Int> {
        guard seqs.lowerBound >= 0, seqs.upperBound <= numSeqs else {
            throw HDFError(.badArgument, file: path, "sequences \(seqs) outside 0..<\(numSeqs)")
        }
        return seqStart(seqs.lowerBound, column: info.column)..<seqStart(seqs.upperBound, column: info.column)
    }
}
