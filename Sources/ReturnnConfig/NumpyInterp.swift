/// `numpy.interp(x, xp, fp, left=None, right=None)`: piecewise-linear interpolation through the
/// points `(xp, fp)` (`xp` increasing), as numpy computes it; outside `[xp[0], xp[-1]]` the value
/// is `left` (default `fp[0]`) or `right` (default `fp[-1]`). Learning-rate schedules use it:
///
/// ```python
/// def dynamic_learning_rate(*, global_train_step, **_):
///     return numpy.interp(global_train_step, [0, 5000, 100000], [1e-5, 1e-3, 1e-6])
/// ```
enum NumpyInterp {
    /// `numpy.interp(...)`: a Python float for a number `x`, an array for an array.
    static func interp(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        let p = try BoundArguments("interp", args, kwargs, ["x", "xp", "fp", "left", "right", "period"], required: 3)
        if p.value("period") != nil { throw ConfigError(.unsupported, "numpy.interp(period=...) is not supported in configs") }
        let x = try NumpyOperand.argument(p["x"]!, "interp")
        let xp = try NumpyArray.from(p["xp"]!).storage, fp = try NumpyArray.from(p["fp"]!)
        guard fp.ndim == 1 else { throw ConfigError(.value, "fp must be a 1-D sequence (the sandbox's numpy.interp has no complex or n-D fp)") }
        guard xp.count == fp.size else { throw ConfigError(.value, "fp and xp are not of the same length.") }
        guard !xp.isEmpty else { throw ConfigError(.value, "array of sample points is empty") }
        let f = fp.storage
        let left = try p.double("left") ?? f[0], right = try p.double("right") ?? f[f.count - 1]
        let out = x.values.map { value(at: $0, xp, f, left: left, right: right) }
        return NumpyArray(out, shape: x.shape, dtype: .float64).valueOrScalar
    }

    /// The interpolated value at `v` (numpy's `arr_interp` for one point).
    static func value(at v: Double, _ xp: [Double], _ fp: [Double], left: Double, right: Double) -> Double {
        if v.isNaN { return v }
        let n = xp.count
        if v < xp[0] { return left }
        if v > xp[n - 1] { return right }
        // The largest j with xp[j] <= v.
        var lo = 0, hi = n
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if v >= xp[mid] { lo = mid + 1 } else { hi = mid }
        }
        let j = lo - 1
        if j == n - 1 || xp[j] == v { return fp[j] }
        let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
        var r = slope * (v - xp[j]) + fp[j]
        if r.isNaN {
            r = slope * (v - xp[j + 1]) + fp[j + 1]
            if r.isNaN && fp[j] == fp[j + 1] { r = fp[j] }
        }
        return r
    }
}
