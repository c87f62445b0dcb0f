import ReturnnConfig
import ReturnnTensor

/// Identity in the forward pass whose gradient is multiplied by `scale` (RETURNN `scaled_grad`):
/// a negative scale is a gradient reversal layer (domain-adversarial training), 0 stops the
/// gradient (`tf.stop_gradient`).
///
/// Options: `scale` (required, a number). Not supported: `scale` from another layer, `shift`,
/// `scale_shift_by_sum_over_axis`, `clip_max_axis` (rejected).
/// ```python
/// "rev": {"class": "scaled_grad", "scale": -1.0, "from": "encoder"}
/// ```
public final class ScaledGradientLayer: Layer {
    /// The class name in a net dict: `"class": "scaled_grad"`.
    public static let className = "scaled_grad"
    /// Same as the input.
    public let output: DataTemplate
    /// The gradient factor.
    public let scale: Float

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let v = try b.read { try $0.value("scale") }
        guard let d = v.doubleValue, v.boolValue == nil else {
            throw b.error(.invalidOption, "scale must be a number" + (v.stringValue != nil ? "; a scale from another layer is not supported yet" : "") +
                          ", got \(v.repr)", at: v.location)
        }
        scale = Float(d)
        for key in ["shift", "scale_shift_by_sum_over_axis", "clip_max_axis"] {
            if let o = b.options.optionalValue(key), !o.isNone {
                throw b.error(.invalidOption, "\(key) is not supported for scaled_grad; remove it", at: o.location)
            }
        }
        b.options.ignore(["shift", "scale_shift_by_sum_over_axis", "clip_max_axis"])
        guard b.input.isFloat else { throw b.error(.sparseMismatch, "input \(b.input) holds int values; scaled_grad needs float input") }
        output = b.input
    }

    /// The input, with the gradient scaled.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        LayerValue(values: ctx.tape.scaledGradient(inputs[0].dense, scale: scale), seqLens: inputs[0].seqLens)
    }
}
