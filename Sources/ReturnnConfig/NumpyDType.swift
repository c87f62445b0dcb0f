import Foundation

/// The element types of the config sandbox's numpy arrays (`numpy.float64`, `float32`, `int64`,
/// `int32`, `bool_`). Values are stored as Double; `normalize` rounds a value to what the dtype
/// can hold (float32 through Float, integers truncated toward zero and wrapped, bool to 0/1).
///
/// ```python
/// a = numpy.zeros(3, dtype="float32")
/// b = numpy.arange(4, dtype=numpy.int32)
/// ```
enum NumpyDType: String, CaseIterable {
    /// `numpy.bool_` (numpy's `bool`).
    case bool
    /// `numpy.int32`.
    case int32
    /// `numpy.int64`, the default integer type.
    case int64
    /// `numpy.float32`.
    case float32
    /// `numpy.float64`, the default float type.
    case float64

    /// numpy's dtype name (`dtype.name`).
    var name: String { rawValue }

    /// Whether this is a float type.
    var isFloat: Bool { self == .float32 || self == .float64 }

    /// Whether this is an integer type (not bool).
    var isInteger: Bool { self == .int32 || self == .int64 }

    /// numpy's `dtype.kind` (`b`, `i`, `f`).
    var kind: String { isFloat ? "f" : (isInteger ? "i" : "b") }

    /// Bytes per element (`dtype.itemsize`).
    var itemSize: Int {
        switch self {
        case .bool: return 1
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    private var rank: Int {
        switch self {
        case .bool: return 0
        case .int32: return 1
        case .int64: return 2
        case .float32: return 3
        case .float64: return 4
        }
    }

    /// numpy's type promotion of two array dtypes (`numpy.result_type`): the larger kind wins,
    /// and a float32 with an integer type gives float64.
    static func promote(_ a: NumpyDType, _ b: NumpyDType) -> NumpyDType {
        if a == b { return a }
        let (lo, hi) = a.rank < b.rank ? (a, b) : (b, a)
        if hi == .float32 && lo.isInteger { return .float64 }
        return hi
    }

    /// The float type an operation that needs floats gives for this input (`/`, `exp`, `mean`).
    var floatResult: NumpyDType { self == .float32 ? .float32 : .float64 }

    /// `x` rounded to what this dtype holds.
    @inline(__always)
    func normalize(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float32: return Double(Float(x))
        case .int64: return Double(NumpyDType.wrappingInt(x))
        case .int32: return Double(Int32(truncatingIfNeeded: NumpyDType.wrappingInt(x)))
        case .bool: return x != 0 ? 1 : 0
        }
    }

    /// `x` truncated toward zero as an Int (NaN and infinities give `Int.min`, as numpy's cast
    /// gives the smallest integer; out-of-range values saturate).
    @inline(__always)
    static func wrappingInt(_ x: Double) -> Int {
        if x.isNaN || x.isInfinite { return Int.min }
        if x >= 9.223372036854775807e18 { return Int.max }
        if x <= -9.223372036854775808e18 { return Int.min }
        return Int(x)
    }

    /// The Python value of a stored element: a bool, an int or a float.
    @inline(__always)
    func scalar(_ x: Double) -> ConfigValue {
        switch self {
        case .bool: return .bool(x != 0)
        case .int32, .int64: return .int(NumpyDType.wrappingInt(x))
        case .float32, .float64: return .float(x)
        }
    }

    /// The dtype named by a `dtype=` argument: a name (`"float32"`, `"f4"`, `"int"`), a numpy
    /// type (`numpy.float32`), a dtype object (`a.dtype`), or the builtins `float`, `int`,
    /// `bool`; nil for `None`.
    static func parse(_ v: ConfigValue) throws -> NumpyDType? {
        switch v.kind {
        case .none: return nil
        case .str(let s):
            if let d = names[s] { return d }
            throw unsupported(s)
        case .function(let f) where f.typeTag != nil:
            switch f.typeTag! {
            case "float": return .float64
            case "int": return .int64
            case "bool": return .bool
            default: throw unsupported(f.typeTag!)
            }
        case .object(let t as NumpyScalarType): return t.dtype
        case .object(let t as NumpyDTypeObject): return t.dtype
        default:
            throw ConfigError(.type, "data type not understood: \(v.repr) (use a numpy type such as numpy.float32, or a name such as \"float32\")")
        }
    }

    private static let names: [String: NumpyDType] = [
        "float64": .float64, "float": .float64, "f8": .float64, "double": .float64, "d": .float64, "<f8": .float64,
        "float32": .float32, "f4": .float32, "single": .float32, "f": .float32, "<f4": .float32,
        "int64": .int64, "int": .int64, "i8": .int64, "long": .int64, "l": .int64, "<i8": .int64, "int_": .int64,
        "int32": .int32, "i4": .int32, "i": .int32, "intc": .int32, "<i4": .int32,
        "bool": .bool, "bool_": .bool, "?": .bool, "b1": .bool,
    ]

    private static func unsupported(_ name: String) -> ConfigError {
        ConfigError(.unsupported, "numpy dtype '\(name)' is not supported in configs; the sandbox's numpy has float64, float32, int64, int32 and bool")
    }
}

/// A numpy dtype object (`a.dtype`, `numpy.dtype("float32")`): prints as `dtype('float32')`,
/// compares equal to its name and to its numpy type (`a.dtype == numpy.float32`).
///
/// ```python
/// if arr.dtype == "float32": ...
/// ```
final class NumpyDTypeObject: PyObject {
    /// The element type.
    let dtype: NumpyDType
    /// Wraps `dtype`.
    init(_ dtype: NumpyDType) { self.dtype = dtype }

    override var typeName: String { "dtype[\(dtype.name == "bool" ? "bool" : dtype.name)]" }
    override var attributeNames: [String] { ["name", "kind", "itemsize", "type", "char"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "name": return .str(dtype.name)
        case "kind": return .str(dtype.kind)
        case "itemsize": return .int(dtype.itemSize)
        case "type": return ConfigValue(.object(NumpyScalarType(dtype)))
        case "char":
            let chars: [NumpyDType: String] = [.bool: "?", .int32: "i", .int64: "l", .float32: "f", .float64: "d"]
            return .str(chars[dtype]!)
        default: return nil
        }
    }
    override func repr() throws -> String { "dtype('\(dtype.name)')" }
    override func str() throws -> String { dtype.name }
    override func hashKey() throws -> ConfigHashKey { .str("<dtype>" + dtype.name) }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        let same = ((try? NumpyDType.parse(other)) ?? nil).map { $0 == dtype } ?? false
        return .bool(same == (op == .eq))
    }
}

/// A numpy scalar type (`numpy.float32`, `numpy.float64`, `numpy.int32`, `numpy.int64`,
/// `numpy.bool_`): usable as a `dtype=` argument and callable. Calling it on a number gives a
/// Python value rounded to the type (`numpy.float32(0.1)` is the float 0.10000000149011612, where
/// numpy gives a `numpy.float32` scalar); on an array or list it gives an array of that type.
///
/// ```python
/// eps = numpy.float32(1e-8)
/// ```
final class NumpyScalarType: PyObject {
    /// The element type.
    let dtype: NumpyDType
    /// Wraps `dtype`.
    init(_ dtype: NumpyDType) { self.dtype = dtype }

    /// numpy's name of the type (`bool` for `numpy.bool_`).
    var name: String { dtype.name }

    override var typeName: String { name }
    override var isCallable: Bool { true }
    override func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        try Args.noKwargs(name, kwargs)
        try Args.count(name, args, 0, 1)
        guard let x = args.first else { return dtype.scalar(0) }
        switch x.kind {
        case .list, .tuple, .object:
            let a = try NumpyArray.from(x, dtype: dtype)
            return a.shape.isEmpty ? dtype.scalar(a.storage[0]) : ConfigValue(.object(a))
        case .str(let s):
            if dtype == .bool { return .bool(!s.isEmpty) }
            let d = dtype.isFloat ? try Builtins.parseFloat(s) : Double(try Builtins.parseInt(s, base: 10))
            return dtype.scalar(dtype.normalize(d))
        default:
            guard let d = x.doubleValue else { throw ConfigError(.type, "\(name)() argument must be a number, not '\(x.typeName)'") }
            if dtype.isInteger, let i = x.intValue {
                return .int(dtype == .int32 ? Int(Int32(truncatingIfNeeded: i)) : i)
            }
            return dtype.scalar(dtype.normalize(d))
        }
    }
    override var attributeNames: [String] { ["__name__"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        name == "__name__" ? .str(self.name) : nil
    }
    override func repr() throws -> String { "<class 'numpy.\(name)'>" }
    override func hashKey() throws -> ConfigHashKey { .str("<numpy type>" + name) }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        var same = false
        if case .object(let o as NumpyScalarType) = other.kind { same = o.dtype == dtype }
        if case .object(let o as NumpyDTypeObject) = other.kind { same = o.dtype == dtype }
        return .bool(same == (op == .eq))
    }
}
