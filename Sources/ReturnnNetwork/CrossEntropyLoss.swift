import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Cross entropy (RETURNN loss `ce`, `CrossEntropyLoss`).
///
/// Sparse targets on a softmax layer use the fused, stable softmax CE on the layer's logits
/// (RETURNN `use_fused=True`); on other layers `-log(p[target])` of the output. Value and error
/// (frame errors: `argmax(output) != target`) are sums over valid frames.
///
/// ```python
/// "output": {"class": "softmax", "from": "lstm", "loss": "ce", "target": "classes"}
/// ```
public struct CrossEntropyLoss: Loss {
    /// RETURNN name.
    public static let className = "ce"
    /// Number of classes.
    let dim: Int

    /// Checks that the target fits the output.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("CrossEntropyLoss: the builder checks needsTarget") }
        guard let dim = output.featureDim, !output.isSparse else {
            throw NetworkError(.sparseMismatch, "loss 'ce' needs a dense output with a feature axis, got \(output)", layer: layer)
        }
        guard let tdim = target.dim, tdim == dim else {
            throw NetworkError(.dimensionMismatch, "loss 'ce': output dim \(dim) does not match the target dim \(target.dim.map(String.init) ?? "?") (\(target)); set n_out to the target dim", layer: layer)
        }
        guard target.isSparse else {
            throw NetworkError(.invalidOption, "loss 'ce' with a dense target is not supported yet; use a sparse target", layer: layer)
        }
        self.dim = dim
    }

    /// Sums over the valid frames.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target, let labels = target.ints else { preconditionFailure("CrossEntropyLoss: sparse target expected") }
        let weights = try LossFrames.weights(output: output, target: target)
        let logits = output.logits
        let value: Variable
        if let logits {
            value = ctx.tape.sparseCrossEntropy(logits, targets: labels, weights: weights)
        } else {
            let logP = ctx.tape.log(output.dense)
            value = LossFrames.pickSum(logP, labels: labels, weights: weights, tape: ctx.tape, negate: true)
        }
        let errors = LossFrames.frameErrors((logits ?? output.dense).value, labels: labels, weights: weights)
        return LossSums(value: value, error: errors)
    }
}
