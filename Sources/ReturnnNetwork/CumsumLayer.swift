import ReturnnConfig
import ReturnnTensor

/// Cumulative sum along an axis (RETURNN `cumsum`, TF `tf.cumsum`).
///
/// Options: `axis` ("T"; any axis description or dim tag), `additional_left_summand_per_element`
/// (None; a number added to every element first), `reverse` (False: sums from the end). As
/// upstream, padded frames are not masked: with `reverse` over time a sequence's sums include the
/// padding after its end (mask the input first where that matters). The output has the input's
/// axes and lengths.
/// ```python
/// "pos": {"class": "cumsum", "from": "ones", "axis": "T"}
/// ```
public final class CumsumLayer: Layer {
    /// The class name in a net dict: `"class": "cumsum"`.
    public static let className = "cumsum"
    /// The order of frames matters (RETURNN `recurrent = True`).
    public static var mixesFrames: Bool { true }
    /// Same as the input.
    public let output: DataTemplate
    let axis: Int
    let summand: Float?
    let reverse: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; cumsum needs float input") }
        let axisValue = b.options.optionalValue("axis").flatMap { $0.isNone ? nil : $0 } ?? .str("T")
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        if input.dims[axis].isBatch { throw b.error(.invalidOption, "cumsum over the batch axis is not supported", at: axisValue.location) }
        if let v = b.options.optionalValue("additional_left_summand_per_element"), !v.isNone {
            guard let d = v.doubleValue, v.boolValue == nil else {
                throw b.error(.invalidOption, "additional_left_summand_per_element must be a number, got \(v.repr)", at: v.location)
            }
            summand = Float(d)
        } else {
            summand = nil
        }
        reverse = try b.read { try $0.bool("reverse", default: false) }
        output = input
    }

    /// Adds the summand, then sums cumulatively.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        var x = inputs[0].dense
        if let summand { x = ctx.tape.add(x, Variable(Tensor(scalar: summand))) }
        return LayerValue(values: ctx.tape.cumsum(x, axis: axis, reverse: reverse), seqLens: inputs[0].seqLens)
    }
}
