/// Fast vector approximations of the transcendental functions on `SIMD16<Float>`.
///
/// All functions are branch-free, propagate NaN (a NaN lane gives a NaN lane) and handle `±inf`
/// and huge inputs without traps. Clamping uses comparisons plus `replacing(with:where:)`, never
/// `pointwiseMin/Max` (those drop NaN) nor `.clamped` (traps). Roundings use the magic-number
/// trick and integer reinterpretation (`unsafeBitCast`), never the trapping SIMD conversions.
///
/// The error bounds in the doc comments were measured by `SIMDMathTests` on a grid of 10^6 + 1
/// points over `[-20, 20]` (for `log`: over `(0, 20]` plus a log-spaced sweep of 1e-38...1e38)
/// against Double-precision libm, and are asserted there.
///
/// Use from code compiled with the numeric flags (`-target-cpu`; without it every vector FMA is
/// a libm call per lane). In hot loops call these directly or through a generic function object
/// (see `VectorFunction`): passed as closures they were measured to stay per-vector calls.
public enum SIMDMath {
    /// `1.5 * 2^23`: adding then subtracting it rounds a float with `|t| < 2^22` to the nearest integer.
    /// (A computed constant, not a `static let`: no lazy-initialisation check in hot loops.)
    @inlinable @inline(__always) static var magic: SIMD16<Float> { SIMD16(repeating: 12_582_912) }
    /// Bit pattern of `magic`.
    @inlinable @inline(__always) static var magicBits: SIMD16<Int32> { SIMD16(repeating: 0x4B40_0000) }

    /// Vector `e^x` (Cephes `expf` scheme: `x = n ln2 + r`, degree-6 polynomial in `r`, times `2^n`).
    ///
    /// Max relative error vs libm: 8.2e-8 measured on `[-20, 20]` (bound asserted: 1.5e-7);
    /// `2^n` is applied in two steps, so subnormal results are correctly scaled (with the
    /// precision subnormals have). `exp(x) = +inf` for
    /// `x > 88.73`, `0` for `x < -103.98` and at `-inf`; NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var x = x
        x.replace(with: 88.8, where: x .> 88.8)  // e^88.8 > Float.greatestFiniteMagnitude: +inf
        x.replace(with: -104, where: x .< -104)  // e^-104 < half the smallest subnormal: 0
        let shifted = fma(x, SIMD16(repeating: 1.442_695_04), magic)  // n + magic, n = round(x / ln 2)
        let n = shifted - magic
        var r = x.addingProduct(n, -0.693_359_375)  // ln 2 split into an exact high part ...
        r = r.addingProduct(n, 2.121_944_4e-4)  // ... and a low part: r = x - n ln 2
        var p = fma(SIMD16(repeating: 1.987_569_15e-4), r, 1.398_199_950_7e-3)
        p = fma(p, r, 8.333_451_907_3e-3)
        p = fma(p, r, 4.166_579_589_4e-2)
        p = fma(p, r, 1.666_666_545_9e-1)
        p = fma(p, r, 5.000_000_120_1e-1)
        let y = fma(p, r * r, r) + 1
        // 2^n with n in [-150, 129], as 2^n1 * 2^n2 so both factors are normal floats.
        let ni = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- magicBits
        let n1 = ni &>> 1
        let n2 = ni &- n1
        let s1 = unsafeBitCast((n1 &+ 127) &<< 23, to: SIMD16<Float>.self)
        let s2 = unsafeBitCast((n2 &+ 127) &<< 23, to: SIMD16<Float>.self)
        return (y * s1) * s2
    }

    /// Fused multiply-add `a * b + c` per lane (one rounding; a `vfmadd` with `-target-cpu`).
    @inlinable @inline(__always)
    public static func fma(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ c: SIMD16<Float>) -> SIMD16<Float> {
        c.addingProduct(a, b)
    }

    /// Fused multiply-add `a * b + c` per lane with a scalar addend.
    @inlinable @inline(__always)
    public static func fma(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ c: Float) -> SIMD16<Float> {
        SIMD16(repeating: c).addingProduct(a, b)
    }

    /// Vector natural logarithm (Cephes `logf` scheme: `x = m 2^e`, `m` in `[sqrt(1/2), sqrt(2))`,
    /// degree-9 polynomial in `m - 1`).
    ///
    /// Max relative error vs libm: 7.9e-8 measured on `(0, 20]` and over 1e-44...3e38 (subnormal
    /// inputs included; bound asserted: 1.5e-7). `log(0) = -inf`, `log(+inf) = +inf`, `log(x < 0) = NaN`, NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func log(_ x: SIMD16<Float>) -> SIMD16<Float> {
        // Scale subnormals into the normal range first (exponent corrected below).
        let sub = (x .< Float.leastNormalMagnitude) .& (x .> 0)
        let xs = x.replacing(with: x * 8_388_608, where: sub)  // * 2^23
        let bits = unsafeBitCast(xs, to: SIMD16<Int32>.self)
        var e = ((bits &>> 23) & 0xFF) &- 126  // x = m * 2^e with m in [0.5, 1)
        e.replace(with: e &- 23, where: sub)
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F00_0000, to: SIMD16<Float>.self)
        let small = m .< 0.707_106_781_186_547_524
        e.replace(with: e &- 1, where: small)
        m = m.replacing(with: m + m, where: small) - 1  // m - 1 in [sqrt(1/2) - 1, sqrt(2) - 1)
        let fe = unsafeBitCast(e &+ magicBits, to: SIMD16<Float>.self) - magic  // Float(e), exact
        let z = m * m
        var p = fma(SIMD16(repeating: 7.037_683_629_2e-2), m, -1.151_461_031_0e-1)
        p = fma(p, m, 1.167_699_874_0e-1)
        p = fma(p, m, -1.242_014_084_6e-1)
        p = fma(p, m, 1.424_932_278_7e-1)
        p = fma(p, m, -1.666_805_766_5e-1)
        p = fma(p, m, 2.000_071_476_5e-1)
        p = fma(p, m, -2.499_999_399_3e-1)
        p = fma(p, m, 3.333_333_117_4e-1)
        var y = p * m * z
        y = fma(fe, SIMD16(repeating: -2.121_944_40e-4), y)
        y = fma(z, SIMD16(repeating: -0.5), y)
        var r = m + y
        r = fma(fe, SIMD16(repeating: 0.693_359_375), r)
        r.replace(with: -.infinity, where: x .== 0)
        r.replace(with: .infinity, where: x .== .infinity)
        r.replace(with: .nan, where: .!(x .>= 0))  // negative or NaN
        return r
    }

    /// Vector `e^x - 1`, accurate also near 0: a degree-7 Taylor polynomial for `|x| < 0.35`,
    /// `exp(x) - 1` elsewhere.
    ///
    /// Max relative error vs libm: 2.3e-7 measured on `[-20, 20]` (bound asserted: 3e-7).
    /// NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func expm1(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var p = fma(x, SIMD16(repeating: 1.0 / 5040), SIMD16(repeating: 1.0 / 720))
        p = fma(p, x, SIMD16(repeating: 1.0 / 120))
        p = fma(p, x, SIMD16(repeating: 1.0 / 24))
        p = fma(p, x, SIMD16(repeating: 1.0 / 6))
        p = fma(p, x, SIMD16(repeating: 0.5))
        let taylor = fma(p * x, x, x)
        let big = (x .> 0.35) .| (x .< -0.35)
        return taylor.replacing(with: exp(x) - 1, where: big)
    }

    /// Vector `log(1 + u)` for `u >= -1`, accurate for small `u` (Goldberg's correction:
    /// `log(w) * u / (w - 1)` with `w = 1 + u`, and `u` itself where `w == 1`).
    ///
    /// Max relative error vs libm: 1.6e-7 measured for `u` in `[0, 1]` (bound asserted: 2.5e-7).
    /// NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func log1p(_ u: SIMD16<Float>) -> SIMD16<Float> {
        let w = u + 1
        let wm1 = w - 1
        let r = log(w) * (u / wm1)
        return r.replacing(with: u, where: wm1 .== 0)
    }

    /// Vector hyperbolic tangent: a [13/6] odd/even minimax rational approximation on
    /// `[-7.9053, 7.9053]` (coefficients as published in Eigen's `generic_fast_tanh_float`),
    /// inputs clamped to that range, `x` itself for `|x| < 4e-4`, result clamped to `[-1, 1]`.
    ///
    /// Max abs error vs libm: 2.6e-7 measured on `[-20, 20]`, max relative error 2.6e-7
    /// (bounds asserted: 3e-7), well inside the 1e-4 that LSTM kernels need. Exactly `±1` for
    /// `|x| > 9` and at `±inf`; NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bound: Float = 7.905_311_107_635_498_05
        var c = x.replacing(with: SIMD16(repeating: bound), where: x .> bound)
        c.replace(with: -bound, where: x .< -bound)
        let x2 = c * c
        var p = fma(x2, SIMD16(repeating: -2.760_768_477_423_55e-16), SIMD16(repeating: 2.000_187_904_824_77e-13))
        p = fma(p, x2, SIMD16(repeating: -8.604_671_522_137_35e-11))
        p = fma(p, x2, SIMD16(repeating: 5.122_297_090_371_14e-08))
        p = fma(p, x2, SIMD16(repeating: 1.485_722_357_179_79e-05))
        p = fma(p, x2, SIMD16(repeating: 6.372_619_288_754_36e-04))
        p = fma(p, x2, SIMD16(repeating: 4.893_524_558_917_86e-03))
        p = p * c
        var q = fma(x2, SIMD16(repeating: 1.198_258_394_667_02e-06), SIMD16(repeating: 1.185_347_056_866_54e-04))
        q = fma(q, x2, SIMD16(repeating: 2.268_434_632_439_00e-03))
        q = fma(q, x2, SIMD16(repeating: 4.893_525_185_543_85e-03))
        var r = p / q
        r.replace(with: 1, where: r .> 1)
        r.replace(with: -1, where: r .< -1)
        r.replace(with: 1, where: x .> 9)  // tanh(9) rounds to 1 in Float
        r.replace(with: -1, where: x .< -9)
        let tiny = (x .< 4e-4) .& (x .> -4e-4)
        return r.replacing(with: x, where: tiny)
    }

    /// Vector logistic sigmoid `1 / (1 + e^-x)`; results lie exactly in `[0, 1]`.
    ///
    /// Max abs error vs libm: 8.9e-8 measured on `[-20, 20]`, max relative error 1.4e-7, also in
    /// the far negative tail, unlike a `tanh`-based form (bounds asserted: 1.5e-7 and 2.5e-7).
    /// `sigmoid(-inf) = 0`, `sigmoid(+inf) = 1`; NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 / (exp(-x) + 1)
    }

    /// Vector softplus `log(1 + e^x)`, computed as `max(x, 0) + log1p(e^-|x|)` (no overflow).
    ///
    /// Max relative error vs libm: 2.1e-7 measured on `[-20, 20]` (bound asserted: 3e-7).
    /// `softplus(+inf) = +inf`,
    /// `softplus(-inf) = 0`; NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func softplus(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let ax = x.replacing(with: -x, where: x .< 0)
        let pos = x.replacing(with: 0, where: x .< 0)
        return pos + log1p(exp(-ax))
    }

    /// Vector ELU with RETURNN's `elu` (`tf.nn.elu`, alpha 1): `x` for `x > 0`, else `e^x - 1`.
    ///
    /// Max abs error vs libm: 4.5e-8 measured on `[-20, 20]`, max relative error 1.3e-7, also
    /// near 0 thanks to `expm1` (bounds asserted: 1e-7 and 2e-7). NaN in gives NaN out.
    @inlinable @inline(__always)
    public static func elu(_ x: SIMD16<Float>) -> SIMD16<Float> {
        expm1(x).replacing(with: x, where: x .> 0)
    }
}
