import Foundation

/// Writes RETURNN HDF files incrementally, like upstream `SimpleHDFWriter` (spec §4.2).
///
/// `SimpleHDFWriter(filename, dim, ndim=None, labels=None, extra_type=None,
/// extend_existing_file=False, extra_labels=None)`. The data goes to a temporary file in the
/// target's directory, which `close()` renames onto the target (atomic: readers never see a
/// half-written file). The target must not exist unless `extendExistingFile`, in which case it
/// is copied to the temporary file first and the new sequences are appended.
///
/// Layout written: root attrs `numTimesteps`, `inputPattSize = dim ?? 1`, `numDims = 1`,
/// `numLabels = dim ?? 1`, `numSeqs`; `labels` (the labels, or an empty `S5`); resizable
/// `seqLengths` int32 `(N, 1 + #extra)` (at least 2 columns, the no-targets quirk); resizable
/// vlen-UTF-8 `seqTags`; `inputs` with the dtype of the first batch; extras in
/// `targets/data/<key>` with `targets/size` attr `[dim, ndim]` and `targets/labels/<key>`
/// (default `["dummy-label"]`). The file reads back with `HDFDatasetFile`, h5py and upstream.
public final class HDFWriter {
    /// Declared type of an extra key (upstream `extra_type` entry `(dim, ndim, dtype)`).
    public struct ExtraType: Equatable, Sendable {
        /// Feature dim (vocabulary size for sparse data); nil = 1.
        public var dim: Int?
        /// Axes including time: 1 (`(T,)`) or 2 (`(T, dim)`); 0 is treated as 1.
        public var ndim: Int
        /// Stored element type.
        public var dtype: H5ElementType

        /// Creates a declaration.
        public init(dim: Int?, ndim: Int, dtype: H5ElementType) {
            self.dim = dim
            self.ndim = ndim
            self.dtype = dtype
        }
    }

    /// Final path of the file.
    public let path: String
    /// Feature dim of `inputs` (nil for scalar/sparse frames without known dim).
    public let dim: Int?
    /// Axes of one batch entry without the batch axis (default 2 with a dim, else 1).
    public let ndim: Int
    /// Whether an existing file is appended to.
    public let extendExistingFile: Bool

    private let temporaryPath: String
    private var file: H5File?
    private let seqLengths: H5Dataset
    private let seqTags: H5Dataset
    private var inputs: H5Dataset?
    private var extraDatasets: [String: H5Dataset] = [:]
    private var extraTimeSteps: [String: Int] = [:]
    private var preparedExtra: [String] = []  // sorted
    private let extraLabels: [String: [String]]
    private var numTimesteps: Int
    private var numSeqs: Int

    /// Starts writing `path` (see the type's documentation).
    ///
    /// - Parameters:
    ///   - dim: feature dim of `inputs`; nil for 1-D data (then `inputPattSize` = 1).
    ///   - ndim: axes per sequence excluding batch; default 2 with `dim`, else 1.
    ///   - labels: label names of `inputs` (count must equal `dim`).
    ///   - extraTypes: extra keys declared in advance (others are added by the first batch).
    ///   - extraLabels: label names per extra key (count must equal its dim).
    ///   - extendExistingFile: append to the existing file at `path`.
    public init(path: String, dim: Int?, ndim: Int? = nil, labels: [String]? = nil,
                extraTypes: [String: ExtraType] = [:], extraLabels: [String: [String]] = [:],
                extendExistingFile: Bool = false) throws {
        self.path = path
        self.dim = dim
        self.ndim = ndim ?? (dim == nil ? 1 : 2)
        self.extendExistingFile = extendExistingFile
        self.extraLabels = extraLabels
        if let labels, !labels.isEmpty, labels.count != dim {
            throw HDFError(.badArgument, file: path, "\(labels.count) labels given for dim \(dim.map(String.init) ?? "None")")
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if extendExistingFile && !exists {
            throw HDFError(.missingEntry, file: path, "extendExistingFile needs an existing file, but there is none")
        }
        if !extendExistingFile && exists {
            throw HDFError(.fileExists, file: path, "the file already exists; remove it or pass extendExistingFile")
        }
        temporaryPath = HDFFileCommit.temporaryPath(for: path)
        let file: H5File
        if extendExistingFile {
            do {
                try FileManager.default.copyItem(atPath: path, toPath: temporaryPath)
                file = try H5File(path: temporaryPath, mode: .readWrite)
            } catch {
                HDFFileCommit.discard(temporary: temporaryPath)
                if error is H5Error { throw error }
                throw HDFError(.io, file: path, "cannot copy to temporary file \(temporaryPath): \(error)")
            }
        } else {
            do { file = try H5File.create(path: temporaryPath) } catch {
                HDFFileCommit.discard(temporary: temporaryPath)
                throw HDFError(.io, file: path, "cannot create the temporary file in the target's directory: \(error)")
            }
        }
        self.file = file
        do {
            if extendExistingFile {
                for entry in ["seqLengths", "seqTags"] where !file.contains(entry) {
                    throw HDFError(.missingEntry, file: path, "cannot extend: missing '\(entry)'")
                }
                seqLengths = try file.dataset("seqLengths")
                seqTags = try file.dataset("seqTags")
                guard seqLengths.maxShape.first == .some(nil), seqTags.maxShape.first == .some(nil) else {
                    throw HDFError(.badLayout, file: path,
                                   "cannot extend: 'seqLengths'/'seqTags' are not resizable (file not written by SimpleHDFWriter)")
                }
                numTimesteps = Int(try file.numericAttribute("numTimesteps").intValue ?? 0)
                numSeqs = Int(try file.numericAttribute("numSeqs").intValue ?? 0)
                if file.contains("inputs") { inputs = try file.dataset("inputs") }
            } else {
                numTimesteps = 0
                numSeqs = 0
                try file.setAttribute("numTimesteps", .int(0))
                try file.setAttribute("inputPattSize", .int(Int64(dim ?? 1)))
                try file.setAttribute("numDims", .int(1))
                try file.setAttribute("numLabels", .int(Int64(dim ?? 1)))
                try file.setAttribute("numSeqs", .int(0))
                if let labels, !labels.isEmpty {
                    try HDFStrings.write(labels, to: file, name: "labels")
                } else {
                    try file.createDataset("labels", type: .fixedString(width: 5), shape: [0]).close()
                }
                seqLengths = try file.createDataset("seqLengths", type: .int32, shape: [0, 2], maxShape: [nil, nil])
                seqTags = try file.createDataset("seqTags", type: .variableString, shape: [0], maxShape: [nil])
            }
            for key in extraTypes.keys.sorted() {
                let type = extraTypes[key]!
                _ = try prepareExtra(key, dim: type.dim, ndim: type.ndim, dtype: type.dtype)
            }
        } catch {
            file.close()
            HDFFileCommit.discard(temporary: temporaryPath)
            throw error
        }
    }

    /// Appends a batch (upstream `insert_batch`).
    ///
    /// - Parameters:
    ///   - inputs: batch-major `(B, T, dim)`, `(B, T)`, or `(B, T1, T2, ...)`: `ndim + 1` axes.
    ///   - seqLengths: lengths per dynamic axis: `seqLengths[axis][b]` (upstream's `seq_len`
    ///     dict `{axis: lens}`; a plain list is `[lens]`). Each entry is cut to its lengths; with
    ///     more than one dynamic axis the axes are flattened and an int32 extra key "sizes"
    ///     stores the per-axis lengths.
    ///   - seqTags: one tag per batch entry.
    ///   - extra: other keys, batch-major; entry `b` is stored whole (not cut), as upstream.
    public func insertBatch(inputs: HDFArray, seqLengths lengths: [[Int]], seqTags tags: [String],
                            extra: [String: HDFArray] = [:]) throws {
        do { try insert(inputs: inputs, seqLengths: lengths, seqTags: tags, extra: extra) } catch {
            throw HDFFileCommit.writeError(error, target: path)
        }
    }

    private func insert(inputs: HDFArray, seqLengths lengths: [[Int]], seqTags tags: [String], extra: [String: HDFArray]) throws {
        guard file != nil else { throw HDFError(.badArgument, file: path, "insertBatch after close()") }
        let batch = tags.count
        func bad(_ message: String) -> HDFError { HDFError(.badArgument, file: path, "insertBatch: \(message)") }
        guard inputs.shape.count == ndim + 1, inputs.shape[0] == batch else {
            throw bad("inputs shape \(inputs.shape) does not fit \(batch) tags and ndim \(ndim) (expected \(ndim + 1) axes)")
        }
        let dynamicAxes = lengths.count
        let sparse = dynamicAxes == ndim
        guard dynamicAxes <= ndim else { throw bad("\(dynamicAxes) length axes for ndim \(ndim)") }
        for (axis, axisLengths) in lengths.enumerated() {
            guard axisLengths.count == batch else { throw bad("seqLengths[\(axis)] has \(axisLengths.count) entries, batch is \(batch)") }
            guard axisLengths.max() == inputs.shape[axis + 1], axisLengths.allSatisfy({ $0 >= 0 }) else {
                throw bad("max of seqLengths[\(axis)] must equal inputs axis \(axis + 1) (\(inputs.shape[axis + 1]))")
            }
        }
        if let dim, !sparse, inputs.shape.last != dim { throw bad("inputs feature axis is \(inputs.shape.last!), dim is \(dim)") }
        for (key, value) in extra where value.shape.first != batch {
            throw bad("extra '\(key)' has shape \(value.shape), expected batch \(batch) first")
        }
        let offset = seqLengths.shape[0]
        try seqLengths.resize([offset + batch, seqLengths.shape[1]])
        try seqTags.appendStrings(tags)
        for b in 0..<batch {
            let seqLens = lengths.map { $0[b] }
            let flat = seqLens.reduce(1, *)
            let flatShape = [flat] + ((dim != nil && !sparse) ? [dim!] : [])
            guard let data = inputs.item(b).leadingBlock(seqLens)?.reshaped(flatShape) else {
                throw bad("entry \(b) cut to \(seqLens) cannot be flattened to \(flatShape)")
            }
            try writeLength(seq: offset + b, column: 0, flat)
            try appendInputs(data)
            if dynamicAxes > 1 {
                try insertOther("sizes", HDFArray(shape: [dynamicAxes], seqLens.map { Int32($0) }))
            }
            for key in extra.keys.sorted() {
                var value = extra[key]!.item(b)
                if value.shape.isEmpty { value = value.reshaped([1])! }
                try insertOther(key, value)
            }
        }
        try file!.setAttribute("numTimesteps", .int(Int64(numTimesteps)))
        try file!.setAttribute("numSeqs", .int(Int64(numSeqs)))
    }

    /// Finishes the file, syncs it to disk and renames it onto `path`. Later calls do nothing.
    /// When anything fails (a full disk), the temporary file is removed and `path` is untouched.
    public func close() throws {
        guard let file else { return }
        self.file = nil
        do {
            try file.flush()
        } catch {
            closeObjects(file)
            HDFFileCommit.discard(temporary: temporaryPath)
            throw HDFFileCommit.writeError(error, target: path)
        }
        closeObjects(file)
        if !extendExistingFile && FileManager.default.fileExists(atPath: path) {
            HDFFileCommit.discard(temporary: temporaryPath)
            throw HDFError(.fileExists, file: path, "the file appeared while writing; the new data was discarded")
        }
        try HDFFileCommit.commit(temporary: temporaryPath, to: path)
    }

    /// Abandons an unclosed writer: the temporary file is removed, the target is untouched.
    deinit {
        if let file {
            closeObjects(file)
            HDFFileCommit.discard(temporary: temporaryPath)
        }
    }

    // MARK: internals

    private func closeObjects(_ file: H5File) {
        seqLengths.close()
        seqTags.close()
        inputs?.close()
        extraDatasets.values.forEach { $0.close() }
        file.close()
    }

    private func writeLength(seq: Int, column: Int, _ length: Int) throws {
        let value = [Int32(length)]
        // seqLengths is 2-D; write one element by writing the whole row after reading it.
        var row = try seqLengths.readRows(seq..<(seq + 1), as: Int32.self)
        row[column] = value[0]
        try row.withUnsafeBufferPointer { try seqLengths.writeRows(at: seq, $0) }
    }

    private func appendInputs(_ data: HDFArray) throws {
        let file = self.file!
        if inputs == nil {
            inputs = try file.createDataset("inputs", type: data.elementType, shape: [0] + data.shape.dropFirst(),
                                            maxShape: data.shape.map { _ in nil })
        }
        let dataset = inputs!
        guard Array(dataset.shape.dropFirst()) == Array(data.shape.dropFirst()) else {
            throw HDFError(.badArgument, file: path,
                           "insertBatch: inputs frame shape \(Array(data.shape.dropFirst())) differs from the file's \(Array(dataset.shape.dropFirst()))")
        }
        try data.values.withUnsafeBytes { try dataset.appendRows($0, type: data.elementType) }
        numTimesteps += data.shape[0]
        numSeqs += 1
    }

    /// Upstream `_insert_h5_other`: appends `data` (time first) to the extra key of the last seq.
    private func insertOther(_ key: String, _ data: HDFArray) throws {
        let seq = numSeqs - 1
        precondition(seq >= 0, "insertOther needs an inserted sequence")
        let keyDim = data.shape.count > 1 ? data.shape[data.shape.count - 1] : 1
        if try prepareExtra(key, dim: keyDim, ndim: data.shape.count, dtype: data.elementType) {
            guard seq == 0 || extendExistingFile else {
                throw HDFError(.badArgument, file: path,
                               "extra key '\(key)' first appears at sequence \(seq); new extra keys are only allowed in the first batch or via extraTypes")
            }
            for (index, other) in preparedExtra.enumerated() {
                try writeLength(seq: seq, column: index + 1, extraTimeSteps[other]!)
            }
        }
        let dataset = extraDatasets[key]!
        guard Array(dataset.shape.dropFirst()) == Array(data.shape.dropFirst()) else {
            throw HDFError(.badArgument, file: path,
                           "insertBatch: extra '\(key)' frame shape \(Array(data.shape.dropFirst())) differs from \(Array(dataset.shape.dropFirst()))")
        }
        try data.values.withUnsafeBytes { try dataset.appendRows($0, type: data.elementType) }
        extraTimeSteps[key]! += data.shape[0]
        try writeLength(seq: seq, column: preparedExtra.firstIndex(of: key)! + 1, data.shape[0])
    }

    /// Upstream `_prepare_extra` for one key; returns whether the key was new.
    private func prepareExtra(_ key: String, dim: Int?, ndim rawNdim: Int, dtype: H5ElementType) throws -> Bool {
        if preparedExtra.contains(key) { return false }
        guard key != "inputs" else { throw HDFError(.badArgument, file: path, "extra key must not be 'inputs'") }
        let file = self.file!
        let ndim = max(1, rawNdim)
        guard ndim <= 2 else {
            throw HDFError(.badArgument, file: path, "extra '\(key)' has \(ndim) axes; only (T,) and (T, dim) are supported")
        }
        guard dtype.isNumeric else { throw HDFError(.badArgument, file: path, "extra '\(key)' has non-numeric dtype \(dtype)") }
        if extendExistingFile {
            let entry = "targets/data/\(key)"
            guard file.contains(entry) else {
                throw HDFError(.missingEntry, file: path, "cannot extend: the file has no extra key '\(key)' ('\(entry)')")
            }
            let dataset = try file.dataset(entry)
            extraDatasets[key] = dataset
            extraTimeSteps[key] = dataset.shape[0]
        } else {
            if preparedExtra.isEmpty {
                for group in ["targets/data", "targets/size", "targets/labels"] { try file.createGroup(group).close() }
            }
            let labels = extraLabels[key] ?? ["dummy-label"]
            if let given = extraLabels[key], given.count != (dim ?? 1) {
                throw HDFError(.badArgument, file: path, "\(given.count) labels for extra '\(key)' with dim \(dim ?? 1)")
            }
            try HDFStrings.write(labels, to: try file.group("targets/labels"), name: key)
            let frame = ndim == 2 ? [dim ?? 1] : []
            let dataset = try file.group("targets/data").createDataset(key, type: dtype, shape: [0] + frame,
                                                                        maxShape: [nil] + frame.map { $0 })
            try file.group("targets/size").setAttribute(key, .ints([Int64(dim ?? 1), Int64(ndim)]))
            extraDatasets[key] = dataset
            extraTimeSteps[key] = 0
        }
        preparedExtra = (preparedExtra + [key]).sorted()
        if !extendExistingFile {
            try seqLengths.resize([seqLengths.shape[0], max(seqLengths.shape[1], 1 + preparedExtra.count)])
        }
        return true
    }
}
