/// The (concatenated) sources with dropout in training (RETURNN `dropout`, a `copy` layer).
///
/// Options: `dropout` (the rate, default 0 as upstream, where the layer is then a plain copy). The
/// network applies it as for every layer: inverted dropout in training only, with one mask over
/// the feature axis shared by all frames and sequences (RETURNN's default noise shape).
/// ```python
/// "drop": {"class": "dropout", "dropout": 0.1, "from": "lstm"}
/// ```
public final class DropoutLayer: Layer {
    /// The class name in a net dict: `"class": "dropout"`.
    public static let className = "dropout"
    /// Same as the input.
    public let output: DataTemplate

    /// Output = input template; `dropout` is read by the network builder.
    public init(_ b: LayerBuilder) throws {
        output = b.input
    }

    /// Returns the input (dropout was applied to it by the network in training).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}
