import ReturnnTensor

/// The search beam a value carries after beam search (RETURNN's `SearchBeam` and the final
/// `SearchChoices.beam_scores`): the value's batch axis holds `batch × size` hypotheses, sequence
/// by sequence, best first, with one score each.
public struct SearchBeam: Sendable {
    /// Hypotheses per sequence (`beam_size`).
    public let size: Int
    /// Score (summed log probability, RETURNN's beam score) per hypothesis, `batch × size`.
    public let scores: [Float]

    /// A beam.
    public init(size: Int, scores: [Float]) {
        precondition(size >= 1 && scores.count % size == 0, "SearchBeam: \(scores.count) scores for beams of \(size)")
        self.size = size
        self.scores = scores
    }

    /// Sequences (the batch without the beam).
    public var batch: Int { scores.count / size }

    /// Row indices that repeat every sequence `size` times (a batch `[B]` tiled to `[B × size]`).
    public static func tileRows(batch: Int, size: Int) -> IntTensor {
        IntTensor(shape: [batch * size], (0..<batch * size).map { Int32($0 / size) })
    }
}

extension LayerValue {
    /// The value with its batch axis (`batchAxis`) reindexed: entry `i` of the new batch is entry
    /// `rows[i]` of the old one (values, logits and sequence lengths alike), or zeros where
    /// `rows[i]` is negative. Used to tile a
    /// batch over a beam and to reorder hypotheses by their source beams.
    func selectingBatch(_ rows: IntTensor, batchAxis: Int, _ tape: Tape) -> LayerValue {
        let shape = shape
        guard batchAxis < shape.count else { return self }
        let old = shape[batchAxis]
        let outer = shape[..<batchAxis].reduce(1, *), inner = shape[(batchAxis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[batchAxis] = rows.count
        var flat = [Int32]()
        flat.reserveCapacity(outer * rows.count)
        let r = rows.array
        for o in 0..<outer { for i in r { flat.append(i < 0 ? -1 : Int32(o * old) + i) } }
        let index = IntTensor(shape: [flat.count], flat)
        var out = self
        if let v = values { out.values = tape.take(v, rows: index, rowSize: inner, shape: newShape) }
        if let l = logits { out.logits = tape.take(l, rows: index, rowSize: inner, shape: newShape) }
        if let x = ints { out.ints = x.take(rows: index, rowSize: inner, shape: newShape) }
        if let s = seqLens, s.count == old { out.seqLens = s.take(rows: rows, rowSize: 1, shape: [rows.count]) }
        out.lastHiddenState = nil
        return out
    }
}
