import Foundation
import Testing
@testable import ReturnnKernels

/// Measures the vector approximations against Double libm on dense grids and asserts the error
/// bounds documented on each `SIMDMath` function.
@Suite struct SIMDMathTests {
    /// Max absolute and relative error of `f` vs `ref` over `n` points spread over `[lo, hi]`
    /// (log-spaced when `logSpaced`). Relative error is skipped where the reference is 0.
    static func maxError(
        lo: Double, hi: Double, n: Int = 1_000_001, logSpaced: Bool = false,
        _ f: (SIMD16<Float>) -> SIMD16<Float>, _ ref: (Double) -> Double
    ) -> (abs: Double, rel: Double) {
        let padded = (n + 15) / 16 * 16
        var x = [Float](repeating: 0, count: padded)
        for i in 0..<padded {
            let t = Double(min(i, n - 1)) / Double(n - 1)
            x[i] = Float(logSpaced ? Foundation.exp(Foundation.log(lo) + t * (Foundation.log(hi) - Foundation.log(lo)))
                                   : lo + t * (hi - lo))
        }
        var y = [Float](repeating: 0, count: padded)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for i in stride(from: 0, to: padded, by: 16) {
                    let v = UnsafeRawPointer(xp.baseAddress! + i).loadUnaligned(as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(yp.baseAddress! + i).storeBytes(of: f(v), as: SIMD16<Float>.self)
                }
            }
        }
        var maxAbs = 0.0, maxRel = 0.0
        for i in 0..<n {
            let want = ref(Double(x[i]))
            let err = Swift.abs(Double(y[i]) - want)
            maxAbs = max(maxAbs, err)
            if want != 0 { maxRel = max(maxRel, err / Swift.abs(want)) }
        }
        return (maxAbs, maxRel)
    }

    @Test func expError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.exp, Foundation.exp)
        #expect(e.rel < 1.5e-7, "exp max rel error \(e.rel)")
        // Normal range up to the overflow threshold.
        let wide = Self.maxError(lo: -87, hi: 88.7, n: 100_001, SIMDMath.exp, Foundation.exp)
        #expect(wide.rel < 1.5e-7, "exp max rel error \(wide.rel) on [-87, 88.7]")
    }

    @Test func logError() {
        let e = Self.maxError(lo: 1e-6, hi: 20, SIMDMath.log, Foundation.log)
        #expect(e.rel < 1.5e-7, "log max rel error \(e.rel)")
        let sweep = Self.maxError(lo: 1e-44, hi: 3e38, n: 100_001, logSpaced: true, SIMDMath.log, Foundation.log)
        #expect(sweep.rel < 1.5e-7, "log max rel error \(sweep.rel) over 1e-44...3e38")
    }

    @Test func expm1AndLog1pError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.expm1, Foundation.expm1)
        #expect(e.rel < 3e-7, "expm1 max rel error \(e.rel)")
        let l = Self.maxError(lo: 0, hi: 1, SIMDMath.log1p, Foundation.log1p)
        #expect(l.rel < 2.5e-7, "log1p max rel error \(l.rel)")
        let tiny = Self.maxError(lo: 1e-30, hi: 1e-3, n: 10_001, logSpaced: true, SIMDMath.log1p, Foundation.log1p)
        #expect(tiny.rel < 2.5e-7, "log1p max rel error \(tiny.rel) for tiny u")
    }

    @Test func tanhError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.tanh, Foundation.tanh)
        #expect(e.abs < 3e-7, "tanh max abs error \(e.abs)")
        #expect(e.rel < 3e-7, "tanh max rel error \(e.rel)")
    }

    @Test func sigmoidError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.sigmoid) { 1 / (1 + Foundation.exp(-$0)) }
        #expect(e.abs < 1.5e-7, "sigmoid max abs error \(e.abs)")
        #expect(e.rel < 2.5e-7, "sigmoid max rel error \(e.rel)")
    }

    @Test func softplusError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.softplus) {
            $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0))
        }
        #expect(e.rel < 3e-7, "softplus max rel error \(e.rel)")
    }

    @Test func eluError() {
        let e = Self.maxError(lo: -20, hi: 20, SIMDMath.elu) { $0 > 0 ? $0 : Foundation.expm1($0) }
        #expect(e.abs < 1e-7, "elu max abs error \(e.abs)")
        #expect(e.rel < 2e-7, "elu max rel error \(e.rel)")
    }

    /// Infinities, NaN, zeros, overflow and underflow give the mathematically right results.
    @Test func specialValues() {
        let inf = Float.infinity
        let sub = Float.leastNormalMagnitude / 1024  // a subnormal
        let x = SIMD16<Float>(-inf, inf, .nan, 0, -0.0, 100, -100, 89, -104.5, sub, -1, 1, 9.5, -9.5, 200, -200)
        let e = SIMDMath.exp(x)
        #expect(e[0] == 0 && e[1] == inf && e[2].isNaN && e[3] == 1 && e[5] == inf && e[7] == inf)
        #expect(e[8] == 0 && e[15] == 0 && e[6] > 0 && e[6] < Float.leastNormalMagnitude)  // subnormal e^-100
        let l = SIMDMath.log(x)
        #expect(l[0].isNaN && l[1] == inf && l[2].isNaN && l[3] == -inf && l[4] == -inf && l[10].isNaN)
        #expect(Swift.abs(Double(l[9]) - Foundation.log(Double(sub))) < 1e-5 && l[11] == 0)
        let t = SIMDMath.tanh(x)
        #expect(t[0] == -1 && t[1] == 1 && t[2].isNaN && t[3] == 0 && t[12] == 1 && t[13] == -1 && t[9] == sub)
        let s = SIMDMath.sigmoid(x)
        #expect(s[0] == 0 && s[1] == 1 && s[2].isNaN && s[3] == 0.5 && s[14] == 1 && s[15] == 0)
        for k in 0..<16 where !x[k].isNaN { #expect(s[k] >= 0 && s[k] <= 1) }
        let sp = SIMDMath.softplus(x)
        #expect(sp[0] == 0 && sp[1] == inf && sp[2].isNaN && sp[5] == 100 && sp[14] == 200 && sp[15] == 0)
        let el = SIMDMath.elu(x)
        #expect(el[0] == -1 && el[1] == inf && el[2].isNaN && el[5] == 100 && el[6] == -1 && el[9] == sub)
    }
}
