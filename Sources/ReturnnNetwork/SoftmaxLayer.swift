/// `softmax(x·W + b)` (RETURNN `softmax`: a `linear` layer with `activation="softmax"`). With a
/// `ce` loss, the loss uses the logits directly (fused, stable).
///
/// ```python
/// "output": {"class": "softmax", "loss": "ce", "from": "lstm"}   # n_out from the target
/// ```
public final class SoftmaxLayer: Layer {
    /// The class name in a net dict: `"class": "softmax"`.
    public static let className = "softmax"
    let affine: AffineTransform
    /// `[B, T, n_out]`.
    public let output: DataTemplate

    /// Reads the options (as `linear`, with activation default "softmax").
    public init(_ b: LayerBuilder) throws {
        affine = try AffineTransform(b, defaultActivation: "softmax")
        output = affine.output(for: b.input)
    }

    /// Computes the probabilities (and keeps the logits).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { affine.apply(inputs[0], ctx) }
}
