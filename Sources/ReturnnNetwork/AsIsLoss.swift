import ReturnnConfig
import ReturnnTensor

/// The layer output is the loss (RETURNN loss `as_is`, `AsIsLoss`; needs no target): the value
/// is the sum of the output over the valid frames (all elements of each frame).
///
/// Option `as_error` (False): report the sum as the error instead; the value is then a constant 0
/// (RETURNN has no value then, so the loss adds nothing to the objective).
///
/// ```python
/// "aux": {"class": "copy", "from": "penalty", "loss": "as_is", "loss_scale": 0.1}
/// ```
public struct AsIsLoss: Loss {
    /// The loss name in a layer dict: `"loss": "as_is"`.
    public static let className = "as_is"
    /// No target.
    public static let needsTarget = false
    /// `as_error`.
    let asError: Bool

    /// Reads `as_error`.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        asError = try options.bool("as_error", default: false)
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        let weights = LossFrames.weights(output: output)
        let x = output.values ?? LossFrames.denseTarget(output)
        let sum = LossFrames.maskedSum(x, weights: weights, tape: ctx.tape)
        if asError { return LossSums(value: Variable(Tensor(scalar: 0)), error: Double(sum.value.scalar)) }
        return LossSums(value: sum, error: nil)
    }
}
