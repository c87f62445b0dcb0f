import ReturnnTensor

/// Converts the values to another dtype (RETURNN `cast`).
///
/// Options: `dtype` (required: `"float32"` or `"int32"`; `"int64"` is stored as int32). Float to
/// int truncates toward zero (as `tf.cast`), saturating at the int32 range; NaN becomes 0. Sparse
/// indices cast to float lose the sparse dim (float scalars per frame). No gradient flows through
/// a cast to int.
/// ```python
/// "len_f": {"class": "cast", "dtype": "float32", "from": "len"}
/// ```
public final class CastLayer: Layer {
    /// The class name in a net dict: `"class": "cast"`.
    public static let className = "cast"
    /// The input template with the new dtype.
    public let output: DataTemplate
    let toInt: Bool

    /// Reads `dtype`.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let dtypeValue = try b.read { try $0.value("dtype") }
        var out = input
        switch dtypeValue.stringValue {
        case "float32":
            toInt = false
            out.isInt = false
            out.sparseDim = nil
        case "int32", "int64":
            toInt = true
            out.isInt = true
        default:
            throw b.error(.invalidOption, "dtype must be \"float32\", \"int32\" or \"int64\", got \(dtypeValue.repr)", at: dtypeValue.location)
        }
        output = out
    }

    /// Converts.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        if let ints = x.ints {
            if toInt { return x }
            return LayerValue(values: Variable(Tensor(shape: ints.shape, ints.array.map { Float($0) })), seqLens: x.seqLens)
        }
        let v = x.dense
        if !toInt { return x }
        let ints = v.value.array.map { f -> Int32 in f.isNaN ? 0 : Int32(clamping: Int(Swift.max(Swift.min(f, 3e9), -3e9).rounded(.towardZero))) }
        return LayerValue(ints: IntTensor(shape: v.shape, ints), seqLens: x.seqLens)
    }
}
