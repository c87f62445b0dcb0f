import ReturnnConfig
import ReturnnTensor

/// Mean squared error (RETURNN loss `mse`, `MeanSquaredError`): per frame the mean over the
/// features of `(o - t)²`, summed over the valid frames.
///
/// `o` is the layer output (the probabilities of a softmax layer); a sparse target is compared
/// as one-hot vectors. Error: frame errors (`argmax(o) != target`, or `!= argmax(t)`).
///
/// ```python
/// "output": {"class": "linear", "activation": None, "from": "lstm", "loss": "mse", "target": "feats"}
/// ```
public struct MeanSquaredErrorLoss: Loss {
    /// The loss name in a layer dict: `"loss": "mse"`.
    public static let className = "mse"
    /// Feature dim.
    let dim: Int
    /// Whether the target is sparse (compared as one-hot).
    let sparseTarget: Bool

    /// Checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("MeanSquaredErrorLoss: the builder checks needsTarget") }
        try LossFrames.checkTarget(target, output: output, loss: Self.className, layer: layer, allowSparse: true)
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        dim = output.featureDim!
        sparseTarget = target.isSparse
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target else { preconditionFailure("MeanSquaredErrorLoss: the builder checks needsTarget") }
        let tape = ctx.tape
        let weights = try LossFrames.weights(output: output, target: target)
        let o = output.dense
        let t: Variable
        if sparseTarget {
            guard let labels = target.ints else { preconditionFailure("MeanSquaredErrorLoss: sparse target without labels") }
            t = Variable(LossFrames.oneHot(labels, classes: dim, weights: weights))
        } else {
            t = LossFrames.denseTarget(target)
        }
        let sum = LossFrames.maskedSum(tape.square(tape.sub(o, t)), weights: weights, tape: tape)
        let value = tape.scale(sum, by: 1 / Float(dim))
        let errors = LossFrames.frameErrors(o.value, target: target, sparse: sparseTarget, weights: weights)
        return LossSums(value: value, error: errors)
    }
}
