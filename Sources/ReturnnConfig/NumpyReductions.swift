import Foundation

/// numpy's reductions and accumulations: `sum`, `mean`, `max`/`amax`, `min`/`amin`, `prod`,
/// `argmax`, `argmin`, `any`, `all`, `std`, `var`, `cumsum`, `cumprod`, over all elements
/// (`axis=None`) or along one axis, with `keepdims`. Float sums use numpy's pairwise summation,
/// so results agree with numpy to the last bit.
///
/// ```python
/// total = numpy.sum(numpy.array(lrs))        # a Python float
/// col_max = grid.max(axis=0)                 # an array
/// ```
enum NumpyReductions {
    /// The function names this file provides (also array methods).
    static let names = ["sum", "mean", "max", "amax", "min", "amin", "prod", "argmax", "argmin", "any", "all", "std",
                        "var", "cumsum", "cumprod", "nansum", "count_nonzero"]

    /// The module function `name`, if it is one of `names`.
    static func function(_ name: String) -> NumpyShapes.Function? {
        guard names.contains(name) else { return nil }
        return { a, kw in try call(name, a, kw) }
    }

    private static func parameters(_ name: String) -> [String] {
        switch name {
        case "sum", "prod", "nansum": return ["a", "axis", "dtype", "out", "keepdims", "initial", "where"]
        case "mean": return ["a", "axis", "dtype", "out", "keepdims", "*", "where"]
        case "std", "var": return ["a", "axis", "dtype", "out", "ddof", "keepdims", "*", "where", "mean", "correction"]
        case "max", "amax", "min", "amin": return ["a", "axis", "out", "keepdims", "initial", "where"]
        case "argmax", "argmin": return ["a", "axis", "out", "*", "keepdims"]
        case "cumsum", "cumprod": return ["a", "axis", "dtype", "out"]
        case "count_nonzero": return ["a", "axis", "*", "keepdims"]
        default: return ["a", "axis", "out", "keepdims", "*", "where"]
        }
    }

    /// `numpy.name(a, axis=..., ...)`.
    static func call(_ name: String, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        let p = try BoundArguments(name, args, kwargs, parameters(name), required: 1)
        for unsupported in ["out", "where", "initial", "mean", "correction"] where p.value(unsupported) != nil {
            throw ConfigError(.unsupported, "numpy.\(name)(\(unsupported)=...) is not supported in configs")
        }
        var a = try NumpyArray.from(p["a"]!)
        if let d = try p.value("dtype").flatMap({ try NumpyDType.parse($0) }) { a = a.cast(d) }
        let keepdims = p.bool("keepdims", default: false)
        var axis: Int?
        if let ax = p.value("axis") {
            guard let i = ax.intValue else {
                throw ConfigError(.unsupported, "numpy.\(name)(axis=\(ax.repr)): only one axis (an int) or None is supported in configs")
            }
            axis = try NumpyShapes.normalizeAxis(i, Swift.max(a.ndim, 1))
            if a.ndim == 0 { axis = nil }
        }
        switch name {
        case "cumsum", "cumprod":
            return try accumulate(a, axis: axis, product: name == "cumprod").value
        case "std", "var":
            let ddof = try p.int("ddof") ?? 0
            return try variance(a, axis: axis, ddof: ddof, keepdims: keepdims, sqrt: name == "std").valueOrScalar
        default:
            return try reduce(name, a, axis: axis, keepdims: keepdims).valueOrScalar
        }
    }

    /// The lanes of `a` along `axis` (all elements when nil): each lane's values, and the shape
    /// of the result (with `keepdims`, a 1 in place of the axis).
    private static func lanes(_ a: NumpyArray, axis: Int?, keepdims: Bool) -> (lanes: [[Double]], shape: [Int], contiguous: Bool) {
        guard let k = axis else {
            return ([a.storage], keepdims ? [Int](repeating: 1, count: a.ndim) : [], true)
        }
        let (outer, n, inner) = NumpyShapes.split(a.shape, k)
        var out: [[Double]] = []
        out.reserveCapacity(outer * inner)
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                out.append((0..<n).map { a.storage[base + $0 * inner] })
            }
        }
        var shape = a.shape
        if keepdims { shape[k] = 1 } else { shape.remove(at: k) }
        return (out, shape, inner == 1)
    }

    /// A reduction to one value per lane.
    static func reduce(_ name: String, _ a: NumpyArray, axis: Int?, keepdims: Bool) throws -> NumpyArray {
        let (ls, shape, contiguous) = lanes(a, axis: axis, keepdims: keepdims)
        let dt = a.dtype
        switch name {
        case "sum", "nansum":
            let skipNaN = name == "nansum"
            if dt.isFloat {
                let r = ls.map { lane in sum(skipNaN ? lane.filter { !$0.isNaN } : lane, float32: dt == .float32, pairwise: contiguous) }
                return NumpyArray(r, shape: shape, dtype: dt)
            }
            return NumpyArray(ls.map { lane in Double(lane.reduce(0) { $0 &+ NumpyDType.wrappingInt($1) }) }, shape: shape, dtype: .int64)
        case "prod":
            if dt.isFloat {
                let r = ls.map { lane in dt == .float32 ? Double(lane.reduce(Float(1)) { $0 * Float($1) }) : lane.reduce(1, *) }
                return NumpyArray(r, shape: shape, dtype: dt)
            }
            return NumpyArray(ls.map { lane in Double(lane.reduce(1) { $0 &* NumpyDType.wrappingInt($1) }) }, shape: shape, dtype: .int64)
        case "mean":
            // An empty lane gives nan, as numpy (which also warns).
            if dt == .float32 {
                return NumpyArray(ls.map { Double(Float(sum($0, float32: true, pairwise: contiguous)) / Float($0.count)) }, shape: shape, dtype: .float32)
            }
            return NumpyArray(ls.map { sum($0, float32: false, pairwise: contiguous) / Double($0.count) }, shape: shape, dtype: .float64)
        case "max", "amax", "min", "amin":
            let wantMax = name.hasSuffix("max")
            let r = try ls.map { lane -> Double in
                guard var best = lane.first else {
                    throw ConfigError(.value, "zero-size array to reduction operation \(wantMax ? "maximum" : "minimum") which has no identity")
                }
                // As numpy's scalar loop: on ties the later value wins (0.0 or -0.0).
                for x in lane.dropFirst() {
                    if best.isNaN { break }
                    if x.isNaN || (wantMax ? x >= best : x <= best) { best = x }
                }
                return best
            }
            return NumpyArray(r, shape: shape, dtype: dt)
        case "argmax", "argmin":
            let wantMax = name == "argmax"
            let r = try ls.map { lane -> Double in
                guard var best = lane.first else { throw ConfigError(.value, "attempt to get \(name) of an empty sequence") }
                var at = 0
                for (i, x) in lane.enumerated().dropFirst() {
                    if best.isNaN { break }
                    if x.isNaN || (wantMax ? x > best : x < best) { best = x; at = i }
                }
                return Double(at)
            }
            return NumpyArray(r, shape: shape, dtype: .int64)
        case "any":
            return NumpyArray(ls.map { $0.contains { $0 != 0 } ? 1 : 0 }, shape: shape, dtype: .bool)
        case "all":
            return NumpyArray(ls.map { $0.allSatisfy { $0 != 0 } ? 1 : 0 }, shape: shape, dtype: .bool)
        case "count_nonzero":
            return NumpyArray(ls.map { Double($0.filter { $0 != 0 }.count) }, shape: shape, dtype: .int64)
        default:
            preconditionFailure("no numpy reduction \(name)")
        }
    }

    /// numpy's `var`/`std`: the mean of squared deviations, divided by `n - ddof`.
    private static func variance(_ a: NumpyArray, axis: Int?, ddof: Int, keepdims: Bool, sqrt: Bool) throws -> NumpyArray {
        let (ls, shape, contiguous) = lanes(a, axis: axis, keepdims: keepdims)
        let f32 = a.dtype == .float32
        let r = ls.map { lane -> Double in
            let n = Double(lane.count)
            let mean = f32 ? Double(Float(sum(lane, float32: true, pairwise: contiguous)) / Float(n)) : sum(lane, float32: false, pairwise: contiguous) / n
            let sq = lane.map { x -> Double in
                let d = f32 ? Double(Float(x) - Float(mean)) : x - mean
                return f32 ? Double(Float(d) * Float(d)) : d * d
            }
            let denom = Swift.max(n - Double(ddof), 0)
            var v = f32 ? Double(Float(sum(sq, float32: true, pairwise: contiguous)) / Float(denom)) : sum(sq, float32: false, pairwise: contiguous) / denom
            if sqrt { v = f32 ? Double(Float(v).squareRoot()) : v.squareRoot() }
            return v
        }
        return NumpyArray(r, shape: shape, dtype: f32 ? .float32 : .float64)
    }

    /// `numpy.cumsum` / `numpy.cumprod`: running totals (flattened when `axis` is nil).
    static func accumulate(_ a: NumpyArray, axis: Int?, product: Bool) throws -> NumpyArray {
        let x = axis == nil ? a.reshaped([a.size]) : a
        let k = axis ?? 0
        let dt: NumpyDType = x.dtype.isFloat ? x.dtype : .int64
        let (outer, n, inner) = NumpyShapes.split(x.shape, k)
        var out = x.storage
        let f = try NumpyArray.kernel(product ? .mul : .add, dt)
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                for i in 1..<Swift.max(n, 1) {
                    let at = base + i * inner
                    out[at] = dt.normalize(try f(out[at - inner], out[at]))
                }
            }
        }
        return NumpyArray(dt == x.dtype ? out : out.map(dt.normalize), shape: x.shape, dtype: dt)
    }

    /// numpy's float sum: pairwise (blocks of 8 accumulators up to 128 elements, halves above)
    /// for contiguous lanes, left to right otherwise; in float32 arithmetic for float32.
    static func sum(_ values: [Double], float32: Bool, pairwise: Bool) -> Double {
        if float32 {
            let v = values.map { Float($0) }
            if !pairwise { return Double(v.reduce(Float(0), +)) }
            return Double(0 + v.withUnsafeBufferPointer { pairwiseSum($0[...]) })
        }
        if !pairwise { return values.reduce(0, +) }
        return 0 + values.withUnsafeBufferPointer { pairwiseSum($0[...]) }
    }

    private static func pairwiseSum<T: BinaryFloatingPoint>(_ a: Slice<UnsafeBufferPointer<T>>) -> T {
        let n = a.count
        let s = a.startIndex
        if n < 8 {
            var r: T = -0.0
            for x in a { r += x }
            return r
        }
        if n <= 128 {
            var r = (0..<8).map { a[s + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[s + i + j] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                res += a[s + i]
                i += 1
            }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(a[s..<(s + n2)]) + pairwiseSum(a[(s + n2)...])
    }
}
