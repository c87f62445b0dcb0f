/// The (concatenated) sources unchanged (RETURNN `copy`), with optional `dropout` in training.
///
/// ```python
/// "concat": {"class": "copy", "from": ["fw", "bw"]}
/// ```
public final class CopyLayer: Layer {
    /// The class name in a net dict: `"class": "copy"`.
    public static let className = "copy"
    /// Same as the input.
    public let output: DataTemplate

    /// Output = input template.
    public init(_ b: LayerBuilder) throws {
        output = b.input
    }

    /// Returns the input.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}
