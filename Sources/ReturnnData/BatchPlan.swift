/// Where one piece of a sequence goes in a batch (RETURNN `BatchSeqCopyPart`).
public struct BatchSeqCopyPart: Sendable, Equatable {
    /// Sequence index in the current epoch.
    public var seqIdx: Int
    /// First frame per key (negative with a left context window: zero padded).
    public var seqStartFrame: NumbersDict
    /// End frame per key (may exceed the length with a right context window: zero padded).
    public var seqEndFrame: NumbersDict
    /// Row of the batch (the slice).
    public var batchSlice: Int
    /// Frame offset inside the slice (non-zero only for non-recurrent frame packing).
    public var batchFrameOffset: NumbersDict

    /// Frames per key.
    public var frameLength: NumbersDict { seqEndFrame - seqStartFrame }
}

/// The layout of one batch before any data is read (RETURNN `returnn/engine/batch.py` `Batch`).
///
/// Recurrent batching puts each sequence/chunk in its own slice; non-recurrent batching packs
/// frames of consecutive sequences into slice 0. `maxNumFramesPerSlice * numSlices` is the padded
/// size that `batch_size` limits.
public struct BatchPlan: Sendable, Equatable {
    /// Longest slice per key (starts as `NumbersDict(0)`).
    public private(set) var maxNumFramesPerSlice = NumbersDict(0)
    /// Number of slices (batch rows).
    public private(set) var numSlices = 0
    /// The copy instructions.
    public private(set) var seqs: [BatchSeqCopyPart] = [] {
        didSet { runningTotal = seqs.isEmpty ? nil : runningTotal.map { $0 + seqs.last!.frameLength } ?? seqs.last!.frameLength }
    }
    /// Sum of part lengths, kept up to date as parts are appended (upstream recomputes it each time).
    var runningTotal: NumbersDict?

    /// An empty batch.
    public init() {}

    /// Shape after adding `length` as a new slice: (max frames, slices).
    public func trySequenceAsSlice(_ length: NumbersDict) -> (NumbersDict, Int) {
        (NumbersDict.max([maxNumFramesPerSlice, length]), numSlices + 1)
    }

    /// Adds a sequence (chunk) as a new slice.
    public mutating func addSequenceAsSlice(seqIdx: Int, start: NumbersDict, length: NumbersDict) {
        (maxNumFramesPerSlice, numSlices) = trySequenceAsSlice(length)
        seqs.append(BatchSeqCopyPart(seqIdx: seqIdx, seqStartFrame: start, seqEndFrame: start + length,
                                     batchSlice: numSlices - 1, batchFrameOffset: NumbersDict(0)))
    }

    /// Appends frames to slice 0 (non-recurrent packing); all keys share one offset.
    public mutating func addFrames(seqIdx: Int, start: NumbersDict, length: NumbersDict) {
        let offset = NumbersDict(maxNumFramesPerSlice.maxValue ?? 0)
        maxNumFramesPerSlice = NumbersDict(maxNumFramesPerSlice.maxValue ?? 0) + length
        numSlices = Swift.max(numSlices, 1)
        seqs.append(BatchSeqCopyPart(seqIdx: seqIdx, seqStartFrame: start, seqEndFrame: start + length,
                                     batchSlice: 0, batchFrameOffset: offset))
    }

    /// Padded frames per key: `maxNumFramesPerSlice * numSlices`.
    public var allSlicesNumFrames: NumbersDict { maxNumFramesPerSlice * numSlices }

    /// Real frames per key (sum of part lengths).
    public var totalNumFrames: NumbersDict { runningTotal ?? NumbersDict(0) }

    /// Smallest sequence index in the batch.
    public var startSeq: Int? { seqs.map(\.seqIdx).min() }
    /// One past the largest sequence index.
    public var endSeq: Int? { seqs.map(\.seqIdx).max().map { $0 + 1 } }
    /// `endSeq - startSeq` (upstream `get_num_seqs`).
    public var numSeqs: Int { seqs.isEmpty ? 0 : endSeq! - startSeq! }
}
