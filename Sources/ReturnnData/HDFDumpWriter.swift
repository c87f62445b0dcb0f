import Foundation

/// Writes a whole dataset in the layout of upstream `HDFDatasetWriter.dump_from_dataset`
/// (used by `tools/hdf_dump.py`; spec §4.2).
///
/// Layout: `seqTags` fixed `S<max tag bytes + 1>`; `seqLengths` int32 `(N, #keys)` with the
/// input key first, then the targets; `inputs`; `targets/data/<k>`; `targets/size` attr
/// `k = [dim, ndim]`; `targets/labels/<k>` fixed `S` (given labels or "<key>-class-<i>");
/// root attr `inputPattSize = numInputs`. The groups `targets/data|size|labels` always exist.
/// A non-input key named "data" is stored as "classes". All datasets are contiguous.
///
/// Deviation from upstream: upstream orders the target columns of `seqLengths` by the source key
/// names but the reader by the stored names; they differ only when "data" is renamed to
/// "classes" and another key sorts between them. Here the columns follow the stored names, so
/// the file always reads back correctly.
public enum HDFDumpWriter {
    /// Writes `seqs` to `path` (replacing an existing file; written to a temporary file in the same
    /// directory, synced and renamed at the end; removed when anything fails).
    ///
    /// - Parameters:
    ///   - inputKey: the key stored as `inputs` (upstream: "data", or the single non-target key);
    ///     nil = only targets.
    ///   - keys: every key to write (including the input key).
    ///   - numInputs: upstream `dataset.num_inputs`, stored as `inputPattSize`.
    public static func write(path: String, inputKey: String?, keys: [HDFDumpKey], numInputs: Int,
                             seqs: [HDFDumpSeq]) throws {
        func bad(_ message: String) -> HDFError { HDFError(.badArgument, file: path, message) }
        guard !seqs.isEmpty else { throw bad("no sequences to dump") }
        guard !keys.isEmpty else { throw bad("no data keys to dump") }
        if let inputKey, !keys.contains(where: { $0.name == inputKey }) {
            throw bad("input key '\(inputKey)' is not among the keys \(keys.map(\.name))")
        }
        // Stored names and column order.
        var stored: [String: String] = [:]
        for key in keys where key.name != inputKey { stored[key.name] = key.name == "data" ? "classes" : key.name }
        if stored["data"] != nil && stored["classes"] != nil {
            throw bad("keys 'data' (stored as 'classes') and 'classes' clash")
        }
        let targets = keys.filter { $0.name != inputKey }.sorted { stored[$0.name]! < stored[$1.name]! }
        let inputs = keys.first { $0.name == inputKey }
        let columns = (inputs.map { [$0] } ?? []) + targets

        // Pass 1: lengths, tags, checks.
        var lengths = [Int32](repeating: 0, count: seqs.count * columns.count)
        var totals = [Int](repeating: 0, count: columns.count)
        for (s, seq) in seqs.enumerated() {
            for (c, key) in columns.enumerated() {
                guard let array = seq.data[key.name] else { throw bad("sequence \(s) ('\(seq.tag)') has no data for key '\(key.name)'") }
                guard array.shape.count == 1 + key.frameShape.count, Array(array.shape.dropFirst()) == key.frameShape else {
                    throw bad("sequence \(s) key '\(key.name)' has shape \(array.shape), expected [T] + \(key.frameShape)")
                }
                lengths[s * columns.count + c] = Int32(array.shape[0])
                totals[c] += array.shape[0]
            }
        }
        let tagWidth = (seqs.map { $0.tag.utf8.count }.max() ?? 0) + 1

        let temporary = HDFFileCommit.temporaryPath(for: path)
        do {
            let file = try H5File.create(path: temporary)
            defer { file.close() }
            let tags = try file.createDataset("seqTags", type: .fixedString(width: tagWidth), shape: [seqs.count])
            try tags.writeStrings(seqs.map(\.tag))
            tags.close()
            let lengthsDataset = try file.createDataset("seqLengths", type: .int32, shape: [seqs.count, columns.count])
            try lengthsDataset.write(lengths)
            lengthsDataset.close()
            for group in ["targets/data", "targets/size", "targets/labels"] { try file.createGroup(group).close() }
            let dataGroup = try file.group("targets/data")
            let sizeGroup = try file.group("targets/size")
            let labelGroup = try file.group("targets/labels")
            for (c, key) in columns.enumerated() {
                let isInput = key.name == inputKey
                let dataset = isInput
                    ? try file.createDataset("inputs", type: key.dtype, shape: [totals[c]] + key.frameShape)
                    : try dataGroup.createDataset(stored[key.name]!, type: key.dtype, shape: [totals[c]] + key.frameShape)
                var offset = 0
                for seq in seqs {
                    let array = seq.data[key.name]!
                    guard array.elementType == key.dtype else {
                        throw bad("key '\(key.name)' has dtype \(array.elementType) in sequence '\(seq.tag)', declared \(key.dtype)")
                    }
                    try array.values.withUnsafeBytes { try dataset.writeRows(at: offset, $0, type: key.dtype) }
                    offset += array.shape[0]
                }
                dataset.close()
                if !isInput {
                    try sizeGroup.setAttribute(stored[key.name]!, .ints([Int64(key.dim), Int64(key.ndim)]))
                    let labels = key.labels ?? (0..<key.dim).map { "\(key.name)-class-\($0)" }
                    guard labels.count == key.dim, !labels.isEmpty else {
                        throw bad("key '\(key.name)' needs \(key.dim) labels (at least one), got \(labels.count)")
                    }
                    let width = labels.map { $0.utf8.count }.max()! + 1
                    let labelDataset = try labelGroup.createDataset(stored[key.name]!, type: .fixedString(width: width),
                                                                    shape: [labels.count])
                    try labelDataset.writeStrings(labels)
                    labelDataset.close()
                }
            }
            try file.setAttribute("inputPattSize", .int(Int64(numInputs)))
            [dataGroup, sizeGroup, labelGroup].forEach { $0.close() }
            try file.flush()
        } catch {
            HDFFileCommit.discard(temporary: temporary)
            throw HDFFileCommit.writeError(error, target: path)
        }
        try HDFFileCommit.commit(temporary: temporary, to: path)
    }
}
