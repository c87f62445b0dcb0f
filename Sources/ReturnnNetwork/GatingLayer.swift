import ReturnnConfig
import ReturnnTensor

/// Gated activation (RETURNN `gating`): the (concatenated) input's features are split into two
/// halves `a, b`; the output is `activation(a) * gate_activation(b)`, half the input dim.
///
/// Options: `activation` (required, e.g. "tanh", "relu", "identity"), `gate_activation`
/// ("sigmoid"), `n_out`/`out_dim` (optional, must be half the input dim). With two sources of the
/// output dim, `a` is the first and `b` the second (the same as splitting their concatenation).
/// The output feature axis is the derived tag `F//2`.
/// ```python
/// "glu": {"class": "gating", "activation": "identity", "from": "conv"}
/// ```
public final class GatingLayer: Layer {
    /// The class name in a net dict: `"class": "gating"`.
    public static let className = "gating"
    /// `[..., F/2]`.
    public let output: DataTemplate
    let activation: Activation, gateActivation: Activation
    let featureAxis: Int

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        try b.requireDense(input)
        let f = input.featureDim!
        guard f % 2 == 0 else {
            throw b.error(.dimensionMismatch, "gating splits the input features into two halves, but the input \(input) has the odd feature dim \(f)")
        }
        guard b.options.optionalValue("activation").map({ !$0.isNone }) ?? false else {
            throw b.error(.invalidOption, "needs 'activation' (e.g. \"tanh\"; \"identity\" for none)")
        }
        activation = try b.activation()
        gateActivation = try b.activation("gate_activation", default: "sigmoid")
        if b.hasOption("n_out") || b.hasOption("out_dim"), let n = try b.nOut(), n != f / 2 {
            throw b.error(.dimensionMismatch, "n_out/out_dim \(n) must be half the input feature dim \(f) (\(f / 2))")
        }
        featureAxis = input.featureAxis!
        var out = input
        out.dims[featureAxis] = input.featureTag!.floorDiv(2)
        output = out
    }

    /// Splits, activates and multiplies.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let x = inputs[0].dense
        let half = x.shape[featureAxis] / 2
        let parts = tape.split(x, axis: featureAxis, sizes: [half, half])
        let y = tape.mul(activation.apply(parts[0], tape), gateActivation.apply(parts[1], tape))
        return LayerValue(values: y, seqLens: inputs[0].seqLens)
    }
}
