import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Helpers that losses share: template checks, the valid-frame weights, masked sums and
/// frame-wise error counting (RETURNN `Loss.init`, `_check_init`, `get_error`, `reduce_func`).
///
/// RETURNN flattens the valid frames of `[B, T, ...]` (`use_flatten_frames=True`) and reduces
/// with a plain sum; here the padded tensors are kept and padding frames get weight 0, which
/// gives the same sums.
public enum LossFrames {
    // MARK: construction checks

    /// Checks a frame-wise loss's target against the layer output (RETURNN `Loss._check_init`):
    /// both with or both without a time axis, no spatial axes, and the target's dim (classes of a
    /// sparse target, features of a dense one) equal to the output's feature dim.
    ///
    /// - Parameters:
    ///   - loss: the loss name for messages.
    ///   - allowSparse: whether sparse targets are allowed (as one-hot / labels).
    ///   - needsFeature: whether the output needs a feature axis (dense, not sparse).
    public static func checkTarget(_ target: DataTemplate, output: DataTemplate, loss: String, layer: String,
                                   allowSparse: Bool, needsFeature: Bool = true) throws {
        if output.isSparse || (needsFeature && output.featureDim == nil) {
            throw NetworkError(.sparseMismatch, "loss '\(loss)' needs a dense output with a feature axis, got \(output)", layer: layer)
        }
        guard output.spatial.isEmpty && target.spatial.isEmpty else {
            throw NetworkError(.dimensionMismatch, "loss '\(loss)' is frame-wise and needs outputs and targets without extra spatial axes; " +
                               "got output \(output) and target \(target)", layer: layer)
        }
        guard output.hasTime == target.hasTime else {
            throw NetworkError(.dimensionMismatch, "loss '\(loss)': the output \(output) and the target \(target) must both have a time axis " +
                               "or both have none", layer: layer)
        }
        if target.isSparse && !allowSparse {
            throw NetworkError(.sparseMismatch, "loss '\(loss)' does not support sparse targets (as RETURNN); use a dense target, " +
                               "or loss 'ce'/'mse' for class labels (target \(target))", layer: layer)
        }
        let tdim = target.isSparse ? target.sparseDim : target.featureDim
        guard tdim == output.featureDim else {
            let o = output.featureDim.map(String.init) ?? "none"
            let t = tdim.map(String.init) ?? "none"
            throw NetworkError(.dimensionMismatch, "loss '\(loss)': output dim \(o) does not match the target dim \(t) (target \(target)); " +
                               "set n_out to the target dim", layer: layer)
        }
    }

    /// Reads the options every RETURNN loss has (`Loss.__init__`) apart from `scale`, which the
    /// network builder reads: `use_flatten_frames` (only True) and `use_normalized_loss`,
    /// `custom_norm_factor`, `custom_inv_norm_factor` (not supported; they get a clear error).
    public static func readCommonOptions(_ options: inout OptionReader, loss: String, layer: String) throws {
        if try options.bool("use_flatten_frames", default: true) == false {
            throw NetworkError(.invalidOption, "loss '\(loss)': use_flatten_frames=False is not supported (losses always sum over the " +
                               "valid frames); remove the option", layer: layer)
        }
        if try options.bool("use_normalized_loss", default: false) {
            throw NetworkError(.invalidOption, "loss '\(loss)': loss_opts use_normalized_loss is not supported per loss; set " +
                               "use_normalized_loss = True in the config to normalize every loss", layer: layer)
        }
        for key in ["custom_norm_factor", "custom_inv_norm_factor"] {
            if let v = options.optionalValue(key), !v.isNone {
                throw NetworkError(.invalidOption, "loss '\(loss)': \(key) is not supported; the norm factor is 1 / the number of " +
                                   "target frames (or output frames, or sequences); remove the option", layer: layer)
            }
        }
    }

    /// Throws a "not supported" error for an option of an upstream loss that this port does not
    /// implement (distinct from an unknown option), when it is set to other than its default.
    public static func rejectUnsupported(_ key: String, loss: String, layer: String, isSet: Bool) throws {
        if isSet {
            throw NetworkError(.invalidOption, "loss '\(loss)': option \(key) is not supported; remove it from loss_opts", layer: layer)
        }
    }

    // MARK: frames

    /// `[B, T]` (or `[B]`) 0/1 weights of the valid frames of `output`, also checking that the
    /// target has the same frames. Throws when the sequence lengths of output and target differ.
    public static func weights(output: LayerValue, target: LayerValue) throws -> Tensor? {
        guard let lens = output.seqLens else { return nil }
        if let tl = target.seqLens, tl.array != lens.array {
            throw NetworkError(.dimensionMismatch,
                               "output sequence lengths \(lens.array) differ from the target's \(tl.array); " +
                               "a frame-wise loss needs the same number of frames")
        }
        if target.shape.count > 1 && target.shape[1] != output.time {
            throw NetworkError(.dimensionMismatch,
                               "output has \(output.time) padded frames but the target has \(target.shape[1]); " +
                               "a frame-wise loss needs the same number of frames")
        }
        return Tensor.sequenceMask(lengths: lens, maxTime: output.time)
    }

    /// `[B, T]` 0/1 weights of the valid frames of `output`, or nil when it has no time axis.
    public static func weights(output: LayerValue) -> Tensor? {
        guard let lens = output.seqLens else { return nil }
        return Tensor.sequenceMask(lengths: lens, maxTime: output.time)
    }

    /// The dense values of a target (int values are converted to floats; they are constants).
    public static func denseTarget(_ target: LayerValue) -> Variable {
        if let v = target.values { return v }
        guard let ints = target.ints else { preconditionFailure("LossFrames.denseTarget: target without values") }
        return Variable(Tensor(shape: ints.shape, ints.array.map { Float($0) }))
    }

    /// One-hot rows `[labels..., classes]` of class indices in `0..<classes`; rows whose weight
    /// is 0 (padding, whose label may be anything) stay all zero.
    public static func oneHot(_ labels: IntTensor, classes: Int, weights: Tensor? = nil) -> Tensor {
        var v = [Float](repeating: 0, count: labels.count * classes)
        let l = labels.pointer
        for r in 0..<labels.count {
            if let weights, weights.pointer[r] == 0 { continue }
            let c = Int(l[r])
            precondition(c >= 0 && c < classes, "LossFrames.oneHot: label \(c) out of range 0..<\(classes)")
            v[r * classes + c] = 1
        }
        return Tensor(shape: labels.shape + [classes], v)
    }

    /// `Σ_frames w_f · Σ(x[f, ...])`: the sum of `x` (`[B, T, ...]` or `[B, ...]`) over all axes,
    /// each frame weighted by `weights` (`[B, T]` / `[B]`, nil = all 1), as a scalar on the tape.
    public static func maskedSum(_ x: Variable, weights: Tensor?, tape: Tape) -> Variable {
        var y = x
        if let weights {
            precondition(x.rank >= weights.rank && Array(x.shape.prefix(weights.rank)) == weights.shape,
                         "LossFrames.maskedSum: weights \(weights.shape) do not match \(x.shape)")
            let w = weights.reshaped(weights.shape + [Int](repeating: 1, count: x.rank - weights.rank))
            y = tape.mul(x, Variable(w))
        }
        return tape.reduce(y, .sum, axes: Array(0..<y.rank))
    }

    // MARK: errors

    /// Number of frames with `argmax(scores[r]) != labels[r]`, weighted.
    public static func frameErrors(_ scores: Tensor, labels: IntTensor, weights: Tensor?) -> Double {
        let cols = scores.shape.last ?? 1
        let rows = cols == 0 ? 0 : scores.count / cols
        precondition(labels.count == rows, "LossFrames.frameErrors: \(labels.count) labels for \(rows) rows")
        let arg = argmax(scores)
        var errors = 0.0
        let l = labels.pointer
        for r in 0..<rows where arg[r] != l[r] { errors += Double(weights?.pointer[r] ?? 1) }
        return errors
    }

    /// RETURNN's default `Loss.get_error`: the weighted number of frames whose output argmax
    /// differs from the target label (`sparse` target) or from the target's argmax (dense target).
    public static func frameErrors(_ scores: Tensor, target: LayerValue, sparse: Bool, weights: Tensor?) -> Double {
        if sparse {
            guard let labels = target.ints else { preconditionFailure("LossFrames.frameErrors: sparse target without labels") }
            return frameErrors(scores, labels: labels, weights: weights)
        }
        let t = denseTarget(target).value
        precondition(t.count == scores.count, "LossFrames.frameErrors: target \(t.shape) does not match the output \(scores.shape)")
        let arg = argmax(t)
        return frameErrors(scores, labels: IntTensor(shape: [arg.count], arg), weights: weights)
    }

    /// Row-wise argmax over the last axis (first maximum on ties, as `tf.argmax`).
    static func argmax(_ x: Tensor) -> [Int32] {
        let cols = x.shape.last ?? 1
        let rows = cols == 0 ? 0 : x.count / cols
        var arg = [Int32](repeating: 0, count: rows)
        if rows > 0 {
            arg.withUnsafeMutableBufferPointer { Reduce.argmax(x.pointer, outer: rows, n: cols, inner: 1, $0.baseAddress!) }
        }
        return arg
    }

    /// `Σ_r w_r · x[r, labels[r]]` (negated when `negate`) as a scalar on the tape.
    public static func pickSum(_ x: Variable, labels: IntTensor, weights: Tensor?, tape: Tape, negate: Bool) -> Variable {
        let cols = x.shape.last ?? 1
        let rows = x.value.count / Swift.max(cols, 1)
        var oneHot = [Float](repeating: 0, count: rows * cols)
        let l = labels.pointer
        for r in 0..<rows {
            let w = weights.map { $0.pointer[r] } ?? 1
            if w == 0 { continue }  // padding: its label may be anything
            let c = Int(l[r])
            precondition(c >= 0 && c < cols, "LossFrames.pickSum: label \(c) out of range 0..<\(cols)")
            oneHot[r * cols + c] = w * (negate ? -1 : 1)
        }
        let picked = tape.mul(x, Variable(Tensor(shape: x.shape, oneHot)))
        return tape.reduce(picked, .sum, axes: Array(0..<x.rank))
    }
}
