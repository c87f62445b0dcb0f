import ReturnnConfig
import ReturnnTensor

/// `0, 1, ..., n-1` over one axis of the source (RETURNN `range_in_axis`): the output has just
/// that axis (its tag; for a dynamic axis the sequence lengths carry over).
///
/// Options: `axis` (required: an axis description of the source, a dim tag, or `"sparse_dim"` for
/// the classes of sparse input), `dtype` (`"int32"`; `"float32"` gives floats), `sparse` (False;
/// True: the values are class indices over that axis), `keepdims` and `unbroadcast` (deprecated
/// upstream; must be False).
/// ```python
/// "t": {"class": "range_in_axis", "axis": "T", "from": "data"}   # [T] with the lengths of data
/// ```
public final class RangeInAxisLayer: Layer {
    /// The class name in a net dict: `"class": "range_in_axis"`.
    public static let className = "range_in_axis"
    /// The source is read as is (it may be sparse).
    public static var concatenatesSources: Bool { false }
    /// The order along the axis matters.
    public static var mixesFrames: Bool { true }
    /// `[axis]`.
    public let output: DataTemplate
    /// Runtime axis of the source, nil for `sparse_dim`.
    let axis: Int?

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.count == 1 else {
            throw b.error(.invalidNetwork, "range_in_axis needs exactly one source in 'from', got \(b.inputs.count)")
        }
        let input = b.inputs[0]
        let axisValue = try b.read { try $0.value("axis") }
        for key in ["keepdims", "unbroadcast"] where try b.read({ try $0.bool(key, default: false) }) {
            throw b.error(.invalidOption, "\(key)=True is deprecated and unsupported (as upstream); remove it")
        }
        let dim: Dim
        if axisValue.stringValue == "sparse_dim" {
            guard let s = input.sparseTag else { throw b.error(.sparseMismatch, "axis \"sparse_dim\": the source \(input) is not sparse", at: axisValue.location) }
            dim = s
            axis = nil
        } else {
            let a = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
            dim = input.dims[a]
            axis = a
        }
        let dtype = try b.read { try $0.string("dtype", default: "int32") }
        guard ["int32", "int64", "float32", "float64"].contains(dtype) else {
            throw b.error(.invalidOption, "dtype must be \"int32\", \"int64\", \"float32\" or \"float64\", got '\(dtype)'")
        }
        let sparse = try b.read { try $0.bool("sparse", default: false) }
        if sparse && !dtype.hasPrefix("int") { throw b.error(.invalidOption, "sparse=True needs an int dtype, got '\(dtype)'") }
        output = DataTemplate(dims: [dim], sparseTag: sparse ? dim : nil, isInt: dtype.hasPrefix("int"))
    }

    /// The range over the axis' padded size.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let n = axis.map { inputs[0].shape[$0] } ?? output.dims[0].size ?? 0
        let lens = output.timeDim.flatMap { ctx.sizes(of: $0) }
        if output.isInt { return LayerValue(ints: IntTensor(shape: [n], (0..<n).map { Int32($0) }), seqLens: lens) }
        return LayerValue(values: Variable(Tensor(shape: [n], (0..<n).map { Float($0) })), seqLens: lens)
    }
}
