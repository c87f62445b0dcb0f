import ReturnnConfig
import ReturnnTensor

/// L1 distance (RETURNN loss `l1`, `L1Loss`): `Σ |t - o|` over the features and the valid frames.
///
/// Needs a dense target (as upstream). Error: frame errors (`argmax(o) != argmax(t)`) when the
/// output has a feature axis.
///
/// ```python
/// "output": {"class": "linear", "activation": None, "from": "lstm", "loss": "l1", "target": "feats"}
/// ```
public struct L1Loss: Loss {
    /// The loss name in a layer dict: `"loss": "l1"`.
    public static let className = "l1"
    /// Whether the output has a feature axis (frame errors need one).
    let hasFeature: Bool

    /// Checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("L1Loss: the builder checks needsTarget") }
        try LossFrames.checkTarget(target, output: output, loss: Self.className, layer: layer, allowSparse: false, needsFeature: false)
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        hasFeature = output.featureDim != nil
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target else { preconditionFailure("L1Loss: the builder checks needsTarget") }
        let weights = try LossFrames.weights(output: output, target: target)
        let o = output.dense
        let value = LossFrames.maskedSum(ctx.tape.abs(ctx.tape.sub(LossFrames.denseTarget(target), o)), weights: weights, tape: ctx.tape)
        let errors = hasFeature ? LossFrames.frameErrors(o.value, target: target, sparse: false, weights: weights) : nil
        return LossSums(value: value, error: errors)
    }
}
