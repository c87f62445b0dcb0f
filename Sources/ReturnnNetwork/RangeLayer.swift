import ReturnnConfig
import ReturnnTensor

/// `tf.range(start, limit, delta)` as a layer without inputs (RETURNN `range`).
///
/// Options: `limit` (required), `start` (0), `delta` (1) — ints or floats; `dtype` (default
/// `"int32"` when all three are integral, else `"float32"`; `"int32"`/`"int64"` give int32 values,
/// `"float32"`/`"float64"` float32), `sparse` (False; True: the values are class indices of a new
/// tag), `out_spatial_dim` (a dim tag for the one static axis, of size `len(range(...))`).
/// The output has no batch axis: `[n]`.
/// ```python
/// "pos": {"class": "range", "limit": 10}
/// ```
public final class RangeLayer: Layer {
    /// The class name in a net dict: `"class": "range"`.
    public static let className = "range"
    /// No sources by default (RETURNN sets `from` to `[]`).
    public static var defaultSources: [String] { [] }
    /// Sources are ignored.
    public static var concatenatesSources: Bool { false }
    /// `[n]`.
    public let output: DataTemplate
    let start: Double, delta: Double
    let count: Int

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let limitValue = try b.read { try $0.value("limit") }
        let startValue = b.options.optionalValue("start")
        let deltaValue = b.options.optionalValue("delta")
        func number(_ v: ConfigValue?, _ key: String, _ def: Double) throws -> (Double, Bool) {
            guard let v, !v.isNone else { return (def, true) }
            if let i = v.intValue, v.boolValue == nil { return (Double(i), true) }
            if let d = v.doubleValue, v.boolValue == nil { return (d, d == d.rounded()) }
            throw b.error(.invalidOption, "\(key) must be a number, got \(v.repr)", at: v.location)
        }
        let (limit, li) = try number(limitValue, "limit", 0)
        let (s, si) = try number(startValue, "start", 0)
        let (d, di) = try number(deltaValue, "delta", 1)
        guard d != 0 else { throw b.error(.invalidOption, "delta must not be 0", at: deltaValue?.location) }
        start = s
        delta = d
        count = Swift.max(0, Int(((limit - s) / d).rounded(.up)))
        let dtype = try b.read { try $0.optionalString("dtype") } ?? (li && si && di ? "int32" : "float32")
        let isInt: Bool
        switch dtype {
        case "int32", "int64": isInt = true
        case "float32", "float64": isInt = false
        default: throw b.error(.invalidOption, "dtype must be \"int32\", \"int64\", \"float32\" or \"float64\", got '\(dtype)'")
        }
        var dim = Dim(kind: .spatial, name: "\(b.name):range", size: count)
        if let v = b.options.optionalValue("out_spatial_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v) else {
                throw b.error(.invalidOption, "out_spatial_dim must be a dim tag, got \(v.repr)", at: v.location)
            }
            guard tag.size == nil || tag.size == count else {
                throw b.error(.dimensionMismatch, "out_spatial_dim \(tag) does not fit the range of \(count) values", at: v.location)
            }
            if tag.size == count { dim = tag } else { dim = Dim(kind: .spatial, name: tag.name, size: count); dim.declareSame(as: tag) }
        }
        let sparse = try b.read { try $0.bool("sparse", default: false) }
        if sparse && !isInt { throw b.error(.invalidOption, "sparse=True needs an int dtype, got '\(dtype)'") }
        output = DataTemplate(dims: [dim], sparseTag: sparse ? Dim(kind: .spatial, name: "\(b.name):range-indices") : nil, isInt: isInt)
    }

    /// The range.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let values = (0..<count).map { start + Double($0) * delta }
        if output.isInt { return LayerValue(ints: IntTensor(shape: [count], values.map { Int32($0) }), seqLens: nil) }
        return LayerValue(values: Variable(Tensor(shape: [count], values.map { Float($0) })), seqLens: nil)
    }
}
