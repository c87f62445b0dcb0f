/// Lazily groups the chunks of an epoch into batches (RETURNN `Dataset._generate_batches`).
///
/// Recurrent: chunks are added greedily in order as new slices; a batch is closed before a chunk
/// that would make `max_len * n_seqs` exceed `batch_size` (any key), exceed `max_seqs`, or exceed
/// `max_pad_size` padding. `seq_drop` randomly drops chunks. Chunks outside `[min_seq_length, max_seq_length]` (any key) are skipped;
/// one longer than `batch_size` forms its own batch. Context windows widen every chunk.
/// Non-recurrent: frames are packed into one slice and each batch is filled to exactly
/// `batch_size` frames, splitting sequences across batches.
public struct BatchGenerator {
    /// The dataset (its epoch must be initialised).
    public let dataset: any Dataset
    /// Batching limits.
    public let options: BatchingOptions
    var chunks: SeqChunkIterator
    var current = BatchPlan()
    var pendingChunk: (seqIdx: Int, start: NumbersDict, end: NumbersDict)?
    var finished = false
    /// Chunks skipped by `max_seq_length`/`min_seq_length` so far.
    public private(set) var skippedSeqs = 0
    /// Chunks dropped by `seq_drop` so far.
    public private(set) var droppedSeqs = 0
    /// Chunks longer than `batch_size` so far (each formed its own batch; upstream warns at v4).
    public private(set) var oversizedSeqs = 0

    /// Starts iterating the dataset's current epoch.
    public init(dataset: any Dataset, options: BatchingOptions) {
        self.dataset = dataset
        self.options = options
        chunks = SeqChunkIterator(dataset: dataset, recurrent: options.recurrent, usedDataKeys: options.usedDataKeys)
    }

    /// The next batch layout, or `nil` when the epoch is done.
    public mutating func next() throws -> BatchPlan? {
        if finished { return nil }
        let ctx = dataset.options.contextWindow
        while true {
            var chunk: (seqIdx: Int, start: NumbersDict, end: NumbersDict)
            if let p = pendingChunk {
                chunk = p
                pendingChunk = nil
            } else {
                guard let c = try chunks.next() else {
                    finished = true
                    if (current.allSlicesNumFrames.maxValue ?? 0) > 0 { return current }
                    return nil
                }
                chunk = (c.seqIdx, c.start - ctx.left, c.end + ctx.right)
            }
            if options.recurrent {
                if let b = try addRecurrent(chunk) { return b }
            } else {
                if let b = addPacked(&chunk) {
                    if (chunk.end.maxValue ?? 0) > (chunk.start.maxValue ?? 0) { pendingChunk = chunk }
                    return b
                }
            }
        }
    }

    mutating func addRecurrent(_ c: (seqIdx: Int, start: NumbersDict, end: NumbersDict)) throws -> BatchPlan? {
        let length = c.end - c.start
        if length.anyCompare(options.maxSeqLength, >) || length.anyCompare(options.minSeqLength, <) {
            skippedSeqs += 1
            return nil
        }
        if length.anyCompare(options.batchSize, >) { oversizedSeqs += 1 }
        if chunks.random.random() < options.seqDrop {
            droppedSeqs += 1
            return nil
        }
        var done: BatchPlan? = nil
        let (dt, ds) = current.trySequenceAsSlice(length)
        if current.numSlices >= 1 {
            let padded = dt * ds
            if padded.anyCompare(options.batchSize, >) || ds > (options.maxSeqs ?? Int.max)
                || (options.maxPadSize.maxValue != nil
                    && (padded - current.totalNumFrames - length).anyCompare(options.maxPadSize, >)) {
                done = current
                current = BatchPlan()
            }
        }
        current.addSequenceAsSlice(seqIdx: c.seqIdx, start: c.start, length: length)
        return done
    }

    /// Adds as many frames of `c` as fit; advances `c.start`. Returns a full batch if one closed.
    mutating func addPacked(_ c: inout (seqIdx: Int, start: NumbersDict, end: NumbersDict)) -> BatchPlan? {
        while (c.start.maxValue ?? 0) < (c.end.maxValue ?? 0) {
            let length = c.end - c.start
            let room = options.batchSize.copyLike(length) - current.allSlicesNumFrames.copyLike(length)
            let n = NumbersDict.min([length, room])
            precondition((n.maxValue ?? 0) > 0, "BatchGenerator: no room in a fresh batch")
            current.addFrames(seqIdx: c.seqIdx, start: c.start, length: n)
            c.start = c.start + n
            if current.allSlicesNumFrames.anyCompare(options.batchSize, >=) || current.numSeqs > (options.maxSeqs ?? Int.max) {
                let done = current
                current = BatchPlan()
                return done
            }
        }
        return nil
    }

    /// The next batch with its padded data (`keys` default to all data keys), or `nil` at the end.
    public mutating func nextBatch(keys: [String]? = nil) throws -> Batch? {
        guard let plan = try next() else { return nil }
        return try Batch(plan: plan, dataset: dataset, keys: keys)
    }

    /// All remaining batch layouts of the epoch.
    public mutating func all() throws -> [BatchPlan] {
        var res = [BatchPlan]()
        while let b = try next() { res.append(b) }
        return res
    }
}
