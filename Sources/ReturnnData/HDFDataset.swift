import Foundation

/// RETURNN `HDFDataset`: one or more HDF files in RETURNN's layout, concatenated in the given order.
///
/// Opening is lazy: each `HDFDatasetFile` reads only lengths and key metadata at open (tags on
/// first use), so a file with millions of sequences opens in about a second. Data is read on
/// demand, one sequence per `data` call, through the file's row-block cache; nothing is preloaded.
/// Sorted orderings use the length of `seqLengths` column 0 (upstream `_get_seq_length_by_real_idx(s)[0]`).
///
/// Every file must have the same data keys and the same `(dim, ndim)` and dtype per key
/// (upstream: same `num_inputs` and `num_outputs`); a mismatch names both files.
///
/// Thread safety: reads (`data`, `seqLength`, `tag`) from several threads are safe; the epoch
/// state is guarded by a lock, so `initSeqOrder` may run while no reads of the old epoch are pending.
public final class HDFDataset: Dataset, @unchecked Sendable {
    /// RETURNN class name.
    public static let className = "HDFDataset"

    /// Common options.
    public let options: DatasetOptions
    /// The opened files, in order.
    public let files: [HDFDatasetFile]
    /// `cache_byte_size` (0): upstream preloads this many bytes into memory. Here nothing is
    /// preloaded; a value > 0 becomes the HDF5 chunk cache size per data key and file, 0 keeps the
    /// HDF5 default. Reads are served by the per-file row-block cache either way.
    public let cacheByteSize: Int
    /// Data keys: "data" (when the files have `inputs`) then the sorted target keys.
    public let dataKeys: [String]
    /// Target keys (`get_target_list`); empty for files without a `targets` group.
    public let targetList: [String]
    /// Label names per key, from the first file.
    public let labels: [String: [String]]
    /// RETURNN `num_inputs` (0 without `inputs`).
    public let numInputs: Int
    /// Number of sequences over all files.
    public let totalNumSeqs: Int?
    /// First corpus index of each file, plus the total at the end.
    public let fileSeqStart: [Int]
    let specs: [String: DataSpec]

    private let lock = NSLock()
    private var state: (epoch: Int?, order: [Int]) = (nil, [])

    /// `HDFDataset(files=[...], cache_byte_size=0, **kwargs)`: opens every file (metadata only).
    ///
    /// Throws `H5Error` for a missing or unreadable file, `HDFError` for a file with a broken
    /// layout, `DatasetError` for no files or files that do not fit together.
    public init(files paths: [String], cacheByteSize: Int = 0, options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard !paths.isEmpty else { throw bad("files", "needs at least one HDF file") }
        guard cacheByteSize >= 0 else { throw bad("cache_byte_size", "must be >= 0, got \(cacheByteSize)") }
        let opened = try paths.map { try HDFDatasetFile(path: $0, chunkCacheBytes: cacheByteSize > 0 ? cacheByteSize : nil) }
        let first = opened[0]
        for f in opened.dropFirst() {
            guard f.dataKeys == first.dataKeys else {
                throw DatasetError.invalidData(dataset: options.name, message:
                    "HDF files \(first.path) and \(f.path) have different data keys (\(first.dataKeys) vs \(f.dataKeys)); all files must have the same layout")
            }
            for k in first.dataKeys {
                let a = first.keys[k]!, b = f.keys[k]!
                guard a.dim == b.dim, a.ndim == b.ndim, a.dtype == b.dtype, a.frameShape == b.frameShape else {
                    throw DatasetError.invalidData(dataset: options.name, message:
                        "key '\(k)': HDF file \(first.path) has (dim \(a.dim), ndim \(a.ndim), \(a.dtype), frame \(a.frameShape)) but \(f.path) has (dim \(b.dim), ndim \(b.ndim), \(b.dtype), frame \(b.frameShape)); all files must have the same num_outputs")
                }
            }
        }
        var specs = [String: DataSpec]()
        for k in first.dataKeys {
            let info = first.keys[k]!
            guard let dtype = HDFDataset.dataType(info.dtype) else {
                throw HDFError(.badLayout, file: first.path, "key '\(k)' has unsupported dtype \(info.dtype)")
            }
            specs[k] = DataSpec(dim: info.dim, sparse: info.isSparse, dtype: dtype, shape: info.frameShape)
        }
        var starts = [0]
        for f in opened { starts.append(starts.last! + f.numSeqs) }
        self.options = options
        self.files = opened
        self.cacheByteSize = cacheByteSize
        self.dataKeys = first.dataKeys
        self.targetList = first.targetKeys
        self.labels = first.labels
        self.numInputs = first.numInputs
        self.totalNumSeqs = starts.last!
        self.fileSeqStart = starts
        self.specs = specs
    }

    /// The `DataType` of a stored element type (nil for strings and unsupported types).
    static func dataType(_ t: H5ElementType) -> DataType? {
        switch t {
        case .float32: return .float32
        case .float64: return .float64
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        default: return nil
        }
    }

    /// Spec of `key`.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    /// Current epoch.
    public var epoch: Int? { lock.withLock { state.epoch } }

    /// Sequences in the current (sub-)epoch.
    public var numSeqs: Int? { lock.withLock { state.order.count } }

    /// The current order of corpus indices (`get_current_seq_order`).
    public var currentSeqOrder: [Int] { lock.withLock { state.order } }

    /// File and index inside it of corpus sequence `corpusIdx`.
    func locate(_ corpusIdx: Int) -> (file: HDFDatasetFile, seq: Int) {
        var lo = 0, hi = files.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if fileSeqStart[mid] <= corpusIdx { lo = mid } else { hi = mid - 1 }
        }
        return (files[lo], corpusIdx - fileSeqStart[lo])
    }

    /// Length of corpus sequence `corpusIdx` in `seqLengths` column 0 (used for sorting).
    func corpusSortLength(_ corpusIdx: Int) -> Int {
        let (f, s) = locate(corpusIdx)
        return f.seqLength(s, column: 0)
    }

    /// Computes this epoch's order with all `DatasetOptions` (ordering, partition, repeat, filters).
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        let order = try options.seqOrder(epoch: epoch, numSeqs: totalNumSeqs!, seqLength: { self.corpusSortLength($0) },
                                         allTags: { try self.allTags() })
        lock.withLock { state = (epoch, order) }
        return true
    }

    /// Starts `epoch` with a given order of corpus indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let bad = corpusOrder.first(where: { $0 < 0 || $0 >= totalNumSeqs! }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(bad) outside [0, \(totalNumSeqs!))")
        }
        lock.withLock { state = (epoch, corpusOrder) }
    }

    /// Checks that an epoch is started; data is read on demand, so nothing is loaded here.
    /// Indices past the end are ignored (as for the generating datasets).
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        let upper = Swift.min(end, numSeqs ?? 0)
        guard epoch != nil else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard start < upper else { return }
        _ = try corpusIndex(start)
    }

    func corpusIndex(_ seqIdx: Int) throws -> Int {
        let (epoch, order) = lock.withLock { state }
        return try entry(of: order, at: seqIdx, epoch: epoch)
    }

    /// Lengths per data key.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let (f, s) = locate(try corpusIndex(seqIdx))
        return NumbersDict(orderedPairs: dataKeys.map { ($0, f.seqLength(s, column: f.keys[$0]!.column)) })
    }

    /// Data of one key with the stored dtype, shape `[T] + frame shape`.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        try checkKey(key)
        return try corpusData(try corpusIndex(seqIdx), key: key)
    }

    /// Data of corpus sequence `corpusIdx` (upstream `get_corpus_seq`), independent of the epoch.
    public func corpusData(_ corpusIdx: Int, key: String) throws -> SeqData {
        try checkKey(key)
        precondition(corpusIdx >= 0 && corpusIdx < totalNumSeqs!, "corpus index \(corpusIdx) out of range")
        let (f, s) = locate(corpusIdx)
        let info = f.keys[key]!
        let shape = [f.seqLength(s, column: info.column)] + info.frameShape
        // Typed reads fill uninitialised storage (no zero fill first, unlike `readArray`).
        switch info.dtype {
        case .float32: return SeqData(.float32(try f.read(seq: s, key: key, as: Float.self)), shape: shape)
        case .float64: return SeqData(.float64(try f.read(seq: s, key: key, as: Double.self)), shape: shape)
        case .int8: return SeqData(.int8(try f.read(seq: s, key: key, as: Int8.self)), shape: shape)
        case .uint8: return SeqData(.uint8(try f.read(seq: s, key: key, as: UInt8.self)), shape: shape)
        case .int16: return SeqData(.int16(try f.read(seq: s, key: key, as: Int16.self)), shape: shape)
        case .int32: return SeqData(.int32(try f.read(seq: s, key: key, as: Int32.self)), shape: shape)
        case .int64: return SeqData(.int64(try f.read(seq: s, key: key, as: Int64.self)), shape: shape)
        default: return HDFDataset.seqData(try f.readArray(seq: s, key: key))
        }
    }

    /// Converts an `HDFArray` into `SeqData` (same values, same shape).
    static func seqData(_ a: HDFArray) -> SeqData {
        switch a.values {
        case .float32(let v): return SeqData(.float32(v), shape: a.shape)
        case .float64(let v): return SeqData(.float64(v), shape: a.shape)
        case .int8(let v): return SeqData(.int8(v), shape: a.shape)
        case .uint8(let v): return SeqData(.uint8(v), shape: a.shape)
        case .int16(let v): return SeqData(.int16(v), shape: a.shape)
        case .int32(let v): return SeqData(.int32(v), shape: a.shape)
        case .int64(let v): return SeqData(.int64(v), shape: a.shape)
        }
    }

    /// Tag from `seqTags`.
    public func tag(_ seqIdx: Int) throws -> String {
        let (f, s) = locate(try corpusIndex(seqIdx))
        return try f.tag(s)
    }

    /// Tags of all files in order.
    public func allTags() throws -> [String] {
        try files.flatMap { try $0.allTags() }
    }

    /// Corpus index of `seqIdx`.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try corpusIndex(seqIdx) }
}
