/// Only an activation function on the (concatenated) sources (RETURNN `activation`).
///
/// Options: `activation` (required; a name, an expression like `"2*sigmoid"`, or None for the
/// identity), `opts` (must be None: no activation here takes options). With `softmax` the logits
/// are kept for a fused `ce` loss.
/// ```python
/// "act": {"class": "activation", "activation": "relu", "from": "lin"}
/// ```
public final class ActivationLayer: Layer {
    /// The class name in a net dict: `"class": "activation"`.
    public static let className = "activation"
    /// Same as the input.
    public let output: DataTemplate
    /// The activation.
    public let activation: Activation

    /// Reads `activation`.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else {
            throw b.error(.sparseMismatch, "input \(input) holds int values; an activation needs float input " +
                          "(use a 'linear' layer for sparse indices or 'cast' to float32)")
        }
        guard b.options.has("activation") else {
            throw b.error(.invalidOption, "needs 'activation', e.g. \"relu\", \"tanh\" or None")
        }
        activation = try b.activation()
        if let o = b.options.optionalValue("opts"), !o.isNone {
            throw b.error(.invalidOption, "opts for the activation function are not supported; remove 'opts'", at: o.location)
        }
        if "\(activation)".contains("softmax") && input.featureDim == nil {
            throw b.error(.dimensionMismatch, "softmax needs a feature axis, the input is \(input)")
        }
        output = input
    }

    /// Applies the activation.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0].dense
        return LayerValue(values: activation.apply(x, ctx.tape), seqLens: inputs[0].seqLens, logits: activation.isSoftmax ? x : nil)
    }
}
