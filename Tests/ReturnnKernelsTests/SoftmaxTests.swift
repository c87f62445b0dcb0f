import Foundation
import Testing
@testable import ReturnnKernels

/// Softmax kernels agree with the Double naive twins and with finite differences.
@Suite struct SoftmaxTests {
    /// `(rows, cols)`: vector-width edges, a wide row, and one shape above the parallel threshold.
    static let shapes: [(Int, Int)] = [(0, 5), (3, 1), (4, 15), (4, 16), (5, 17), (6, 1000), (2, 100_003), (1100, 1000)]

    @Test func forwardMatchesNaiveAndSumsToOne() {
        var rng = SplitMix(seed: 41)
        for (rows, cols) in Self.shapes {
            let x = rng.floats(rows * cols, scale: 80)
            var fast = [Float](repeating: 0, count: rows * cols), naive = fast
            Softmax.forward(x, &fast, rows: rows, cols: cols)
            Softmax.Naive.forward(x, &naive, rows: rows, cols: cols, log: false)
            #expect(firstMismatch(fast, naive, abs: 1e-6, rel: 1e-5) == nil, "softmax \(rows)x\(cols)")
            for r in 0..<min(rows, 20) {
                let s = fast[(r * cols)..<((r + 1) * cols)].reduce(0.0) { $0 + Double($1) }
                #expect(Swift.abs(s - 1) < 1e-5, "row \(r) of \(rows)x\(cols) sums to \(s)")
            }
            Softmax.logForward(x, &fast, rows: rows, cols: cols)
            Softmax.Naive.forward(x, &naive, rows: rows, cols: cols, log: true)
            #expect(firstMismatch(fast, naive, abs: 1e-5, rel: 1e-5) == nil, "log_softmax \(rows)x\(cols)")
        }
    }

    @Test func inPlaceAndNaNRows() {
        var rng = SplitMix(seed: 42)
        let rows = 3, cols = 40
        var x = rng.floats(rows * cols, scale: 10)
        x[cols + 7] = .nan  // row 1 holds a NaN
        var naive = [Float](repeating: 0, count: rows * cols)
        Softmax.Naive.forward(x, &naive, rows: rows, cols: cols, log: false)
        var y = x
        y.withUnsafeMutableBufferPointer { p in Softmax.forward(p.baseAddress!, p.baseAddress!, rows: rows, cols: cols) }
        #expect(firstMismatch(y, naive, abs: 1e-6, rel: 1e-5) == nil)
        #expect((cols..<(2 * cols)).allSatisfy { y[$0].isNaN })
        #expect(!y[0].isNaN && !y[2 * cols].isNaN)
    }

    @Test func backwardMatchesNaive() {
        var rng = SplitMix(seed: 43)
        for (rows, cols) in Self.shapes {
            let x = rng.floats(rows * cols, scale: 20), dy = rng.floats(rows * cols, scale: 1)
            var y = [Float](repeating: 0, count: rows * cols), ly = y
            Softmax.Naive.forward(x, &y, rows: rows, cols: cols, log: false)
            Softmax.Naive.forward(x, &ly, rows: rows, cols: cols, log: true)
            for accumulate in [false, true] {
                let start = rng.floats(rows * cols, scale: 1)
                var f = start, n = start
                Softmax.backward(y: y, dy: dy, dx: &f, rows: rows, cols: cols, accumulate: accumulate)
                Softmax.Naive.backward(y: y, dy: dy, dx: &n, rows: rows, cols: cols, accumulate: accumulate)
                #expect(firstMismatch(f, n, abs: 1e-6, rel: 1e-5) == nil, "backward \(rows)x\(cols)")
                f = start
                n = start
                Softmax.logBackward(y: ly, dy: dy, dx: &f, rows: rows, cols: cols, accumulate: accumulate)
                Softmax.Naive.logBackward(y: ly, dy: dy, dx: &n, rows: rows, cols: cols, accumulate: accumulate)
                // sum(dy) grows with cols; the softmax term carries exp's relative error.
                let tol = 1e-6 * Float(max(1, cols / 100))
                #expect(firstMismatch(f, n, abs: tol, rel: 1e-5) == nil, "logBackward \(rows)x\(cols)")
            }
        }
    }

    /// Central differences of `L(x) = sum(g * f(x))` for f = softmax and log-softmax.
    @Test(arguments: [false, true])
    func backwardMatchesFiniteDifferences(_ log: Bool) {
        var rng = SplitMix(seed: 44)
        let rows = 2, cols = 19
        var x = rng.floats(rows * cols, scale: 3)
        let g = rng.floats(rows * cols, scale: 1)
        func loss(_ x: [Float]) -> Double {
            var y = [Float](repeating: 0, count: rows * cols)
            if log { Softmax.logForward(x, &y, rows: rows, cols: cols) } else { Softmax.forward(x, &y, rows: rows, cols: cols) }
            return zip(y, g).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var y = [Float](repeating: 0, count: rows * cols)
        if log { Softmax.logForward(x, &y, rows: rows, cols: cols) } else { Softmax.forward(x, &y, rows: rows, cols: cols) }
        var dx = [Float](repeating: 0, count: rows * cols)
        if log {
            Softmax.logBackward(y: y, dy: g, dx: &dx, rows: rows, cols: cols, accumulate: false)
        } else {
            Softmax.backward(y: y, dy: g, dx: &dx, rows: rows, cols: cols, accumulate: false)
        }
        let h: Float = 1e-2
        for i in 0..<(rows * cols) {
            let x0 = x[i]
            x[i] = x0 + h
            let lp = loss(x)
            x[i] = x0 - h
            let lm = loss(x)
            x[i] = x0
            let fd = (lp - lm) / Double(2 * h)
            #expect(Swift.abs(fd - Double(dx[i])) < 2e-4, "log=\(log) i=\(i): fd \(fd) vs \(dx[i])")
        }
    }

    /// Sparse CE: weights (with zeros) or nil, gradient or nil, label smoothing 0 / 0.1 / 1.
    @Test(arguments: [Float(0), 0.1, 1])
    func sparseCrossEntropyMatchesNaive(_ ls: Float) {
        var rng = SplitMix(seed: 45)
        for (rows, cols) in Self.shapes where cols >= 2 || ls == 0 {
            let x = rng.floats(rows * cols, scale: 80)
            let t = (0..<rows).map { _ in Int32(rng.next() % UInt64(cols)) }
            let w = (0..<rows).map { r in r % 3 == 1 ? 0 : rng.float(0.5, 2) }
            for weights in [nil, w] {
                var lf = [Float](repeating: 0, count: rows), ln = lf
                var gf = [Float](repeating: 0, count: rows * cols), gn = gf
                let sf = Softmax.sparseCrossEntropy(logits: x, targets: t, weights: weights, rows: rows, cols: cols,
                                                    labelSmoothing: ls, loss: &lf, grad: &gf)
                let sn = Softmax.Naive.sparseCrossEntropy(logits: x, targets: t, weights: weights, rows: rows,
                                                          cols: cols, labelSmoothing: ls, loss: &ln, grad: &gn)
                let what = "\(rows)x\(cols) ls=\(ls) weights=\(weights != nil)"
                #expect(firstMismatch(lf, ln, abs: 1e-5, rel: 1e-5) == nil, "loss \(what)")
                #expect(Swift.abs(sf - sn) <= 1e-5 * max(1, Swift.abs(sn)), "sum \(sf) vs \(sn) \(what)")
                #expect(firstMismatch(gf, gn, abs: 2e-6, rel: 1e-5) == nil, "grad \(what)")
                var lNoGrad = [Float](repeating: 0, count: rows)
                let s2 = Softmax.sparseCrossEntropy(logits: x, targets: t, weights: weights, rows: rows, cols: cols,
                                                    labelSmoothing: ls, loss: &lNoGrad, grad: nil)
                #expect(s2 == sf && lNoGrad == lf, "nil grad gives the same loss \(what)")
            }
        }
    }

    @Test func plainSparseCrossEntropyAgreesWithSmoothingZero() {
        var rng = SplitMix(seed: 46)
        let rows = 9, cols = 33
        let x = rng.floats(rows * cols, scale: 30)
        let t = (0..<rows).map { _ in Int32(rng.next() % UInt64(cols)) }
        var l1 = [Float](repeating: 0, count: rows), l2 = l1
        var g1 = [Float](repeating: 0, count: rows * cols), g2 = g1
        let s1 = Softmax.Naive.sparseCrossEntropy(logits: x, targets: t, weights: nil, rows: rows, cols: cols,
                                                  loss: &l1, grad: &g1)
        let s2 = Softmax.Naive.sparseCrossEntropy(logits: x, targets: t, weights: nil, rows: rows, cols: cols,
                                                  labelSmoothing: 0, loss: &l2, grad: &g2)
        #expect(Swift.abs(s1 - s2) < 1e-9 && l1 == l2 && g1 == g2)
        var l3 = l1, g3 = g1
        let s3 = Softmax.sparseCrossEntropy(logits: x, targets: t, weights: nil, rows: rows, cols: cols,
                                            loss: &l3, grad: &g3)
        #expect(Swift.abs(s3 - s1) < 1e-4 && firstMismatch(g3, g1, abs: 2e-6, rel: 1e-5) == nil)
    }

    /// Label smoothing against hand-computed values of upstream's formula.
    @Test func labelSmoothingReferenceValues() {
        // Two classes, equal logits: -(0.9 + 0.1) log(1/2) - normalizing,
        // normalizing = -(0.9 log 0.9 + 0.1 log(0.1 + 1e-20)).
        var loss: Float = 0
        _ = Softmax.sparseCrossEntropy(logits: [0, 0], targets: [1], weights: nil, rows: 1, cols: 2,
                                       labelSmoothing: 0.1, loss: &loss, grad: nil)
        let want = Foundation.log(2.0) + (0.9 * Foundation.log(0.9) + 0.1 * Foundation.log(0.1))
        #expect(Swift.abs(Double(loss) - want) < 1e-6, "\(loss) vs \(want)")
        // Logits equal to the log of the smoothed target: cross-entropy = entropy, loss = 0.
        let cols = 10, ls = 0.2
        let q = (0..<cols).map { $0 == 4 ? 1 - ls : ls / Double(cols - 1) }
        var g = [Float](repeating: 1, count: cols)
        _ = Softmax.sparseCrossEntropy(logits: q.map { Float(Foundation.log($0)) }, targets: [4], weights: nil,
                                       rows: 1, cols: cols, labelSmoothing: Float(ls), loss: &loss, grad: &g)
        #expect(Swift.abs(loss) < 1e-6, "loss at the target distribution: \(loss)")
        #expect(g.allSatisfy { Swift.abs($0) < 1e-6 }, "gradient at the target distribution: \(g)")
    }

    @Test func denseCrossEntropyMatchesNaive() {
        var rng = SplitMix(seed: 47)
        for (rows, cols) in Self.shapes {
            let x = rng.floats(rows * cols, scale: 80)
            // Soft targets: random distributions, some unnormalised rows, some exact zeros.
            var t = (0..<(rows * cols)).map { i in i % 5 == 0 ? 0 : rng.float(0, 1) }
            for r in 0..<rows where r % 2 == 0 {
                let s = t[(r * cols)..<((r + 1) * cols)].reduce(0, +)
                if s > 0 { for j in 0..<cols { t[r * cols + j] /= s } }
            }
            let w = (0..<rows).map { r in r % 3 == 1 ? 0 : rng.float(0.5, 2) }
            for weights in [nil, w] {
                var lf = [Float](repeating: 0, count: rows), ln = lf
                var gf = [Float](repeating: 0, count: rows * cols), gn = gf
                let sf = Softmax.denseCrossEntropy(logits: x, targets: t, weights: weights, rows: rows, cols: cols,
                                                   loss: &lf, grad: &gf)
                let sn = Softmax.Naive.denseCrossEntropy(logits: x, targets: t, weights: weights, rows: rows,
                                                         cols: cols, loss: &ln, grad: &gn)
                let what = "\(rows)x\(cols) weights=\(weights != nil)"
                // Unnormalised rows have a target mass up to cols / 2: scale the tolerance.
                let mass = Float(max(1, cols / 2))
                #expect(firstMismatch(lf, ln, abs: 1e-5 * mass, rel: 1e-5) == nil, "loss \(what)")
                #expect(Swift.abs(sf - sn) <= 1e-5 * max(1, Swift.abs(sn)), "sum \(sf) vs \(sn) \(what)")
                #expect(firstMismatch(gf, gn, abs: 2e-6 * mass, rel: 1e-5) == nil, "grad \(what)")
            }
        }
    }

    /// Central differences of the summed weighted loss for sparse (smoothed) and dense CE.
    @Test(arguments: [false, true])
    func crossEntropyGradientMatchesFiniteDifferences(_ dense: Bool) {
        var rng = SplitMix(seed: 48)
        let rows = 3, cols = 11
        var x = rng.floats(rows * cols, scale: 3)
        let t = [Int32(2), 7, 10]
        let soft = (0..<(rows * cols)).map { _ in rng.float(0, 0.3) }
        let w: [Float] = [1.5, 0, 0.7]
        func run(_ x: [Float], _ grad: UnsafeMutablePointer<Float>?) -> Double {
            var l = [Float](repeating: 0, count: rows)
            if dense {
                return Softmax.denseCrossEntropy(logits: x, targets: soft, weights: w, rows: rows, cols: cols,
                                                 loss: &l, grad: grad)
            }
            return Softmax.sparseCrossEntropy(logits: x, targets: t, weights: w, rows: rows, cols: cols,
                                              labelSmoothing: 0.1, loss: &l, grad: grad)
        }
        var g = [Float](repeating: 0, count: rows * cols)
        _ = g.withUnsafeMutableBufferPointer { run(x, $0.baseAddress!) }
        let h: Float = 1e-2
        for i in 0..<(rows * cols) {
            let x0 = x[i]
            x[i] = x0 + h
            let lp = run(x, nil)
            x[i] = x0 - h
            let lm = run(x, nil)
            x[i] = x0
            let fd = (lp - lm) / Double(2 * h)
            #expect(Swift.abs(fd - Double(g[i])) < 5e-4, "dense=\(dense) i=\(i): fd \(fd) vs \(g[i])")
        }
    }

    /// Row splits give the same rows for 1 and 2 threads; the Double loss sums agree closely.
    @Test func resultsDoNotDependOnThreadCount() {
        var rng = SplitMix(seed: 49)
        let rows = 1100, cols = 1000
        let x = rng.floats(rows * cols, scale: 30)
        let t = (0..<rows).map { _ in Int32(rng.next() % UInt64(cols)) }
        var ref: ([Float], Double)?
        for threads in [1, 2] {
            var y = [Float](repeating: 0, count: rows * cols), ly = y, g = y, dx = y
            var l = [Float](repeating: 0, count: rows)
            Softmax.forward(x, &y, rows: rows, cols: cols, threads: threads)
            Softmax.logForward(x, &ly, rows: rows, cols: cols, threads: threads)
            Softmax.backward(y: y, dy: x, dx: &dx, rows: rows, cols: cols, accumulate: false, threads: threads)
            let total = Softmax.sparseCrossEntropy(logits: x, targets: t, weights: nil, rows: rows, cols: cols,
                                                   labelSmoothing: 0.1, loss: &l, grad: &g, threads: threads)
            let all = y + ly + g + dx + l
            if let ref {
                #expect(all == ref.0, "threads \(threads)")
                #expect(Swift.abs(total - ref.1) <= 1e-9 * Swift.abs(ref.1), "threads \(threads)")
            } else {
                ref = (all, total)
            }
        }
    }
}
