import ReturnnConfig
import ReturnnTensor

/// The length of an axis of its one source (RETURNN `length`): by default the sequence lengths,
/// int32 `[B]`.
///
/// Options: `axis` (`"T"`; `"B"` gives the batch size, a static axis its size, both as an int32
/// scalar), `dtype` (`"int32"`; `"int64"` is stored as int32), `add_time_axis` and `sparse` (must
/// be False).
/// ```python
/// "len": {"class": "length", "from": "data"}
/// ```
public final class LengthLayer: Layer {
    /// The class name in a net dict: `"class": "length"`.
    public static let className = "length"
    /// The source is read as is (it may be sparse).
    public static var concatenatesSources: Bool { false }
    /// `[B]` int32 for the time axis, else an int32 scalar.
    public let output: DataTemplate
    /// Which length.
    let role: AxisDescription.Role
    let staticSize: Int
    /// The axis whose lengths the output holds (`range_from_length` reuses its tag).
    let measured: Dim

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.count == 1 else {
            throw b.error(.invalidNetwork, "length needs exactly one source in 'from', got \(b.inputs.count)")
        }
        let input = b.inputs[0]
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        role = AxisDescription.roles(input)[axis]
        measured = input.dims[axis]
        let dtype = try b.read { try $0.string("dtype", default: "int32") }
        guard dtype == "int32" || dtype == "int64" else { throw b.error(.invalidOption, "dtype must be \"int32\" or \"int64\", got '\(dtype)'") }
        for key in ["add_time_axis", "sparse"] where try b.read({ try $0.bool(key, default: false) }) {
            throw b.error(.invalidOption, "\(key)=True is not supported; remove it")
        }
        switch role {
        case .time:
            staticSize = 0
            output = DataTemplate(hasBatch: true, hasTime: false, featureDim: nil, isInt: true)
        case .batch:
            staticSize = 0
            output = DataTemplate(hasBatch: false, hasTime: false, featureDim: nil, isInt: true)
        case .spatial(let s):
            staticSize = input.spatial[s]
            output = DataTemplate(hasBatch: false, hasTime: false, featureDim: nil, isInt: true)
        case .feature:
            staticSize = input.featureDim!
            output = DataTemplate(hasBatch: false, hasTime: false, featureDim: nil, isInt: true)
        }
    }

    /// The lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        switch role {
        case .time:
            let lens = x.seqLens ?? IntTensor(shape: [x.batch], repeating: Int32(x.time))
            return LayerValue(ints: lens, seqLens: nil)
        case .batch: return LayerValue(ints: IntTensor(shape: [], [Int32(x.batch)]), seqLens: nil)
        case .spatial, .feature: return LayerValue(ints: IntTensor(shape: [], [Int32(staticSize)]), seqLens: nil)
        }
    }
}
