import Foundation
import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Cross entropy (RETURNN loss `ce`, `CrossEntropyLoss`).
///
/// - Sparse targets on a softmax layer (or with `input_type="logits"`): the fused, stable
///   softmax CE on the logits (RETURNN `use_fused=True`, `sparse_softmax_cross_entropy_with_logits`);
///   on other layers `-safe_log(p[target])` of the output.
/// - Dense targets: `softmax_cross_entropy_with_logits` on the logits, else `-Σ_j t_j safe_log(p_j)`.
/// - `label_smoothing` (sparse targets): target mass `1 - ls` on the label and `ls / (dim - 1)` on
///   every other class, minus that distribution's entropy (RETURNN `smoothing_cross_entropy`).
///
/// Value and error (frame errors: `argmax(output) != target`, or `!= argmax(target)`) are sums
/// over valid frames.
///
/// Options (`loss_opts`): `input_type` ("prob" default, or "logits": the layer output are the
/// logits), `label_smoothing` (0), `use_fused` (True), `safe_log_opts` (`eps` 1e-20,
/// `use_fake_grad` True). Not supported (error): `label_smoothing_gaussian`, `focal_loss_factor`,
/// `fake_upper_bound`, `debug_dump`.
///
/// ```python
/// "output": {"class": "softmax", "from": "lstm", "loss": "ce", "target": "classes",
///            "loss_opts": {"label_smoothing": 0.1}}
/// ```
public struct CrossEntropyLoss: Loss {
    /// The loss name in a layer dict: `"loss": "ce"`.
    public static let className = "ce"

    /// RETURNN's `input_type`: what the layer output is.
    public enum InputType: String, Sendable {
        /// Probabilities (the default); a softmax layer's logits are used when available.
        case prob
        /// Unnormalized logits.
        case logits
    }

    /// Number of classes.
    let dim: Int
    /// Whether the target is sparse (class indices).
    let sparseTarget: Bool
    /// `input_type`.
    let inputType: InputType
    /// `label_smoothing`.
    let labelSmoothing: Double
    /// `use_fused`.
    let useFused: Bool
    /// `safe_log_opts`: `eps`, `use_fake_grad`.
    let safeLogEps: Double, safeLogFakeGrad: Bool

    /// Reads `loss_opts` and checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("CrossEntropyLoss: the builder checks needsTarget") }
        try LossFrames.checkTarget(target, output: output, loss: Self.className, layer: layer, allowSparse: true)
        dim = output.featureDim!
        sparseTarget = target.isSparse
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        let it = try options.string("input_type", default: "prob")
        guard let inputType = InputType(rawValue: it) else {
            throw NetworkError(.invalidOption, "loss 'ce': input_type must be \"prob\" or \"logits\", got \"\(it)\"", layer: layer)
        }
        self.inputType = inputType
        labelSmoothing = try options.double("label_smoothing", default: 0)
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw NetworkError(.invalidOption, "loss 'ce': label_smoothing must be in [0, 1], got \(labelSmoothing)", layer: layer)
        }
        if labelSmoothing > 0 {
            guard sparseTarget else {
                throw NetworkError(.invalidOption, "loss 'ce': label_smoothing needs a sparse target (as RETURNN); the target is dense " +
                                   "(\(target)); remove label_smoothing", layer: layer)
            }
            guard dim >= 2 else {
                throw NetworkError(.invalidOption, "loss 'ce': label_smoothing needs at least 2 classes, the output has \(dim)", layer: layer)
            }
        }
        useFused = try options.bool("use_fused", default: true)
        var eps = 1e-20, fake = true
        if let opts = try options.optionalDict("safe_log_opts") {
            var o = opts
            eps = try o.double("eps", default: 1e-20)
            fake = try o.bool("use_fake_grad", default: true)
            try o.finish()
            guard Float(eps) > 0 else {
                throw NetworkError(.invalidOption, "loss 'ce': safe_log_opts eps must be a positive float32 (at least 1e-45), got \(eps)",
                                   layer: layer)
            }
        }
        (safeLogEps, safeLogFakeGrad) = (eps, fake)
        try LossFrames.rejectUnsupported("label_smoothing_gaussian", loss: Self.className, layer: layer,
                                         isSet: try options.bool("label_smoothing_gaussian", default: false))
        try LossFrames.rejectUnsupported("focal_loss_factor", loss: Self.className, layer: layer,
                                         isSet: try options.double("focal_loss_factor", default: 0) != 0)
        try LossFrames.rejectUnsupported("fake_upper_bound", loss: Self.className, layer: layer,
                                         isSet: try options.optionalDouble("fake_upper_bound") != nil)
        try LossFrames.rejectUnsupported("debug_dump", loss: Self.className, layer: layer,
                                         isSet: try options.bool("debug_dump", default: false))
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target else { preconditionFailure("CrossEntropyLoss: the builder checks needsTarget") }
        let tape = ctx.tape
        let weights = try LossFrames.weights(output: output, target: target)
        // RETURNN `output_before_softmax_flat`: the layer output for input_type logits, else the
        // pre-softmax of a softmax layer.
        let logits = inputType == .logits ? output.dense : output.logits
        let value: Variable
        if sparseTarget {
            guard let labels = target.ints else { preconditionFailure("CrossEntropyLoss: sparse target without labels") }
            if useFused, let logits {
                value = labelSmoothing > 0
                    ? tape.sparseCrossEntropy(logits, targets: labels, weights: weights, labelSmoothing: Float(labelSmoothing))
                    : tape.sparseCrossEntropy(logits, targets: labels, weights: weights)
            } else {
                let logP = logProbabilities(output, logits: logits, tape: tape)
                value = labelSmoothing > 0
                    ? smoothedSum(logP, labels: labels, weights: weights, tape: tape)
                    : LossFrames.pickSum(logP, labels: labels, weights: weights, tape: tape, negate: true)
            }
        } else {
            let t = LossFrames.denseTarget(target)
            if useFused, let logits {
                value = tape.denseCrossEntropy(logits, targets: t, weights: weights)
            } else {
                let logP = logProbabilities(output, logits: logits, tape: tape)
                value = tape.neg(LossFrames.maskedSum(tape.mul(t, logP), weights: weights, tape: tape))
            }
        }
        let errors = LossFrames.frameErrors((logits ?? output.dense).value, target: target, sparse: sparseTarget, weights: weights)
        return LossSums(value: value, error: errors)
    }

    /// `log p` of the unfused path: log-softmax of the logits when there are some (RETURNN's
    /// `safe_log` turns `log(softmax(x))` into `log_softmax(x)`), else `safe_log` of the output.
    func logProbabilities(_ output: LayerValue, logits: Variable?, tape: Tape) -> Variable {
        if let logits { return tape.logSoftmax(logits) }
        return tape.safeLog(output.dense, eps: Float(safeLogEps), identityGradient: safeLogFakeGrad)
    }

    /// Label-smoothed CE from normalized log-probabilities (RETURNN `smoothing_cross_entropy` with
    /// `logits_are_normalized=True`): `Σ_r w_r (-Σ_j q_rj logP_rj - c)`.
    func smoothedSum(_ logP: Variable, labels: IntTensor, weights: Tensor?, tape: Tape) -> Variable {
        let ls = labelSmoothing
        let conf = 1 - ls, low = ls / Double(dim - 1)
        let rows = labels.count
        var q = [Float](repeating: 0, count: rows * dim)
        var weightSum = 0.0
        let l = labels.pointer
        for r in 0..<rows {
            let w = weights?.pointer[r] ?? 1
            if w == 0 { continue }
            weightSum += Double(w)
            let c = Int(l[r])
            precondition(c >= 0 && c < dim, "CrossEntropyLoss: label \(c) out of range 0..<\(dim)")
            for j in 0..<dim { q[r * dim + j] = -w * Float(low) }
            q[r * dim + c] = -w * Float(conf)
        }
        let picked = tape.reduce(tape.mul(logP, Variable(Tensor(shape: logP.shape, q))), .sum, axes: Array(0..<logP.rank))
        let normalizing = -((conf > 0 ? conf * Foundation.log(conf) : 0) + Double(dim - 1) * low * Foundation.log(low + 1e-20))
        return tape.add(picked, Variable(Tensor(scalar: Float(-normalizing * weightSum))))
    }
}
