import ReturnnConfig
import ReturnnTensor

/// A constant (RETURNN `constant`): reads no other layer.
///
/// Options: `value` (0.0; a number or bool), `dtype` (from the value: `"float32"` for floats,
/// `"int32"` for ints and bools; `"int64"` and `"bool"` are stored as int32), `shape` (None: a
/// scalar; a list of positive ints: the value is repeated, the last axis is the feature axis),
/// `with_batch_dim` (False: no batch axis; True: repeated over the batch).
/// ```python
/// "one": {"class": "constant", "value": 1.0}
/// "bias": {"class": "constant", "value": 0.5, "shape": [512], "with_batch_dim": True}
/// ```
public final class ConstantLayer: Layer {
    /// The class name in a net dict: `"class": "constant"`.
    public static let className = "constant"
    /// No sources.
    public static var defaultSources: [String] { [] }
    /// `[B?, spatial..., F?]`, no time axis.
    public let output: DataTemplate
    /// The value.
    public let value: Double
    let shape: [Int]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.isEmpty else {
            throw b.error(.invalidNetwork, "a constant layer cannot have sources; remove 'from' (got \(b.sourceNames.joined(separator: ", ")))")
        }
        let v = b.options.optionalValue("value") ?? .float(0)
        guard let d = v.doubleValue else {
            throw b.error(.invalidOption, "value must be a number or bool, got \(v.repr) (arrays are not supported)", at: v.location)
        }
        value = d
        let isIntValue: Bool
        if case .float = v.kind { isIntValue = false } else { isIntValue = true }
        let dtypeValue = b.options.optionalValue("dtype").flatMap { $0.isNone ? nil : $0 }
        let isInt: Bool
        if let dtypeValue {
            switch dtypeValue.stringValue {
            case "float32": isInt = false
            case "int32", "int64", "bool": isInt = true
            default:
                throw b.error(.invalidOption, "dtype must be \"float32\", \"int32\", \"int64\" or \"bool\", got \(dtypeValue.repr)",
                              at: dtypeValue.location)
            }
        } else {
            isInt = isIntValue
        }
        shape = try b.read { try $0.optionalIntList("shape") } ?? []
        guard shape.allSatisfy({ $0 > 0 }) else { throw b.error(.invalidOption, "shape entries must be positive, got \(shape)") }
        let withBatch = try b.read { try $0.bool("with_batch_dim", default: false) }
        output = DataTemplate(hasBatch: withBatch, hasTime: false, spatial: Array(shape.dropLast()), featureDim: shape.last, isInt: isInt)
    }

    /// The value filled into the shape (batch size from the batch's data).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        var s = shape
        if output.hasBatch {
            guard let batch = ctx.data.values.first?.batch else {
                throw NetworkError(.invalidNetwork, "with_batch_dim needs the batch size, but the batch has no data")
            }
            s.insert(batch, at: 0)
        }
        if output.isInt {
            let iv = Int32(clamping: Int(value.rounded(.towardZero)))
            return LayerValue(ints: IntTensor(shape: s, repeating: iv), seqLens: nil)
        }
        return LayerValue(values: Variable(Tensor(shape: s, repeating: Float(value))), seqLens: nil)
    }
}
