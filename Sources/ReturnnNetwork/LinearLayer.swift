/// `activation(x·W + b)` (RETURNN `linear`; aliases `hidden`, `forward`). On sparse input it is
/// an embedding.
///
/// Options: `n_out` (or from `target`), `activation` (None), `with_bias` (True),
/// `forward_weights_init` ("glorot_uniform"), `bias_init` (0). Parameters `<name>/W` `[in, n_out]`,
/// `<name>/b` `[n_out]`.
/// ```python
/// "hidden": {"class": "linear", "activation": "tanh", "n_out": 256, "from": "data"}
/// ```
public final class LinearLayer: Layer {
    /// The class name in a net dict: `"class": "linear"`.
    public static let className = "linear"
    let affine: AffineTransform
    /// `[B, T, n_out]`.
    public let output: DataTemplate

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        affine = try AffineTransform(b, defaultActivation: nil)
        output = affine.output(for: b.input)
    }

    /// Computes `activation(x·W + b)`.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { affine.apply(inputs[0], ctx) }
}
