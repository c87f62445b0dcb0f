/// Options of batch generation (RETURNN `_generate_batches` / config keys `batch_size`,
/// `max_seqs`, `max_seq_length`, `min_seq_length`, `max_pad_size`).
public struct BatchingOptions: Sendable, Equatable {
    /// Recurrent network (`network.recurrent`): one slice per sequence/chunk; otherwise frames are packed.
    public var recurrent: Bool
    /// `batch_size`: limit on padded frames (`max_len * num_seqs`) per key.
    public var batchSize: NumbersDict
    /// `max_seqs` (-1 = unlimited → `nil`).
    public var maxSeqs: Int?
    /// `max_seq_length`: sequences longer than this (per key) are skipped. Unlimited by default.
    public var maxSeqLength: NumbersDict
    /// `min_seq_length`: sequences shorter than this (per key) are skipped (0).
    public var minSeqLength: NumbersDict
    /// `max_pad_size`: limit on zero-padded frames per batch (None).
    public var maxPadSize: NumbersDict
    /// Keys to consider (None: all keys of the dataset).
    public var usedDataKeys: Set<String>?
    /// `seq_drop` (0.0): probability to drop each sequence/chunk (recurrent batching only), drawn
    /// from the epoch's Python `random.Random` like upstream.
    public var seqDrop: Double

    /// Validates like upstream: a positive batch size and `max_seqs`.
    public init(recurrent: Bool = true, batchSize: NumbersDict, maxSeqs: Int? = nil, maxSeqLength: NumbersDict? = nil,
                minSeqLength: NumbersDict = NumbersDict(0), maxPadSize: NumbersDict = NumbersDict(nil),
                usedDataKeys: Set<String>? = nil, seqDrop: Double = 0) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: "batching", option: o, message: m) }
        guard batchSize.isNonZero else { throw bad("batch_size", "must be set and be greater than 0") }
        if let mn = batchSize.minValue, mn <= 0 { throw bad("batch_size", "must be > 0 for every key, got \(batchSize)") }
        if let m = maxSeqs, m <= 0 { throw bad("max_seqs", "must be > 0 or -1 (unlimited), got \(m)") }
        guard seqDrop >= 0, seqDrop <= 1 else { throw bad("seq_drop", "must be in [0, 1], got \(seqDrop)") }
        self.recurrent = recurrent
        self.batchSize = batchSize
        self.maxSeqs = maxSeqs
        self.maxSeqLength = maxSeqLength ?? NumbersDict(Int.max)
        self.minSeqLength = minSeqLength
        self.maxPadSize = maxPadSize
        self.usedDataKeys = usedDataKeys
        self.seqDrop = seqDrop
    }

    /// Config-style integers: `max_seqs` -1 = unlimited; `max_seq_length` 0 = unlimited, negative
    /// `-n` = `{"classes": n}`.
    public init(recurrent: Bool = true, batchSize: Int, maxSeqs: Int = -1, maxSeqLength: Int = 0, minSeqLength: Int = 0,
                usedDataKeys: Set<String>? = nil, seqDrop: Double = 0) throws {
        let msl: NumbersDict? = maxSeqLength == 0 ? nil : maxSeqLength < 0 ? NumbersDict(["classes": -maxSeqLength]) : NumbersDict(maxSeqLength)
        if maxSeqs != -1 && maxSeqs <= 0 {
            throw DatasetError.invalidOption(dataset: "batching", option: "max_seqs", message: "must be > 0 or -1 (unlimited), got \(maxSeqs)")
        }
        try self.init(recurrent: recurrent, batchSize: NumbersDict(batchSize), maxSeqs: maxSeqs == -1 ? nil : maxSeqs,
                      maxSeqLength: msl, minSeqLength: NumbersDict(minSeqLength), usedDataKeys: usedDataKeys,
                      seqDrop: seqDrop)
    }
}
