import ReturnnConfig
import ReturnnTensor

/// `0, 1, ..., max(len)-1` over the axis whose lengths the source holds (RETURNN
/// `range_from_length`): the source is an int `[B]` layer of lengths; the output `[T']` has a
/// dynamic axis with those lengths.
///
/// When the source is a `length` layer, the axis is the one it measured (so `range_from_length`
/// of `length` of `data` is `data`'s time axis, as upstream finds the tag of a size tensor);
/// otherwise a new dynamic tag (`out_spatial_dim` declares it the same as a config tag).
/// Options: `dtype` (`"int32"`; `"float32"` gives floats), `sparse` (False), `out_spatial_dim`.
/// ```python
/// "len": {"class": "length", "from": "data"},
/// "t": {"class": "range_from_length", "from": "len"}
/// ```
public final class RangeFromLengthLayer: Layer {
    /// The class name in a net dict: `"class": "range_from_length"`.
    public static let className = "range_from_length"
    /// The lengths are read as is.
    public static var concatenatesSources: Bool { false }
    /// The order along the axis matters.
    public static var mixesFrames: Bool { true }
    /// `[T']`.
    public let output: DataTemplate
    let dim: Dim

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.count == 1 else {
            throw b.error(.invalidNetwork, "range_from_length needs exactly one source (a length layer) in 'from', got \(b.inputs.count)")
        }
        let input = b.inputs[0]
        guard input.isInt && !input.isSparse && input.dims == [Dim.batch] else {
            throw b.error(.dimensionMismatch, "the source '\(b.sourceNames[0])' \(input) must be int32 lengths [B] (e.g. a 'length' layer)")
        }
        var d = (b.sourceNodes.first?.layer as? LengthLayer).flatMap { $0.measured.isDynamic ? $0.measured : nil }
            ?? Dim(kind: .spatial, name: "\(b.name)_input_len")
        if let v = b.options.optionalValue("out_spatial_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == nil else {
                throw b.error(.invalidOption, "out_spatial_dim must be a dynamic dim tag (SpatialDim(name)), got \(v.repr)", at: v.location)
            }
            d.declareSame(as: tag)
            d = tag
        }
        dim = d
        let dtype = try b.read { try $0.string("dtype", default: "int32") }
        guard ["int32", "int64", "float32", "float64"].contains(dtype) else {
            throw b.error(.invalidOption, "dtype must be \"int32\", \"int64\", \"float32\" or \"float64\", got '\(dtype)'")
        }
        let sparse = try b.read { try $0.bool("sparse", default: false) }
        if sparse && !dtype.hasPrefix("int") { throw b.error(.invalidOption, "sparse=True needs an int dtype, got '\(dtype)'") }
        output = DataTemplate(dims: [d], sparseTag: sparse ? Dim(kind: .spatial, name: "\(b.name):range-indices") : nil, isInt: dtype.hasPrefix("int"))
    }

    /// The range up to the longest length; registers the lengths as the axis' sizes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let lens = inputs[0].ints ?? IntTensor(shape: [inputs[0].batch], inputs[0].intArray)
        let n = Int(lens.array.max() ?? 0)
        if ctx.sizes(of: dim) == nil { ctx.setSizes(lens, for: dim) }
        if output.isInt { return LayerValue(ints: IntTensor(shape: [n], (0..<n).map { Int32($0) }), seqLens: lens) }
        return LayerValue(values: Variable(Tensor(shape: [n], (0..<n).map { Float($0) })), seqLens: lens)
    }
}
