/// Greedy (best-path) CTC decoding and the label errors RETURNN's `ctc` loss reports in training
/// (TF `ctc_greedy_decoder` with `merge_repeated=True`, then `tf.edit_distance` unnormalised).
///
/// Shape contract: `logits` (or log-probabilities: only the argmax matters) `[batch, time, vocab]`,
/// blank = class `vocab - 1`; `inputLengths` `[batch]` in `0...time`; `targets`
/// `[batch, maxTargetLength]` padded, `targetLengths` `[batch]` in `0...maxTargetLength`.
public enum CtcGreedy {
    /// Best path of each sequence: argmax per valid frame (first index on ties), consecutive equal
    /// classes merged, blanks dropped.
    public static func decode(
        logits: UnsafePointer<Float>, batch: Int, time: Int, vocab: Int, inputLengths: UnsafePointer<Int32>
    ) -> [[Int32]] {
        precondition(vocab >= 1 && time >= 0 && batch >= 0, "CtcGreedy.decode: bad sizes")
        let blank = Int32(vocab - 1)
        return (0..<batch).map { b in
            let frames = Int(inputLengths[b])
            precondition(frames >= 0 && frames <= time, "CtcGreedy.decode: input length \(frames) outside 0...\(time)")
            var out: [Int32] = []
            var previous: Int32 = -1
            for t in 0..<frames {
                let row = logits + (b * time + t) * vocab
                var best = 0
                for v in 1..<vocab where row[v] > row[best] { best = v }
                let c = Int32(best)
                if c != previous && c != blank { out.append(c) }
                previous = c
            }
            return out
        }
    }

    /// Edit distance of each sequence's greedy decoding to its target; their sum is RETURNN's
    /// `error:<ctc layer>` of a training step (divided by the target label count for the label
    /// error rate).
    public static func labelErrors(
        logits: UnsafePointer<Float>, batch: Int, time: Int, vocab: Int, inputLengths: UnsafePointer<Int32>,
        targets: UnsafePointer<Int32>, maxTargetLength: Int, targetLengths: UnsafePointer<Int32>
    ) -> [Int] {
        let decoded = decode(logits: logits, batch: batch, time: time, vocab: vocab, inputLengths: inputLengths)
        return decoded.enumerated().map { b, hypothesis in
            let l = Int(targetLengths[b])
            precondition(l >= 0 && l <= maxTargetLength,
                         "CtcGreedy.labelErrors: target length \(l) outside 0...\(maxTargetLength)")
            let reference = UnsafeBufferPointer(start: targets + b * maxTargetLength, count: l)
            return hypothesis.withUnsafeBufferPointer { EditDistance.levenshtein($0, reference) }
        }
    }
}
