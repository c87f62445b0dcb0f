import ReturnnConfig
import ReturnnTensor

/// Binary cross entropy on logits (RETURNN loss `bin_ce`, alias `sse_sigmoid`,
/// `BinaryCrossEntropyLoss`): per element `sigmoid_cross_entropy_with_logits(x, t)` =
/// `softplus(x) - t·x` (the layer output `x` are logits, not probabilities), summed over the
/// features and valid frames and divided by the feature dim.
///
/// Option `pos_weight` (None): weight `q` of the positive term as TF's
/// `weighted_cross_entropy_with_logits`: `(1 - t)·x + (1 + (q - 1)·t)·softplus(-x)`.
/// Error: number of elements with `(x > 0) != (t > 0.5)`, divided by the feature dim.
/// Needs a dense target of the output's dim.
///
/// ```python
/// "output": {"class": "linear", "activation": None, "n_out": 5, "from": "lstm", "loss": "bin_ce", "target": "labels"}
/// ```
public struct BinaryCrossEntropyLoss: Loss {
    /// The loss name in a layer dict: `"loss": "bin_ce"`.
    public static let className = "bin_ce"
    /// `output.dim or 1`: the divisor.
    let dim: Int
    /// `pos_weight`.
    let posWeight: Double?

    /// Reads `pos_weight` and checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("BinaryCrossEntropyLoss: the builder checks needsTarget") }
        try LossFrames.checkTarget(target, output: output, loss: Self.className, layer: layer, allowSparse: false, needsFeature: false)
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        dim = output.featureDim ?? 1
        posWeight = try options.optionalDouble("pos_weight")
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target else { preconditionFailure("BinaryCrossEntropyLoss: the builder checks needsTarget") }
        let tape = ctx.tape
        let weights = try LossFrames.weights(output: output, target: target)
        let x = output.dense
        let t = LossFrames.denseTarget(target)
        let perElement: Variable
        if let q = posWeight {
            // (1 - t) x + (1 + (q - 1) t) softplus(-x), with softplus(-x) = softplus(x) - x.
            let oneMinusT = tape.add(tape.neg(t), Variable(Tensor(scalar: 1)))
            let l = tape.add(tape.scale(t, by: Float(q - 1)), Variable(Tensor(scalar: 1)))
            let spNeg = tape.softplus(tape.neg(x))
            perElement = tape.add(tape.mul(oneMinusT, x), tape.mul(l, spNeg))
        } else {
            perElement = tape.sub(tape.softplus(x), tape.mul(t, x))
        }
        let value = tape.scale(LossFrames.maskedSum(perElement, weights: weights, tape: tape), by: 1 / Float(dim))
        return LossSums(value: value, error: errors(x.value, t.value, weights: weights))
    }

    /// `Σ w_frame · [(x > 0) != (t > 0.5)] / dim`.
    func errors(_ x: Tensor, _ t: Tensor, weights: Tensor?) -> Double {
        precondition(x.count == t.count, "BinaryCrossEntropyLoss: target \(t.shape) does not match the output \(x.shape)")
        let perFrame = weights.map { x.count / Swift.max($0.count, 1) } ?? 1
        var sum = 0.0
        let xp = x.pointer, tp = t.pointer
        for i in 0..<x.count where (xp[i] > 0) != (tp[i] > 0.5) {
            sum += Double(weights?.pointer[i / perFrame] ?? 1)
        }
        return sum / Double(dim)
    }
}
