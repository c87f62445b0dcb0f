import Foundation

/// One operand of a numpy operation: an array (or a list, made an array), or a Python number,
/// which is "weak" in type promotion as in numpy 2 (NEP 50): `int32_array + 1` stays int32,
/// `float32_array * 0.5` stays float32, `int_array * 0.5` becomes float64.
struct NumpyOperand {
    /// The values, row-major.
    let values: [Double]
    /// The shape (empty for a scalar).
    let shape: [Int]
    /// The dtype (bool, int64 or float64 for a Python number).
    let dtype: NumpyDType
    /// Whether this is a Python number.
    let weak: Bool

    /// An array operand.
    init(_ a: NumpyArray) {
        values = a.storage
        shape = a.shape
        dtype = a.dtype
        weak = false
    }

    private init(scalar: Double, dtype: NumpyDType) {
        values = [scalar]
        shape = []
        self.dtype = dtype
        weak = true
    }

    /// The operand for `v`, or nil when numpy would not take it as a number (a str, None, ...).
    static func from(_ v: ConfigValue) throws -> NumpyOperand? {
        switch v.kind {
        case .bool(let b): return NumpyOperand(scalar: b ? 1 : 0, dtype: .bool)
        case .int(let i): return NumpyOperand(scalar: Double(i), dtype: .int64)
        case .float(let d): return NumpyOperand(scalar: d, dtype: .float64)
        case .object(let a as NumpyArray): return NumpyOperand(a)
        case .list, .tuple: return NumpyOperand(try NumpyArray.from(v))
        case .object(let o) where o.isSequence: return NumpyOperand(try NumpyArray.from(v))
        default: return nil
        }
    }

    /// The operand for a function argument; a `type` error naming `function` when it is no number.
    static func argument(_ v: ConfigValue, _ function: String) throws -> NumpyOperand {
        guard let o = try from(v) else {
            throw ConfigError(.type, "numpy.\(function)(): expected a number or an array, not '\(v.typeName)'")
        }
        return o
    }

    /// The dtype of an operation on `a` and `b` (`numpy.result_type` with weak Python numbers).
    static func resultType(_ a: NumpyOperand, _ b: NumpyOperand) throws -> NumpyDType {
        if a.weak == b.weak { return NumpyDType.promote(a.dtype, b.dtype) }
        let (strong, weak) = a.weak ? (b, a) : (a, b)
        let d: NumpyDType
        switch weak.dtype {
        case .bool: d = strong.dtype
        case .int32, .int64: d = strong.dtype == .bool ? .int64 : strong.dtype
        case .float32, .float64: d = strong.dtype.isFloat ? strong.dtype : .float64
        }
        if d == .int32, let x = weak.values.first, weak.dtype == .int64, x < -2_147_483_648 || x > 2_147_483_647 {
            throw ConfigError(.value, "Python integer \(Int(x)) out of bounds for int32", pythonClass: "OverflowError")
        }
        return d
    }

    /// The values rounded to `dtype` (a weak float meets a float32 array as a float32).
    func values(as dtype: NumpyDType) -> [Double] {
        weak && dtype != self.dtype ? values.map(dtype.normalize) : values
    }
}

extension NumpyArray {
    /// `self op other` (or `other op self` when `reflected`); nil when `other` is no number.
    func arithmetic(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        guard let o = try NumpyOperand.from(other) else { return nil }
        let me = NumpyOperand(self)
        return try NumpyArray.binary(op, reflected ? o : me, reflected ? me : o).valueOrScalar
    }

    /// `a op b` element-wise with broadcasting and numpy's result dtype.
    static func binary(_ op: BinaryOperator, _ a: NumpyOperand, _ b: NumpyOperand) throws -> NumpyArray {
        var ct = try NumpyOperand.resultType(a, b)
        let f: (Double, Double) throws -> Double
        if op == .div {
            ct = ct.floatResult
        } else if ct == .bool {
            switch op {
            case .add, .bitOr: f = { ($0 != 0 || $1 != 0) ? 1 : 0 }
            case .mul, .bitAnd: f = { ($0 != 0 && $1 != 0) ? 1 : 0 }
            case .bitXor: f = { ($0 != 0) != ($1 != 0) ? 1 : 0 }
            case .sub:
                throw ConfigError(.type, "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead")
            default:
                ct = .int64
                return try binary(op, a, b, as: ct)
            }
            let r = try NumpyBroadcast.zip(a.values, a.shape, b.values, b.shape, f)
            return NumpyArray(r.values, shape: r.shape, dtype: .bool)
        }
        return try binary(op, a, b, as: ct)
    }

    private static func binary(_ op: BinaryOperator, _ a: NumpyOperand, _ b: NumpyOperand, as ct: NumpyDType) throws -> NumpyArray {
        let f = try kernel(op, ct)
        let r = try NumpyBroadcast.zip(a.values(as: ct), a.shape, b.values(as: ct), b.shape, f)
        return rounding(r.values, shape: r.shape, dtype: ct)
    }

    /// The element function of `op` computed in `dtype` (a float or an integer type).
    static func kernel(_ op: BinaryOperator, _ dtype: NumpyDType) throws -> (Double, Double) throws -> Double {
        let name = ufuncNames[op] ?? op.rawValue
        if dtype.isFloat {
            switch op {
            case .add: return { $0 + $1 }
            case .sub: return { $0 - $1 }
            case .mul: return { $0 * $1 }
            case .div: return { $0 / $1 }
            case .floorDiv:
                if dtype == .float32 { return { Double(floorDivide(Float($0), Float($1))) } }
                return { floorDivide($0, $1) }
            case .mod:
                if dtype == .float32 { return { Double(floatMod(Float($0), Float($1))) } }
                return { floatMod($0, $1) }
            case .pow: return { Foundation.pow($0, $1) }
            case .matMul:
                throw ConfigError(.unsupported, "matrix multiplication (`@`, numpy.matmul) is not supported by the config sandbox's numpy")
            default:
                throw ConfigError(.type, "ufunc '\(name)' not supported for the input types (\(dtype.name) values)")
            }
        }
        func int(_ g: @escaping (Int, Int) throws -> Int) -> (Double, Double) throws -> Double {
            { Double(try g(NumpyDType.wrappingInt($0), NumpyDType.wrappingInt($1))) }
        }
        switch op {
        case .add: return int { $0 &+ $1 }
        case .sub: return int { $0 &- $1 }
        case .mul: return int { $0 &* $1 }
        case .floorDiv:
            return int { x, y in
                if y == 0 { return 0 }
                if x == Int.min && y == -1 { return Int.min }
                return try Operators.floorDiv(x, y)
            }
        case .mod: return int { x, y in y == 0 ? 0 : try Operators.mod(x, y) }
        case .pow:
            return int { x, y in
                if y < 0 { throw ConfigError(.value, "Integers to negative integer powers are not allowed.") }
                var result = 1, base = x, e = y
                while e > 0 {
                    if e & 1 == 1 { result = result &* base }
                    base = base &* base
                    e >>= 1
                }
                return result
            }
        case .bitAnd: return int { $0 & $1 }
        case .bitOr: return int { $0 | $1 }
        case .bitXor: return int { $0 ^ $1 }
        case .lshift: return int { x, y in y < 0 || y >= 64 ? 0 : x << y }
        case .rshift: return int { x, y in y < 0 ? 0 : x >> min(y, 63) }
        case .matMul:
            throw ConfigError(.unsupported, "matrix multiplication (`@`, numpy.matmul) is not supported by the config sandbox's numpy")
        case .div: return { $0 / $1 }
        }
    }

    private static let ufuncNames: [BinaryOperator: String] = [
        .bitAnd: "bitwise_and", .bitOr: "bitwise_or", .bitXor: "bitwise_xor", .lshift: "left_shift", .rshift: "right_shift",
    ]

    /// numpy's float floor division (`npy_divmod`), in the precision of `T` as numpy computes
    /// it: division by zero gives inf or nan.
    static func floorDivide<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
        let m = a.truncatingRemainder(dividingBy: b)
        if b == 0 { return a / b }
        var div = (a - m) / b
        if m != 0 && ((b < 0) != (m < 0)) { div -= 1 }
        if div == 0 { return T(signOf: a / b, magnitudeOf: 0) }
        var fd = div.rounded(.down)
        if div - fd > 0.5 { fd += 1 }
        return fd
    }

    /// numpy's float modulo (the sign of the divisor, nan for a zero divisor), in `T`.
    static func floatMod<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
        var m = a.truncatingRemainder(dividingBy: b)
        if b == 0 { return m }
        if m != 0 {
            if (b < 0) != (m < 0) { m += b }
        } else {
            m = T(signOf: b, magnitudeOf: 0)
        }
        return m
    }

    /// `self op other` for the comparison operators: a bool array (a bool for 0-d); nil for
    /// orderings with values that are no numbers.
    func compare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard let o = try NumpyOperand.from(other) else {
            guard op == .eq || op == .ne else { return nil }
            return NumpyArray([Double](repeating: op == .ne ? 1 : 0, count: size), shape: shape, dtype: .bool).valueOrScalar
        }
        return try NumpyArray.compare(op, NumpyOperand(self), o).valueOrScalar
    }

    /// `a op b` element-wise for `==`, `!=`, `<`, `<=`, `>`, `>=`.
    static func compare(_ op: CompareOperator, _ a: NumpyOperand, _ b: NumpyOperand) throws -> NumpyArray {
        let ct = try NumpyOperand.resultType(a, b)
        let f: (Double, Double) -> Double
        switch op {
        case .eq: f = { $0 == $1 ? 1 : 0 }
        case .ne: f = { $0 != $1 ? 1 : 0 }
        case .lt: f = { $0 < $1 ? 1 : 0 }
        case .le: f = { $0 <= $1 ? 1 : 0 }
        case .gt: f = { $0 > $1 ? 1 : 0 }
        case .ge: f = { $0 >= $1 ? 1 : 0 }
        default: throw ConfigError(.type, "'\(op.rawValue)' is no element-wise comparison")
        }
        let r = try NumpyBroadcast.zip(a.values(as: ct), a.shape, b.values(as: ct), b.shape, f)
        return NumpyArray(r.values, shape: r.shape, dtype: .bool)
    }

    /// `-a`, `+a`, `~a`.
    func unaryOperation(_ op: UnaryOperator) throws -> ConfigValue? {
        switch op {
        case .neg:
            if dtype == .bool {
                throw ConfigError(.type, "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
            }
            if dtype.isInteger { return NumpyArray.rounding(storage.map { Double(0 &- NumpyDType.wrappingInt($0)) }, shape: shape, dtype: dtype).value }
            return NumpyArray(storage.map { -$0 }, shape: shape, dtype: dtype).value
        case .pos:
            return NumpyArray(storage, shape: shape, dtype: dtype).value
        case .invert:
            if dtype == .bool { return NumpyArray(storage.map { $0 != 0 ? 0 : 1 }, shape: shape, dtype: .bool).value }
            guard dtype.isInteger else { throw ConfigError(.type, "ufunc 'invert' not supported for the input types (\(dtype.name) values)") }
            return NumpyArray.rounding(storage.map { Double(~NumpyDType.wrappingInt($0)) }, shape: shape, dtype: dtype).value
        case .not:
            return nil
        }
    }

    /// `a op= b`: numpy updates the array in place (every name bound to it sees the change); the
    /// result must keep the array's shape and be castable to its dtype (`same_kind`).
    func updateInPlace(_ op: BinaryOperator, _ other: ConfigValue) throws {
        guard let o = try NumpyOperand.from(other) else {
            throw ConfigError(.type, "unsupported operand type(s) for \(op.rawValue)=: 'numpy.ndarray' and '\(other.typeName)'")
        }
        let r = try NumpyArray.binary(op, NumpyOperand(self), o)
        guard r.shape == shape else {
            throw ConfigError(.value, "non-broadcastable output operand with shape \(NumpyBroadcast.describe(shape)) doesn't match the broadcast shape \(NumpyBroadcast.describe(r.shape))")
        }
        if (r.dtype.isFloat && !dtype.isFloat) || (r.dtype.isInteger && dtype == .bool) {
            throw ConfigError(.type, "Cannot cast ufunc output from dtype('\(r.dtype.name)') to dtype('\(dtype.name)') with casting rule 'same_kind' (write a = a \(op.rawValue) b to get a new array)")
        }
        storage = dtype == r.dtype ? r.storage : r.storage.map(dtype.normalize)
    }
}
