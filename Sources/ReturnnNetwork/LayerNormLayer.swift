import ReturnnTensor

/// Layer normalization over the feature axis (RETURNN `layer_norm`, `LayerNormLayer`):
/// `(x - mean) / sqrt(var + epsilon) * scale + bias`, mean and (biased) variance taken over the
/// features of each frame.
///
/// Options: `epsilon` (1e-6); `in_dim`/`out_dim` are not supported (always the feature axis).
/// Parameters `<name>/scale` `[F]` (init 1), `<name>/bias` `[F]` (init 0). The output has the
/// input's shape, time axis and lengths.
/// ```python
/// "ln": {"class": "layer_norm", "from": "encoder"}
/// ```
public final class LayerNormLayer: Layer {
    /// The class name in a net dict: `"class": "layer_norm"`.
    public static let className = "layer_norm"
    /// Same as the input.
    public let output: DataTemplate
    let epsilon: Float
    let scale: String, bias: String

    /// Reads the options and declares `scale` and `bias`.
    public init(_ b: LayerBuilder) throws {
        try b.requireDense(b.input)
        let f = b.input.featureDim!
        epsilon = Float(try b.read { try $0.double("epsilon", default: 1e-6) })
        guard epsilon >= 0 else { throw b.error(.invalidOption, "epsilon must be >= 0, got \(epsilon)") }
        for key in ["in_dim", "out_dim"] where b.options.optionalValue(key).map({ !$0.isNone }) ?? false {
            throw b.error(.invalidOption, "\(key) is not supported: layer_norm always normalizes over the feature axis; " +
                          "remove '\(key)'")
        }
        b.options.ignore(["in_dim", "out_dim"])
        scale = b.parameter("scale", shape: [f], initializer: .constant(1))
        bias = b.parameter("bias", shape: [f], initializer: .constant(0))
        output = b.input
    }

    /// Normalizes every frame.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let y = Self.normalize(x.dense, epsilon: epsilon, tape: ctx.tape)
        let out = ctx.tape.add(ctx.tape.mul(y, ctx.parameter(scale)), ctx.parameter(bias))
        return LayerValue(values: out, seqLens: x.seqLens)
    }

    /// `(x - mean) / sqrt(var + epsilon)` over the last axis, on the tape.
    static func normalize(_ x: Variable, epsilon: Float, tape: Tape) -> Variable {
        let last = x.rank - 1
        let mean = tape.reduce(x, .mean, axes: [last], keepDims: true)
        let centered = tape.sub(x, mean)
        let variance = tape.reduce(tape.square(centered), .mean, axes: [last], keepDims: true)
        let std = tape.sqrt(tape.add(variance, Variable(Tensor(scalar: epsilon))))
        return tape.div(centered, std)
    }
}
