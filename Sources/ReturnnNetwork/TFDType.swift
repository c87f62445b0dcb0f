import ReturnnConfig

/// The element types of tensors in `eval` layers (TF's `tf.float32`, `tf.int32`, `tf.int64`,
/// `tf.bool`); other TF dtypes (`float64`, `float16`, `string`, ...) are refused.
///
/// Floats are float32 and differentiable (tape variables); ints are kept as 64-bit values, int32
/// results wrap to 32 bits as in TF; bools are plain values.
public enum TFDType: String, Sendable, CaseIterable {
    /// `tf.float32`.
    case float32
    /// `tf.int32`.
    case int32
    /// `tf.int64`.
    case int64
    /// `tf.bool`.
    case bool

    /// Whether values are floats.
    public var isFloat: Bool { self == .float32 }
    /// Whether values are integers.
    public var isInt: Bool { self == .int32 || self == .int64 }

    /// The dtype a config names: a dtype object (`tf.int32`) or a string (`"float32"`); `None`
    /// gives nil. Other TF dtypes are refused with the supported list.
    static func parse(_ v: ConfigValue, function: String) throws -> TFDType? {
        if v.isNone { return nil }
        if case .object(let o as TFDTypeObject) = v.kind { return o.dtype }
        guard let s = v.stringValue else {
            throw ConfigError(.type, "\(function): dtype must be a TF dtype such as tf.float32 or a string, not '\(v.typeName)'")
        }
        if let d = TFDType(rawValue: s) { return d }
        throw ConfigError(.unsupported, "\(function): dtype '\(s)' is not supported in eval layers; tensors there are " +
                          TFDType.allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// Python's `int` when `x` is integral: wraps to 32 bits for `int32`, as TF's int32 arithmetic.
    func wrap(_ x: Int) -> Int { self == .int32 ? Int(Int32(truncatingIfNeeded: x)) : x }
}

/// A TF dtype object in config code (`tf.float32`): compares equal to itself and to its name
/// (`x.dtype == "float32"`, as TF's `DType.__eq__`), with `name`, `is_floating`, `is_integer`,
/// `is_bool`.
final class TFDTypeObject: PyObject {
    let dtype: TFDType

    init(_ dtype: TFDType) { self.dtype = dtype }

    override var typeName: String { "DType" }
    override var attributeNames: [String] { ["name", "is_floating", "is_integer", "is_bool", "base_dtype"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "name": return .str(dtype.rawValue)
        case "is_floating": return .bool(dtype.isFloat)
        case "is_integer": return .bool(dtype.isInt)
        case "is_bool": return .bool(dtype == .bool)
        case "base_dtype": return ConfigValue(.object(self))
        default: return nil
        }
    }
    override func repr() throws -> String { "tf.\(dtype.rawValue)" }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        let same: Bool
        if case .object(let o as TFDTypeObject) = other.kind { same = o.dtype == dtype } else { same = other.stringValue == dtype.rawValue }
        return .bool(same == (op == .eq))
    }
    override func hashKey() throws -> ConfigHashKey { .str("tf." + dtype.rawValue) }
}
