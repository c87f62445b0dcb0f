import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Connectionist temporal classification (RETURNN loss `ctc`, `CtcLoss`), on our own log-space
/// forward-backward kernel (`Ctc`).
///
/// The blank is the last class, so the layer's output dim is the target dim + 1 (`n_out` is
/// derived that way from the target). The value is Σ over sequences of `-log p(target | input)`;
/// the error is Σ of the edit distances between the greedy (best-path) decoding and the target,
/// so the reported error is the label error rate. On a softmax layer the loss uses the logits.
///
/// Options (`loss_opts`): `target_collapse_repeated` (False), `auto_clip_target_len` (False),
/// `output_in_log_space` (False: the output are probabilities), `ctc_opts`
/// (`ignore_longer_outputs_than_inputs`: such sequences count 0 instead of failing), `use_native`,
/// `beam_width` (accepted; errors always use greedy decoding, see docs/differences.md).
/// ```python
/// "output": {"class": "softmax", "from": "lstm", "loss": "ctc", "target": "orth"}
/// ```
public struct CtcLoss: Loss {
    /// The loss name in a layer dict: `"loss": "ctc"`.
    public static let className = "ctc"
    /// One extra class: the blank.
    public static var extraOutputDim: Int { 1 }
    /// Needs whole sequences.
    public static var isRecurrent: Bool { true }

    let vocab: Int
    let collapseRepeated: Bool
    let autoClip: Bool
    let logSpace: Bool
    let zeroInfinity: Bool
    let layer: String

    /// Reads the options and checks the dims (output = target + blank).
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("CtcLoss: the builder checks needsTarget") }
        guard let v = output.featureDim, !output.isSparse, output.hasTime else {
            throw NetworkError(.sparseMismatch, "loss 'ctc' needs a dense output [B,T,F] with a time axis, got \(output)", layer: layer)
        }
        guard let t = target.sparseDim, target.hasTime else {
            throw NetworkError(.sparseMismatch, "loss 'ctc' needs a sparse target with a time axis (label sequences), got \(target)",
                               layer: layer)
        }
        guard v == t + 1 else {
            throw NetworkError(.dimensionMismatch, "loss 'ctc': output dim \(v) must be the target dim \(t) + 1 (blank is the last " +
                               "class); set n_out to \(t + 1) or remove it", layer: layer)
        }
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        collapseRepeated = try options.bool("target_collapse_repeated", default: false)
        autoClip = try options.bool("auto_clip_target_len", default: false)
        logSpace = try options.bool("output_in_log_space", default: false)
        if try options.bool("use_viterbi", default: false) {
            throw NetworkError(.invalidOption, "loss 'ctc': use_viterbi=True is not supported; remove it", layer: layer)
        }
        options.ignore(["use_native", "beam_width"])
        var zi = false
        if var opts = try options.optionalDict("ctc_opts") {
            zi = try opts.bool("ignore_longer_outputs_than_inputs", default: false)
            opts.ignore(["preprocess_collapse_repeated", "ctc_merge_repeated"])
            try opts.finish()
        }
        zeroInfinity = zi
        vocab = v
        self.layer = layer
    }

    /// Σ of the per-sequence CTC losses and of the greedy label errors.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target, let labels = target.ints else { preconditionFailure("CtcLoss: sparse target expected") }
        let (b, t) = (output.batch, output.time)
        let inputLens = output.seqLens ?? IntTensor(shape: [b], repeating: Int32(t))
        var (targets, targetLens) = (labels, target.seqLens ?? IntTensor(shape: [b], repeating: Int32(labels.shape.last ?? 0)))
        if collapseRepeated || autoClip { (targets, targetLens) = prepare(targets, targetLens, inputLens) }
        let scores: Variable
        if let logits = output.logits {
            scores = logits
        } else if logSpace {
            scores = output.dense
        } else {
            scores = ctx.tape.safeLog(output.dense)
        }
        let s = targets.shape.count > 1 ? targets.shape[1] : 0
        do {
            try Ctc.validate(batch: b, time: t, vocab: vocab, inputLengths: inputLens.pointer, targets: targets.pointer,
                             maxTargetLength: s, targetLengths: targetLens.pointer)
        } catch {
            throw NetworkError(.dimensionMismatch, "loss 'ctc': \(error)", layer: layer)
        }
        if !zeroInfinity {
            let tl = targetLens.array, il = inputLens.array
            for i in 0..<b {
                let need = targets.array.withUnsafeBufferPointer {
                    Ctc.minimumFrames(UnsafeBufferPointer(rebasing: $0[(i * s)..<(i * s + Int(tl[i]))]))
                }
                if need > Int(il[i]) {
                    throw NetworkError(.dimensionMismatch, "loss 'ctc': sequence \(i) of the batch has \(tl[i]) labels, which need at " +
                                       "least \(need) frames, but the input has \(il[i]); shorten the targets, reduce downsampling, or set " +
                                       "loss_opts {'ctc_opts': {'ignore_longer_outputs_than_inputs': True}}", layer: layer)
                }
            }
        }
        let perSeq = ctx.tape.ctcLoss(logits: scores, inputLengths: inputLens, targets: targets, targetLengths: targetLens,
                                      zeroInfinity: zeroInfinity)
        let value = ctx.tape.reduce(perSeq, .sum, axes: [0])
        let errors = CtcGreedy.labelErrors(logits: scores.value.pointer, batch: b, time: t, vocab: vocab,
                                           inputLengths: inputLens.pointer, targets: targets.pointer, maxTargetLength: s,
                                           targetLengths: targetLens.pointer)
        return LossSums(value: value, error: Double(errors.reduce(0, +)))
    }

    /// Collapses repeated labels and/or clips targets to the input length.
    func prepare(_ targets: IntTensor, _ lens: IntTensor, _ inputLens: IntTensor) -> (IntTensor, IntTensor) {
        let (b, s) = (targets.shape[0], targets.shape.count > 1 ? targets.shape[1] : 0)
        var out = [Int32](repeating: 0, count: b * s)
        var newLens = [Int32](repeating: 0, count: b)
        let src = targets.array, l = lens.array, il = inputLens.array
        for i in 0..<b {
            var n = 0
            for j in 0..<Int(l[i]) {
                let c = src[i * s + j]
                if collapseRepeated && n > 0 && out[i * s + n - 1] == c { continue }
                out[i * s + n] = c
                n += 1
            }
            if autoClip { n = min(n, Int(il[i])) }
            newLens[i] = Int32(n)
        }
        return (IntTensor(shape: [b, s], out), IntTensor(shape: [b], newLens))
    }
}
