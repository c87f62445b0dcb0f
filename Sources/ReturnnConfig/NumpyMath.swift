import Foundation

/// numpy's element-wise math for configs: the unary ufuncs (`exp`, `log`, `sqrt`, `floor`,
/// `abs`, `isnan`, ...), the binary ones (`power`, `minimum`, `maximum`, `add`, ...), and
/// `clip`, `where`, `interp`, `round`, `isclose`, `allclose`, `sort`, `argsort`, `unique`,
/// `nonzero`. A Python number in gives a Python number out (numpy gives a numpy scalar).
///
/// ```python
/// lr = numpy.interp(epoch, [0, 10, 100], [1e-4, 1e-3, 1e-5])
/// lrs = numpy.clip(1e-3 * 0.9 ** numpy.arange(50), 1e-5, None)
/// ```
enum NumpyMath {
    private static let floatUnary: [String: @Sendable (Double) -> Double] = [
        "exp": Foundation.exp, "exp2": Foundation.exp2, "expm1": Foundation.expm1, "log": Foundation.log,
        "log2": Foundation.log2, "log10": Foundation.log10, "log1p": Foundation.log1p, "sqrt": { $0.squareRoot() },
        "sin": Foundation.sin, "cos": Foundation.cos, "tan": Foundation.tan, "arcsin": Foundation.asin,
        "arccos": Foundation.acos, "arctan": Foundation.atan, "sinh": Foundation.sinh, "cosh": Foundation.cosh,
        "tanh": Foundation.tanh, "reciprocal": { 1 / $0 }, "cbrt": Foundation.cbrt,
    ]

    private static let keepUnary: [String: @Sendable (Double) -> Double] = [
        "floor": { $0.rounded(.down) }, "ceil": { $0.rounded(.up) }, "trunc": { $0.rounded(.towardZero) },
        "rint": { $0.rounded(.toNearestOrEven) }, "fix": { $0.rounded(.towardZero) },
        "abs": { Swift.abs($0) }, "absolute": { Swift.abs($0) }, "fabs": { Swift.abs($0) },
        "negative": { -$0 }, "positive": { $0 }, "square": { $0 * $0 },
        "sign": { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) },
    ]

    private static let predicates: [String: @Sendable (Double) -> Bool] = [
        "isnan": { $0.isNaN }, "isinf": { $0.isInfinite }, "isfinite": { $0.isFinite },
        "logical_not": { $0 == 0 }, "signbit": { $0.sign == .minus },
    ]

    private static let binaryOps: [String: BinaryOperator] = [
        "add": .add, "subtract": .sub, "multiply": .mul, "divide": .div, "true_divide": .div, "floor_divide": .floorDiv,
        "mod": .mod, "remainder": .mod, "power": .pow, "bitwise_and": .bitAnd, "bitwise_or": .bitOr, "bitwise_xor": .bitXor,
    ]

    private static let comparisons: [String: CompareOperator] = [
        "equal": .eq, "not_equal": .ne, "less": .lt, "less_equal": .le, "greater": .gt, "greater_equal": .ge,
    ]

    private static let floatBinary: [String: @Sendable (Double, Double) -> Double] = [
        "arctan2": Foundation.atan2, "hypot": Foundation.hypot,
        "logaddexp": { x, y in
            if x == y { return x + M_LN2 }
            let d = x - y
            return d > 0 ? x + Foundation.log1p(Foundation.exp(-d)) : (d <= 0 ? y + Foundation.log1p(Foundation.exp(d)) : d)
        },
        "fmin": { x, y in x.isNaN ? y : (y.isNaN ? x : Swift.min(x, y)) },
        "fmax": { x, y in x.isNaN ? y : (y.isNaN ? x : Swift.max(x, y)) },
    ]

    /// The function names this file provides.
    static var names: [String] {
        Array(floatUnary.keys) + Array(keepUnary.keys) + Array(predicates.keys) + Array(binaryOps.keys) + Array(comparisons.keys)
            + Array(floatBinary.keys) + ["minimum", "maximum", "logical_and", "logical_or", "logical_xor", "clip", "where",
                                         "interp", "round", "around", "isclose", "allclose", "array_equal", "sort", "argsort",
                                         "unique", "nonzero", "dot"]
    }

    /// The module function `name`, if it is one of `names`.
    static func function(_ name: String) -> NumpyShapes.Function? {
        if let f = floatUnary[name] {
            return unary(name) { x in
                let dt = x.dtype.floatResult
                return NumpyArray.rounding(x.storage.map(f), shape: x.shape, dtype: dt)
            }
        }
        if let f = keepUnary[name] {
            return unary(name) { x in
                if x.dtype == .bool && (name == "negative" || name == "sign") {
                    throw ConfigError(.type, "numpy.\(name)() is not supported for bool arrays (use the `~` operator or numpy.logical_not)")
                }
                let dt: NumpyDType = x.dtype == .bool && name == "square" ? .int64 : x.dtype
                if dt.isInteger && (name == "negative" || name == "abs" || name == "absolute" || name == "square") {
                    let g: (Int) -> Int = name == "negative" ? { 0 &- $0 } : (name == "square" ? { $0 &* $0 } : { $0 < 0 ? 0 &- $0 : $0 })
                    return NumpyArray.rounding(x.storage.map { Double(g(NumpyDType.wrappingInt($0))) }, shape: x.shape, dtype: dt)
                }
                return NumpyArray.rounding(x.storage.map(f), shape: x.shape, dtype: dt)
            }
        }
        if let f = predicates[name] {
            return unary(name) { x in NumpyArray(x.storage.map { f($0) ? 1 : 0 }, shape: x.shape, dtype: .bool) }
        }
        if let op = binaryOps[name] {
            return binary(name) { a, b in try NumpyArray.binary(op, a, b) }
        }
        if let op = comparisons[name] {
            return binary(name) { a, b in try NumpyArray.compare(op, a, b) }
        }
        if let f = floatBinary[name] {
            return binary(name) { a, b in
                let dt = try NumpyOperand.resultType(a, b).floatResult
                let r = try NumpyBroadcast.zip(a.values(as: dt), a.shape, b.values(as: dt), b.shape) { f($0, $1) }
                return NumpyArray.rounding(r.values, shape: r.shape, dtype: dt)
            }
        }
        switch name {
        case "minimum", "maximum":
            let wantMax = name == "maximum"
            return binary(name) { a, b in try extremum(a, b, max: wantMax) }
        case "logical_and", "logical_or", "logical_xor":
            return binary(name) { a, b in
                let r = try NumpyBroadcast.zip(a.values, a.shape, b.values, b.shape) { x, y in
                    let (p, q) = (x != 0, y != 0)
                    return (name == "logical_and" ? p && q : (name == "logical_or" ? p || q : p != q)) ? 1 : 0
                }
                return NumpyArray(r.values, shape: r.shape, dtype: .bool)
            }
        case "clip":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "a_min", "a_max", "out", "min", "max"], required: 1)
                var x = try NumpyOperand.argument(p["a"]!, name)
                if let lo = p.value("a_min") ?? p.value("min") { x = NumpyOperand(try extremum(x, try NumpyOperand.argument(lo, name), max: true)) }
                if let hi = p.value("a_max") ?? p.value("max") { x = NumpyOperand(try extremum(x, try NumpyOperand.argument(hi, name), max: false)) }
                return NumpyArray(x.values, shape: x.shape, dtype: x.dtype).valueOrScalar
            }
        case "where":
            return { a, kw in
                try Args.noKwargs(name, kw)
                try Args.count(name, a, 1, 3)
                if a.count == 1 { return try nonzero(try NumpyArray.from(a[0])) }
                guard a.count == 3 else { throw ConfigError(.value, "either both or neither of x and y should be given") }
                return try select(try NumpyOperand.argument(a[0], name), try NumpyOperand.argument(a[1], name),
                                  try NumpyOperand.argument(a[2], name)).valueOrScalar
            }
        case "nonzero":
            return { a, _ in try Args.count(name, a, 1, 1); return try nonzero(try NumpyArray.from(a[0])) }
        case "interp":
            return { a, kw in try NumpyInterp.interp(a, kw) }
        case "round", "around":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "decimals", "out"], required: 1)
                return try round(try NumpyOperand.argument(p["a"]!, name), decimals: try p.int("decimals") ?? 0).valueOrScalar
            }
        case "isclose", "allclose":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "b", "rtol", "atol", "equal_nan"], required: 2)
                let x = try NumpyOperand.argument(p["a"]!, name), y = try NumpyOperand.argument(p["b"]!, name)
                let rtol = try p.double("rtol") ?? 1e-5, atol = try p.double("atol") ?? 1e-8
                let equalNaN = p.bool("equal_nan", default: false)
                let r = try NumpyBroadcast.zip(x.values, x.shape, y.values, y.shape) { u, v in
                    if u.isNaN || v.isNaN { return equalNaN && u.isNaN && v.isNaN ? 1 : 0 }
                    if u == v { return 1 }
                    return Swift.abs(u - v) <= atol + rtol * Swift.abs(v) ? 1 : 0
                }
                if name == "allclose" { return .bool(r.values.allSatisfy { $0 != 0 }) }
                return NumpyArray(r.values, shape: r.shape, dtype: .bool).valueOrScalar
            }
        case "array_equal":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a1", "a2", "equal_nan"], required: 2)
                let x = try NumpyArray.from(p["a1"]!), y = try NumpyArray.from(p["a2"]!)
                return .bool(x.shape == y.shape && x.storage == y.storage)
            }
        case "sort", "argsort":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "axis", "kind", "order", "stable"], required: 1)
                let x = try NumpyArray.from(p["a"]!)
                if p["axis"] != nil && p["axis"]!.isNone { return try sorted(x.reshaped([x.size]), axis: 0, indices: name == "argsort").value }
                guard x.ndim > 0 else { throw ConfigError(.value, "axis -1 is out of bounds for array of dimension 0") }
                return try sorted(x, axis: try NumpyShapes.normalizeAxis(try p.int("axis") ?? -1, x.ndim), indices: name == "argsort").value
            }
        case "unique":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["ar", "return_index", "return_inverse", "return_counts", "axis", "*", "equal_nan", "sorted"], required: 1)
                for opt in ["return_index", "return_inverse", "return_counts", "axis"] where p.value(opt).map({ $0.isTruthy }) == true {
                    throw ConfigError(.unsupported, "numpy.unique(\(opt)=...) is not supported in configs")
                }
                let x = try NumpyArray.from(p["ar"]!)
                var seen: [Double] = []
                for v in x.storage.sorted(by: { $0 < $1 || (!$0.isNaN && $1.isNaN) }) where seen.last.map({ !($0 == v || ($0.isNaN && v.isNaN)) }) ?? true {
                    seen.append(v)
                }
                return NumpyArray(seen, shape: [seen.count], dtype: x.dtype).value
            }
        case "dot":
            return { _, _ in throw ConfigError(.unsupported, "numpy.dot (matrix products) is not supported by the config sandbox's numpy") }
        default:
            return nil
        }
    }

    /// A unary ufunc over one argument (`out=` and friends refused).
    private static func unary(_ name: String, _ body: @escaping (NumpyArray) throws -> NumpyArray) -> NumpyShapes.Function {
        { a, kw in
            try Args.count(name, a, 1, 1)
            if let k = kw.first { throw ConfigError(.unsupported, "numpy.\(name)(\(k.0)=...) is not supported in configs") }
            return try body(try NumpyArray.from(a[0])).valueOrScalar
        }
    }

    /// A binary ufunc over two arguments.
    private static func binary(_ name: String, _ body: @escaping (NumpyOperand, NumpyOperand) throws -> NumpyArray) -> NumpyShapes.Function {
        { a, kw in
            try Args.count(name, a, 2, 2)
            if let k = kw.first { throw ConfigError(.unsupported, "numpy.\(name)(\(k.0)=...) is not supported in configs") }
            return try body(try NumpyOperand.argument(a[0], name), try NumpyOperand.argument(a[1], name)).valueOrScalar
        }
    }

    /// `numpy.minimum` / `numpy.maximum` (NaN wins, as numpy).
    static func extremum(_ a: NumpyOperand, _ b: NumpyOperand, max: Bool) throws -> NumpyArray {
        let dt = try NumpyOperand.resultType(a, b)
        let r = try NumpyBroadcast.zip(a.values(as: dt), a.shape, b.values(as: dt), b.shape) { x, y in
            if x.isNaN || y.isNaN { return .nan }
            return max ? Swift.max(x, y) : Swift.min(x, y)
        }
        return NumpyArray.rounding(r.values, shape: r.shape, dtype: dt)
    }

    /// `numpy.where(condition, x, y)`.
    static func select(_ c: NumpyOperand, _ x: NumpyOperand, _ y: NumpyOperand) throws -> NumpyArray {
        let dt = try NumpyOperand.resultType(x, y)
        let shape = try NumpyBroadcast.shape(try NumpyBroadcast.shape(c.shape, x.shape), y.shape)
        let cv = NumpyBroadcast.expand(c.values, from: c.shape, to: shape)
        let xv = NumpyBroadcast.expand(x.values(as: dt), from: x.shape, to: shape)
        let yv = NumpyBroadcast.expand(y.values(as: dt), from: y.shape, to: shape)
        return NumpyArray.rounding((0..<cv.count).map { cv[$0] != 0 ? xv[$0] : yv[$0] }, shape: shape, dtype: dt)
    }

    /// `numpy.nonzero(a)` (and one-argument `where`): a tuple of index arrays, one per axis.
    static func nonzero(_ a: NumpyArray) throws -> ConfigValue {
        let x = a.ndim == 0 ? a.reshaped([1]) : a
        let st = x.strides
        var perAxis = [[Double]](repeating: [], count: x.ndim)
        for (i, v) in x.storage.enumerated() where v != 0 {
            var rest = i
            for k in 0..<x.ndim {
                perAxis[k].append(Double(rest / st[k]))
                rest %= st[k]
            }
        }
        return ConfigValue(.tuple(perAxis.map { NumpyArray($0, shape: [$0.count], dtype: .int64).value }))
    }

    /// `numpy.round(a, decimals)`: numpy scales by 10**decimals, rounds half to even, and scales
    /// back (so `round(2.675, 2)` is 2.68, where Python's `round` gives 2.67).
    static func round(_ a: NumpyOperand, decimals: Int) throws -> NumpyArray {
        if a.dtype != .bool && !a.dtype.isFloat && decimals >= 0 { return NumpyArray(a.values, shape: a.shape, dtype: a.dtype) }
        let dt: NumpyDType = a.dtype == .bool ? .int64 : (a.weak && a.dtype.isInteger ? .int64 : a.dtype)
        let scale = Foundation.pow(10.0, Double(Swift.abs(decimals)))
        let f: (Double) -> Double
        if decimals >= 0 {
            f = { decimals == 0 ? $0.rounded(.toNearestOrEven) : ($0 * scale).rounded(.toNearestOrEven) / scale }
        } else {
            f = { ($0 / scale).rounded(.toNearestOrEven) * scale }
        }
        if dt == .float32 {
            let s = Float(scale)
            return NumpyArray(a.values.map { x -> Double in
                let v = Float(x)
                if decimals == 0 { return Double(v.rounded(.toNearestOrEven)) }
                return Double(decimals > 0 ? (v * s).rounded(.toNearestOrEven) / s : (v / s).rounded(.toNearestOrEven) * s)
            }, shape: a.shape, dtype: dt)
        }
        return NumpyArray.rounding(a.values.map(f), shape: a.shape, dtype: dt)
    }

    /// `numpy.sort` / `numpy.argsort` along `axis` (stable; NaN last).
    static func sorted(_ x: NumpyArray, axis k: Int, indices: Bool) throws -> NumpyArray {
        let (outer, n, inner) = NumpyShapes.split(x.shape, k)
        var out = [Double](repeating: 0, count: x.size)
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                let lane = (0..<n).map { x.storage[base + $0 * inner] }
                let order = lane.indices.sorted { p, q in
                    let (u, v) = (lane[p], lane[q])
                    if u.isNaN || v.isNaN { return !u.isNaN && v.isNaN || (u.isNaN && v.isNaN && p < q) }
                    return u < v || (u == v && p < q)
                }
                for (i, src) in order.enumerated() { out[base + i * inner] = indices ? Double(src) : lane[src] }
            }
        }
        return NumpyArray(out, shape: x.shape, dtype: indices ? .int64 : x.dtype)
    }
}
