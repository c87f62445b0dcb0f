import ReturnnKernels
import ReturnnTensor

extension LayerValue {
    /// Greedy (best-path) CTC decoding of dense scores `[B, T, V]` (probabilities, log-probabilities
    /// or logits: only the argmax per frame matters): RETURNN `tf_util.ctc_greedy_decode`, as a
    /// search over a CTC output. The blank is the last class `V - 1`; per sequence, the argmax of
    /// each valid frame (first index on ties), repeats collapsed, blanks dropped.
    ///
    /// Returns sparse labels `[B, L]` (L the longest decoding, padded with 0) with their lengths
    /// `[B]` as `seqLens`. Frames beyond `seqLens` (all `T` frames when nil) are not read.
    /// ```swift
    /// let hyps = run.values["output"]!.ctcGreedyDecoded()   // ints [B, L], seqLens [B]
    /// ```
    public func ctcGreedyDecoded() -> LayerValue {
        let scores = dense.value
        precondition(scores.rank == 3, "ctcGreedyDecoded: scores [B, T, V] expected, got shape \(scores.shape)")
        let (b, t, v) = (scores.shape[0], scores.shape[1], scores.shape[2])
        let lens = seqLens ?? IntTensor(shape: [b], repeating: Int32(t))
        let decoded = CtcGreedy.decode(logits: scores.pointer, batch: b, time: t, vocab: v, inputLengths: lens.pointer)
        let maxLength = decoded.map(\.count).max() ?? 0
        var labels = [Int32](repeating: 0, count: b * maxLength)
        for (i, seq) in decoded.enumerated() {
            for (j, label) in seq.enumerated() { labels[i * maxLength + j] = label }
        }
        return LayerValue(ints: IntTensor(shape: [b, maxLength], labels), seqLens: IntTensor(shape: [b], decoded.map { Int32($0.count) }))
    }
}
