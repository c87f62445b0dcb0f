import Foundation
import Testing
@testable import ReturnnKernels


/// Sizes every fast kernel is checked on: empty, below / at / above one vector, and large.
let kernelTestSizes = [0, 1, 15, 16, 17, 1000, 100_003]

/// `nil` when `got` and `want` agree everywhere within `abs + rel * |want|` (NaN matches NaN,
/// infinities must be equal), else a description of the first mismatch.
func firstMismatch(_ got: [Float], _ want: [Float], abs: Float, rel: Float) -> String? {
    if got.count != want.count { return "count \(got.count) != \(want.count)" }
    for i in 0..<got.count {
        let g = got[i], w = want[i]
        if g.isNaN || w.isNaN {
            if g.isNaN && w.isNaN { continue }
        } else if g == w || Swift.abs(g - w) <= abs + rel * Swift.abs(w) {
            continue
        }
        return "index \(i): got \(g), want \(w)"
    }
    return nil
}

/// Fast elementwise kernels agree with their naive twins; gradients agree with finite differences.
@Suite struct ElementwiseTests {
    /// Tolerance `(abs, rel)` of each unary op vs libm (documented on `Elementwise`).
    static func tolerance(_ op: UnaryOp) -> (Float, Float) {
        switch op {
        case .neg, .abs, .sqrt, .square, .relu: return (0, 0)
        case .exp, .log: return (0, 2e-7)
        case .tanh: return (3e-7, 0)
        case .sigmoid: return (1.5e-7, 0)
        case .softplus: return (0, 3e-7)
        case .elu: return (1.5e-7, 0)
        }
    }

    @Test(arguments: UnaryOp.allCases)
    func unaryMatchesNaive(_ op: UnaryOp) {
        var rng = SplitMix(seed: 11)
        let (ta, tr) = Self.tolerance(op)
        for n in kernelTestSizes {
            var x = rng.floats(n, scale: 80)
            if n > 20 { x[5] = .nan; x[n - 2] = .infinity; x[n - 3] = -.infinity; x[n / 2] = 0 }
            var fast = [Float](repeating: 0, count: n), naive = fast
            Elementwise.unary(op, x, &fast, count: n)
            Elementwise.Naive.unary(op, x, &naive, count: n)
            #expect(firstMismatch(fast, naive, abs: ta, rel: tr) == nil, "\(op) n=\(n)")
            if n > 20 { #expect(fast[5].isNaN, "\(op): NaN must propagate") }
        }
    }

    @Test func unaryInPlaceAndParallel() {
        var rng = SplitMix(seed: 12)
        let n = Elementwise.parallelThreshold + 37  // takes the 2-thread path
        let x = rng.floats(n, scale: 20)
        for op in [UnaryOp.exp, .tanh, .sigmoid] {
            var y = x
            y.withUnsafeMutableBufferPointer { p in Elementwise.unary(op, p.baseAddress!, p.baseAddress!, count: n) }
            var naive = [Float](repeating: 0, count: n)
            Elementwise.Naive.unary(op, x, &naive, count: n)
            let (ta, tr) = Self.tolerance(op)
            #expect(firstMismatch(y, naive, abs: ta, rel: tr) == nil, "\(op)")
        }
    }

    @Test(arguments: UnaryOp.allCases)
    func unaryBackwardMatchesNaive(_ op: UnaryOp) {
        var rng = SplitMix(seed: 13)
        for n in kernelTestSizes {
            let x = rng.floats(n, scale: 20)
            var y = [Float](repeating: 0, count: n)
            Elementwise.Naive.unary(op, x, &y, count: n)
            let dy = rng.floats(n, scale: 1)
            for accumulate in [false, true] {
                let start = rng.floats(n, scale: 1)
                var fast = start, naive = start
                Elementwise.unaryBackward(op, x: x, y: y, dy: dy, dx: &fast, count: n, accumulate: accumulate)
                Elementwise.Naive.unaryBackward(op, x: x, y: y, dy: dy, dx: &naive, count: n, accumulate: accumulate)
                #expect(firstMismatch(fast, naive, abs: 1e-6, rel: 1e-6) == nil, "\(op) n=\(n) acc=\(accumulate)")
            }
        }
    }

    /// `unaryBackward` against central differences of `unary` (the fast forward itself).
    @Test(arguments: UnaryOp.allCases)
    func unaryBackwardMatchesFiniteDifferences(_ op: UnaryOp) {
        var rng = SplitMix(seed: 14)
        // Stay away from kinks (abs, relu, elu at 0) and outside the domain of log/sqrt.
        let x: [Float] = (0..<200).map { i in
            let v = rng.float(0.5, 3)
            return (op == .log || op == .sqrt || i % 2 == 0) ? v : -v
        }
        let n = x.count
        var y = [Float](repeating: 0, count: n)
        Elementwise.unary(op, x, &y, count: n)
        let dy = [Float](repeating: 1, count: n)
        var dx = [Float](repeating: 0, count: n)
        Elementwise.unaryBackward(op, x: x, y: y, dy: dy, dx: &dx, count: n, accumulate: false)
        let h: Float = 1e-2
        var xp = x, xm = x
        for i in 0..<n { xp[i] += h; xm[i] -= h }
        var fp = [Float](repeating: 0, count: n), fm = fp
        Elementwise.unary(op, xp, &fp, count: n)
        Elementwise.unary(op, xm, &fm, count: n)
        for i in 0..<n {
            let fd = (Double(fp[i]) - Double(fm[i])) / Double(2 * h)
            let tol = 1e-3 * max(1, Swift.abs(fd))
            #expect(Swift.abs(Double(dx[i]) - fd) <= tol, "\(op) x=\(x[i]): analytic \(dx[i]) vs fd \(fd)")
        }
    }

    @Test(arguments: BinaryOp.allCases)
    func binaryMatchesNaiveExactly(_ op: BinaryOp) {
        var rng = SplitMix(seed: 15)
        for n in kernelTestSizes + [Elementwise.parallelThreshold + 5] {
            var a = rng.floats(n, scale: 80), b = rng.floats(n, scale: 80)
            if n > 20 { a[3] = .nan; b[4] = .nan; a[7] = b[7]; b[9] = 0; a[10] = .infinity }
            var fast = [Float](repeating: 0, count: n), naive = fast
            Elementwise.binary(op, a, b, &fast, count: n)
            Elementwise.Naive.binary(op, a, b, &naive, count: n)
            #expect(firstMismatch(fast, naive, abs: 0, rel: 0) == nil, "\(op) n=\(n)")
            if n > 20 { #expect(fast[3].isNaN && fast[4].isNaN, "\(op): NaN must propagate") }
        }
    }

    @Test func scaleAndAxpyMatchNaive() {
        var rng = SplitMix(seed: 16)
        for n in kernelTestSizes {
            let x = rng.floats(n, scale: 80), y0 = rng.floats(n, scale: 80)
            var fast = [Float](repeating: 0, count: n), naive = fast
            Elementwise.scale(x, -0.37, &fast, count: n)
            Elementwise.Naive.scale(x, -0.37, &naive, count: n)
            #expect(firstMismatch(fast, naive, abs: 0, rel: 0) == nil, "scale n=\(n)")
            fast = y0
            naive = y0
            Elementwise.axpy(1.7, x, &fast, count: n)
            Elementwise.Naive.axpy(1.7, x, &naive, count: n)
            // Fused vs unfused: at most one rounding of the product apart.
            #expect(firstMismatch(fast, naive, abs: 2e-5, rel: 1e-6) == nil, "axpy n=\(n)")
        }
    }

    /// The 1- and 2-thread splits give bit-identical results.
    @Test func resultsDoNotDependOnThreadCount() {
        var rng = SplitMix(seed: 17)
        let n = Elementwise.parallelThreshold + 333
        let x = rng.floats(n, scale: 20), dy = rng.floats(n, scale: 1)
        var ref: [[Float]] = []
        for threads in [1, 2] {
            var y = [Float](repeating: 0, count: n), dx = y, b = y, s = y, ax = dy
            Elementwise.unary(.tanh, x, &y, count: n, threads: threads)
            Elementwise.unaryBackward(.tanh, x: x, y: y, dy: dy, dx: &dx, count: n, accumulate: false, threads: threads)
            Elementwise.binary(.maximum, x, dy, &b, count: n, threads: threads)
            Elementwise.scale(x, 3, &s, count: n, threads: threads)
            Elementwise.axpy(0.5, x, &ax, count: n, threads: threads)
            let all = y + dx + b + s + ax
            if ref.isEmpty { ref.append(all) } else { #expect(all == ref[0], "threads \(threads)") }
        }
    }
}
