import ReturnnKernels
import ReturnnTensor

/// Helpers that losses share: the valid-frame weights and frame-wise error counting.
public enum LossFrames {
    /// `[B, T]` (or `[B]`) 0/1 weights of the valid frames of `output`, also checking that the
    /// target has the same frames. Throws when the sequence lengths of output and target differ.
    public static func weights(output: LayerValue, target: LayerValue) throws -> Tensor? {
        guard let lens = output.seqLens else { return nil }
        if let tl = target.seqLens, tl.array != lens.array {
            throw NetworkError(.dimensionMismatch,
                               "output sequence lengths \(lens.array) differ from the target's \(tl.array); " +
                               "a frame-wise loss needs the same number of frames")
        }
        return Tensor.sequenceMask(lengths: lens, maxTime: output.time)
    }

    /// Number of frames with `argmax(scores[r]) != labels[r]`, weighted.
    public static func frameErrors(_ scores: Tensor, labels: IntTensor, weights: Tensor?) -> Double {
        let cols = scores.shape.last ?? 1
        let rows = cols == 0 ? 0 : scores.count / cols
        var arg = [Int32](repeating: 0, count: rows)
        arg.withUnsafeMutableBufferPointer { Reduce.argmax(scores.pointer, outer: rows, n: cols, inner: 1, $0.baseAddress!) }
        var errors = 0.0
        let l = labels.pointer
        for r in 0..<rows where arg[r] != l[r] { errors += Double(weights?.pointer[r] ?? 1) }
        return errors
    }

    /// `Σ_r w_r · x[r, labels[r]]` (negated when `negate`) as a scalar on the tape.
    public static func pickSum(_ x: Variable, labels: IntTensor, weights: Tensor?, tape: Tape, negate: Bool) -> Variable {
        let cols = x.shape.last ?? 1
        let rows = x.value.count / Swift.max(cols, 1)
        var oneHot = [Float](repeating: 0, count: rows * cols)
        let l = labels.pointer
        for r in 0..<rows {
            let c = Int(l[r])
            precondition(c >= 0 && c < cols, "LossFrames.pickSum: label \(c) out of range 0..<\(cols)")
            oneHot[r * cols + c] = (weights.map { $0.pointer[r] } ?? 1) * (negate ? -1 : 1)
        }
        let picked = tape.mul(x, Variable(Tensor(shape: x.shape, oneHot)))
        return tape.reduce(picked, .sum, axes: Array(0..<x.rank))
    }
}
