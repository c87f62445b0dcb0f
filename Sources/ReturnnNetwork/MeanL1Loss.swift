import ReturnnConfig
import ReturnnTensor

/// Mean L1 distance (RETURNN loss `mean_l1`, `MeanL1Loss`): per frame the mean over the features
/// of `|t - o|`, summed over the valid frames.
///
/// Needs a dense target (as upstream). Error: frame errors (`argmax(o) != argmax(t)`).
///
/// ```python
/// "output": {"class": "linear", "activation": None, "from": "lstm", "loss": "mean_l1", "target": "feats"}
/// ```
public struct MeanL1Loss: Loss {
    /// The loss name in a layer dict: `"loss": "mean_l1"`.
    public static let className = "mean_l1"
    /// Feature dim.
    let dim: Int

    /// Checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("MeanL1Loss: the builder checks needsTarget") }
        try LossFrames.checkTarget(target, output: output, loss: Self.className, layer: layer, allowSparse: false)
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        dim = output.featureDim!
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target else { preconditionFailure("MeanL1Loss: the builder checks needsTarget") }
        let weights = try LossFrames.weights(output: output, target: target)
        let o = output.dense
        let sum = LossFrames.maskedSum(ctx.tape.abs(ctx.tape.sub(LossFrames.denseTarget(target), o)), weights: weights, tape: ctx.tape)
        let value = ctx.tape.scale(sum, by: 1 / Float(dim))
        let errors = LossFrames.frameErrors(o.value, target: target, sparse: false, weights: weights)
        return LossSums(value: value, error: errors)
    }
}
