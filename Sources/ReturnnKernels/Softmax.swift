import Foundation

/// Softmax, log-softmax and the fused softmax cross-entropies, row-wise.
///
/// Shape contract: `x` is `[rows, cols]` contiguous, the softmax runs over `cols` for each row;
/// outputs have the same shape and may alias the input. Rows are computed with SIMD16 passes
/// (max, exp-sum, normalise) using `SIMDMath.exp`; work above `Elementwise.parallelThreshold`
/// elements is split by rows over `threads`. Rows holding NaN (or only `-inf`) give NaN, as in
/// the `Naive` twins (which compute in Double).
///
/// Max error vs the twins (asserted in `SoftmaxTests` for logits in [-80, 80], up to 1000
/// columns): probabilities abs 1e-6, log-probabilities and losses abs 1e-5 + rel 1e-5,
/// gradients abs 1e-6 (scaled by the row weight).
public enum Softmax {
    /// `y[r, :] = softmax(x[r, :])` (max-subtracted, so large logits do not overflow).
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y)
        forRows(rows, cols, threads) { r in
            let row = xs.p + r * cols, out = ys.p + r * cols
            let m = Reduce.reduceRow(.max, row, cols)
            let s = expSum(row, cols, m, store: out)
            Elementwise.scaleRange(out, 1 / Float(s), out, cols)
        }
    }

    /// `y[r, :] = log_softmax(x[r, :])`, computed as `(x - max) - log(sum(exp(x - max)))`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func logForward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y)
        forRows(rows, cols, threads) { r in
            let row = xs.p + r * cols
            let m = Reduce.reduceRow(.max, row, cols)
            let ls = Float(Foundation.log(expSum(row, cols, m, store: nil)))
            shiftRow(row, ys.p + r * cols, cols, m, ls)
        }
    }

    /// Softmax gradient: `dx = y * (dy - sum(dy * y))` per row, given `y = softmax(x)`.
    ///
    /// - Parameter accumulate: add into `dx` instead of overwriting it.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func backward(
        y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        accumulate: Bool,
        threads: Int = Parallel.defaultThreads
    ) {
        let ys = SendablePointer(y), dys = SendablePointer(dy), dxs = SendablePointer(dx)
        forRows(rows, cols, threads) { r in
            let o = r * cols
            let dot = Float(dotRow(dys.p + o, ys.p + o, cols))
            softmaxGradRow(ys.p + o, dys.p + o, dxs.p + o, cols, dot, accumulate)
        }
    }

    /// Log-softmax gradient: `dx = dy - softmax(x) * sum(dy)` per row, given `y = log_softmax(x)`.
    ///
    /// - Parameter accumulate: add into `dx` instead of overwriting it.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func logBackward(
        y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        accumulate: Bool,
        threads: Int = Parallel.defaultThreads
    ) {
        let ys = SendablePointer(y), dys = SendablePointer(dy), dxs = SendablePointer(dx)
        forRows(rows, cols, threads) { r in
            let o = r * cols
            let s = Float(Reduce.sumRow(dys.p + o, cols))
            logSoftmaxGradRow(ys.p + o, dys.p + o, dxs.p + o, cols, s, accumulate)
        }
    }

    /// Fused sparse softmax cross-entropy, forward and backward in one pass (RETURNN `ce` loss on
    /// a softmax layer with sparse targets: `sparse_softmax_cross_entropy_with_logits`).
    ///
    /// For each row r with `weights[r] != 0` (weights `nil` = all 1): `loss[r] = -log softmax(x[r])[t_r]`
    /// with `t_r = targets[r]` in `0..<cols`, and `grad[r, :] = weights[r] * (softmax(x[r]) - onehot(t_r))`.
    /// Rows with weight 0 (padding) get loss 0 and zero gradient. `grad` may be `nil` (no gradient).
    /// Returns the weighted loss sum in Double.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    @discardableResult
    public static func sparseCrossEntropy(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
        rows: Int, cols: Int, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?,
        threads: Int = Parallel.defaultThreads
    ) -> Double {
        sparseCrossEntropy(logits: logits, targets: targets, weights: weights, rows: rows, cols: cols,
                           labelSmoothing: 0, loss: loss, grad: grad, threads: threads)
    }

    /// Fused sparse softmax cross-entropy with RETURNN's `label_smoothing` (`CrossEntropyLoss`
    /// option, default 0; upstream `returnn/tf/util/basic.py` `smoothing_cross_entropy`).
    ///
    /// With `ls = labelSmoothing` in `[0, 1]` and `V = cols` (`V >= 2` when `ls > 0`), the target
    /// distribution is `q = (1 - ls)` at `t_r` and `ls / (V - 1)` at every other class (note:
    /// `V - 1`, not `V`, as upstream), and
    /// `loss[r] = w_r * (-sum_j q_j log softmax(x[r])_j - c)` with the constant
    /// `c = -((1 - ls) log(1 - ls) + ls log(ls / (V - 1) + 1e-20))` (upstream's "normalizing"
    /// term, the entropy of `q`, so a perfect prediction scores about 0; `0 log 0` is taken as 0).
    /// `grad[r, :] = w_r * (softmax(x[r]) - q)`. `ls = 0` is the plain sparse CE above. Weight-0
    /// rows get loss 0 and zero gradient; `grad` may be `nil`. Returns the weighted loss sum.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    @discardableResult
    public static func sparseCrossEntropy(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
        rows: Int, cols: Int, labelSmoothing: Float, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?,
        threads: Int = Parallel.defaultThreads
    ) -> Double {
        let smoothing = LabelSmoothing(labelSmoothing, cols: cols)
        let xs = SendablePointer(logits), ts = SendablePointer(targets), ls = SendablePointer(loss)
        let ws = weights.map { SendablePointer($0) }, gs = grad.map { SendablePointer($0) }
        return sumRows(rows, cols, threads) { r in
            let o = r * cols
            let w = ws?.p[r] ?? 1
            if w == 0 {
                ls.p[r] = 0
                if let gs { for j in 0..<cols { gs.p[o + j] = 0 } }
                return 0
            }
            let t = Int(ts.p[r])
            precondition(t >= 0 && t < cols, "sparseCrossEntropy: target \(t) out of range 0..<\(cols)")
            let row = xs.p + o
            let m = Reduce.reduceRow(.max, row, cols)
            let g = gs.map { $0.p + o }
            let s = expSum(row, cols, m, store: g)
            // Sum of q_j (m - x_j) + log(s), using sum(q) = 1; distances from the max keep precision.
            var l = Double(m - row[t]) + Foundation.log(s)
            if smoothing.ls > 0 {
                let dist = Double(cols) * Double(m) - Reduce.sumRow(row, cols)
                l = Double(smoothing.low) * dist + Double(smoothing.conf - smoothing.low) * Double(m - row[t])
                    + Foundation.log(s) - smoothing.normalizing
            }
            let wl = Double(w) * l
            ls.p[r] = Float(wl)
            if let g {
                affineRow(g, cols, w / Float(s), -w * smoothing.low)
                g[t] -= w * (smoothing.conf - smoothing.low)
            }
            return wl
        }
    }

    /// Fused softmax cross-entropy with dense (soft) targets (RETURNN `ce` loss with a dense
    /// target: `softmax_cross_entropy_with_logits`).
    ///
    /// Shape contract: `logits` and `targets` are `[rows, cols]`, `weights` is `[rows]` or `nil`,
    /// `loss` is `[rows]`, `grad` is `[rows, cols]` or `nil`. With `T_r = sum_j targets[r, j]`:
    /// `loss[r] = w_r * (-sum_j targets[r, j] * log softmax(x[r])_j)` and
    /// `grad[r, :] = w_r * (T_r * softmax(x[r]) - targets[r, :])`, the exact gradient (equal to
    /// TF's `softmax - targets` when the targets are distributions, `T_r = 1`). Weight-0 rows
    /// get loss 0 and zero gradient. Returns the weighted loss sum in Double.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    @discardableResult
    public static func denseCrossEntropy(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Float>, weights: UnsafePointer<Float>?,
        rows: Int, cols: Int, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?,
        threads: Int = Parallel.defaultThreads
    ) -> Double {
        let xs = SendablePointer(logits), ts = SendablePointer(targets), ls = SendablePointer(loss)
        let ws = weights.map { SendablePointer($0) }, gs = grad.map { SendablePointer($0) }
        return sumRows(rows, cols, threads) { r in
            let o = r * cols
            let w = ws?.p[r] ?? 1
            if w == 0 {
                ls.p[r] = 0
                if let gs { for j in 0..<cols { gs.p[o + j] = 0 } }
                return 0
            }
            let row = xs.p + o, tr = ts.p + o
            let m = Reduce.reduceRow(.max, row, cols)
            let g = gs.map { $0.p + o }
            let s = expSum(row, cols, m, store: g)
            // sum_j t_j (lse - x_j) = sum_j t_j (m - x_j) + T log(s).
            let vm = SIMD16<Float>(repeating: m)
            var tSum = 0.0, tDist = 0.0
            var j = 0
            while j < cols {
                let k = Swift.min(16, cols - j)
                let tv = k == 16 ? VectorLoop.load(tr + j) : VectorLoop.loadPartial(tr + j, k)
                let xv = k == 16 ? VectorLoop.load(row + j) : VectorLoop.loadPartial(row + j, k)
                tSum += Double(tv.sum())
                tDist += Double((tv * (vm - xv)).replacing(with: 0, where: tv .== 0).sum())
                j += 16
            }
            let wl = Double(w) * (tDist + tSum * Foundation.log(s))
            ls.p[r] = Float(wl)
            if let g {
                denseGradRow(g, tr, cols, w * Float(tSum) / Float(s), w)
            }
            return wl
        }
    }

    // MARK: row kernels

    /// The label-smoothing constants of `sparseCrossEntropy` for `ls` and `cols` classes.
    @usableFromInline
    struct LabelSmoothing: Sendable {
        /// `label_smoothing`.
        let ls: Float
        /// Target probability of the true class, `1 - ls`.
        let conf: Float
        /// Target probability of every other class, `ls / (cols - 1)`.
        let low: Float
        /// Upstream's normalizing constant, the entropy of the smoothed target.
        let normalizing: Double

        init(_ ls: Float, cols: Int) {
            precondition(ls >= 0 && ls <= 1, "sparseCrossEntropy: labelSmoothing \(ls) outside [0, 1]")
            precondition(ls == 0 || cols >= 2, "sparseCrossEntropy: labelSmoothing needs at least 2 classes")
            self.ls = ls
            conf = 1 - ls
            low = ls == 0 ? 0 : ls / Float(cols - 1)
            normalizing = Self.normalizing(ls: Double(ls), cols: cols)
        }

        /// `-(conf log conf + (V - 1) low log(low + 1e-20))` in Double, with `0 log 0 = 0`.
        static func normalizing(ls: Double, cols: Int) -> Double {
            if ls == 0 { return 0 }
            let conf = 1 - ls, low = ls / Double(cols - 1)
            let a = conf > 0 ? conf * Foundation.log(conf) : 0
            return -(a + Double(cols - 1) * low * Foundation.log(low + 1e-20))
        }
    }

    /// Runs `body(row)` for every row, split over `threads` for large inputs.
    @inline(__always)
    static func forRows(_ rows: Int, _ cols: Int, _ threads: Int, _ body: @Sendable (Int) -> Void) {
        let minRows = Swift.max(1, Elementwise.parallelThreshold / 2 / Swift.max(cols, 1))
        Parallel.forChunks(count: rows, threads: threads, minPerThread: minRows) { _, range in
            for r in range { body(r) }
        }
    }

    /// Sums `body(row)` over every row (in Double), split over `threads` for large inputs.
    static func sumRows(_ rows: Int, _ cols: Int, _ threads: Int, _ body: @Sendable (Int) -> Double) -> Double {
        let nSlots = Swift.max(1, threads)
        let slots = UnsafeMutablePointer<Double>.allocate(capacity: nSlots)
        defer { slots.deallocate() }
        slots.initialize(repeating: 0, count: nSlots)
        let ss = SendablePointer(slots)
        let minRows = Swift.max(1, Elementwise.parallelThreshold / 2 / Swift.max(cols, 1))
        Parallel.forChunks(count: rows, threads: threads, minPerThread: minRows) { chunk, range in
            var acc = 0.0
            for r in range { acc += body(r) }
            ss.p[chunk] = acc
        }
        var total = 0.0
        for i in 0..<nSlots { total += slots[i] }
        return total
    }

    /// `sum_j exp(x[j] - m)` over `n` floats (Float per 1024-block, blocks in Double); also
    /// writes each `exp(x[j] - m)` to `store` when given.
    /// `0, 1, ..., 15`, to mask the tail lanes of a partial vector.
    static let laneIndex = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    static func expSum(_ x: UnsafePointer<Float>, _ n: Int, _ m: Float, store: UnsafeMutablePointer<Float>?) -> Double {
        if n < 16 {
            // Few classes (e.g. 12AX's 2): scalar libm exp beats a masked 16-lane vector.
            var total = 0.0
            for j in 0..<n {
                let e = Foundation.exp(x[j] - m)
                store?[j] = e
                total += Double(e)
            }
            return total
        }
        let vm = SIMD16<Float>(repeating: m)
        var total = 0.0
        var b = 0
        while b < n {
            let e = Swift.min(n, b + 1024)
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>()
            var j = b
            while j + 32 <= e {
                let e0 = SIMDMath.exp(VectorLoop.load(x + j) - vm)
                let e1 = SIMDMath.exp(VectorLoop.load(x + j + 16) - vm)
                if let store {
                    VectorLoop.store(e0, store + j)
                    VectorLoop.store(e1, store + j + 16)
                }
                a0 += e0
                a1 += e1
                j += 32
            }
            while j < e {
                let k = Swift.min(16, e - j)
                var v = SIMDMath.exp(VectorLoop.loadPartial(x + j, k) - vm)
                if k < 16 { v = v.replacing(with: 0, where: Softmax.laneIndex .>= Int32(k)) }
                if let store { VectorLoop.storePartial(v, store + j, k) }
                a0 += v
                j += k
            }
            total += Double((a0 + a1).sum())
            b = e
        }
        return total
    }

    /// `y[j] = (x[j] - m) - ls` (log-softmax output from the row max and log-sum-exp).
    @inline(never) static func shiftRow(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ m: Float, _ ls: Float
    ) {
        VectorLoop.map(x, y, n, Lanewise.Shift(m: SIMD16(repeating: m), l: SIMD16(repeating: ls)))
    }

    /// `dx[j] (+)= y[j] * (dy[j] - dot)` (softmax backward of one row).
    @inline(never) static func softmaxGradRow(
        _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int,
        _ dot: Float, _ accumulate: Bool
    ) {
        // mapGrad computes dx (+)= s * d(u, v): here y * (dy - dot).
        VectorLoop.mapGrad(dy, y, y, dx, n, accumulate, Lanewise.MinusConst(c: SIMD16(repeating: dot)))
    }

    /// `dx[j] (+)= dy[j] - exp(y[j]) * s` (log-softmax backward of one row, `s = sum(dy)`).
    @inline(never) static func logSoftmaxGradRow(
        _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int,
        _ s: Float, _ accumulate: Bool
    ) {
        let vs = SIMD16<Float>(repeating: s)
        var j = 0
        while j + 16 <= n {
            let g = VectorLoop.load(dy + j) - SIMDMath.exp(VectorLoop.load(y + j)) * vs
            VectorLoop.store(accumulate ? VectorLoop.load(dx + j) + g : g, dx + j)
            j += 16
        }
        let k = n - j
        if k > 0 {
            let g = VectorLoop.loadPartial(dy + j, k) - SIMDMath.exp(VectorLoop.loadPartial(y + j, k)) * vs
            VectorLoop.storePartial(accumulate ? VectorLoop.loadPartial(dx + j, k) + g : g, dx + j, k)
        }
    }

    /// `g[j] = g[j] * a + b` in place.
    @inline(never) static func affineRow(_ g: UnsafeMutablePointer<Float>, _ n: Int, _ a: Float, _ b: Float) {
        VectorLoop.map(g, g, n, Lanewise.Affine(a: SIMD16(repeating: a), b: SIMD16(repeating: b)))
    }

    /// `g[j] = g[j] * a - w * t[j]` in place (dense CE gradient from the stored exps).
    @inline(never) static func denseGradRow(
        _ g: UnsafeMutablePointer<Float>, _ t: UnsafePointer<Float>, _ n: Int, _ a: Float, _ w: Float
    ) {
        VectorLoop.map2(g, t, g, n, Lanewise.ScaleMinus(s: SIMD16(repeating: a), w: SIMD16(repeating: w)))
    }

    /// `sum_j a[j] * b[j]` over `n` floats (Float per 1024-block, blocks in Double).
    static func dotRow(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Double {
        var total = 0.0
        var s = 0
        while s < n {
            let e = Swift.min(n, s + 1024)
            var acc = SIMD16<Float>()
            var j = s
            while j + 16 <= e {
                acc = acc.addingProduct(VectorLoop.load(a + j), VectorLoop.load(b + j))
                j += 16
            }
            if j < e { acc = acc.addingProduct(VectorLoop.loadPartial(a + j, e - j), VectorLoop.loadPartial(b + j, e - j)) }
            total += Double(acc.sum())
            s = e
        }
        return total
    }

    /// Naive twins, in Double.
    public enum Naive {
        /// Naive (log-)softmax.
        public static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, log: Bool) {
            for r in 0..<rows {
                let row = x + r * cols
                var m = -Double.infinity
                for j in 0..<cols { m = max(m, Double(row[j])) }
                var s = 0.0
                for j in 0..<cols { s += Foundation.exp(Double(row[j]) - m) }
                let ls = Foundation.log(s)
                for j in 0..<cols {
                    let v = Double(row[j]) - m - ls
                    y[r * cols + j] = Float(log ? v : Foundation.exp(v))
                }
            }
        }

        /// Naive softmax backward.
        public static func backward(
            y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
            accumulate: Bool
        ) {
            for r in 0..<rows {
                let o = r * cols
                var dot = 0.0
                for j in 0..<cols { dot += Double(dy[o + j]) * Double(y[o + j]) }
                for j in 0..<cols {
                    let g = Float(Double(y[o + j]) * (Double(dy[o + j]) - dot))
                    dx[o + j] = accumulate ? dx[o + j] + g : g
                }
            }
        }

        /// Naive log-softmax backward.
        public static func logBackward(
            y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
            accumulate: Bool
        ) {
            for r in 0..<rows {
                let o = r * cols
                var s = 0.0
                for j in 0..<cols { s += Double(dy[o + j]) }
                for j in 0..<cols {
                    let g = Float(Double(dy[o + j]) - Foundation.exp(Double(y[o + j])) * s)
                    dx[o + j] = accumulate ? dx[o + j] + g : g
                }
            }
        }

        /// Naive fused sparse cross-entropy.
        @discardableResult
        public static func sparseCrossEntropy(
            logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
            rows: Int, cols: Int, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?
        ) -> Double {
            var total = 0.0
            for r in 0..<rows {
                let w = Double(weights?[r] ?? 1)
                let row = logits + r * cols
                if w == 0 {
                    loss[r] = 0
                    if let grad { for j in 0..<cols { grad[r * cols + j] = 0 } }
                    continue
                }
                let t = Int(targets[r])
                precondition(t >= 0 && t < cols, "sparseCrossEntropy: target \(t) out of range 0..<\(cols)")
                var m = -Double.infinity
                for j in 0..<cols { m = max(m, Double(row[j])) }
                var s = 0.0
                for j in 0..<cols { s += Foundation.exp(Double(row[j]) - m) }
                let lse = m + Foundation.log(s)
                let l = lse - Double(row[t])
                loss[r] = Float(w * l)
                total += w * l
                if let grad {
                    for j in 0..<cols {
                        let p = Foundation.exp(Double(row[j]) - lse)
                        grad[r * cols + j] = Float(w * (p - (j == t ? 1 : 0)))
                    }
                }
            }
            return total
        }

        /// Naive sparse cross-entropy with label smoothing: builds the smoothed target row
        /// explicitly and applies the dense formula plus upstream's normalizing constant.
        @discardableResult
        public static func sparseCrossEntropy(
            logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
            rows: Int, cols: Int, labelSmoothing: Float, loss: UnsafeMutablePointer<Float>,
            grad: UnsafeMutablePointer<Float>?
        ) -> Double {
            let ls = Double(labelSmoothing)
            let conf = 1 - ls, low = ls == 0 ? 0 : ls / Double(cols - 1)
            let normalizing = LabelSmoothing.normalizing(ls: ls, cols: cols)
            var total = 0.0
            var q = [Double](repeating: 0, count: cols)
            for r in 0..<rows {
                let w = Double(weights?[r] ?? 1)
                let row = logits + r * cols
                if w == 0 {
                    loss[r] = 0
                    if let grad { for j in 0..<cols { grad[r * cols + j] = 0 } }
                    continue
                }
                let t = Int(targets[r])
                precondition(t >= 0 && t < cols, "sparseCrossEntropy: target \(t) out of range 0..<\(cols)")
                for j in 0..<cols { q[j] = j == t ? conf : low }
                var m = -Double.infinity
                for j in 0..<cols { m = max(m, Double(row[j])) }
                var s = 0.0
                for j in 0..<cols { s += Foundation.exp(Double(row[j]) - m) }
                let lse = m + Foundation.log(s)
                var l = -normalizing
                for j in 0..<cols where q[j] != 0 { l += q[j] * (lse - Double(row[j])) }
                loss[r] = Float(w * l)
                total += w * l
                if let grad {
                    for j in 0..<cols {
                        let p = Foundation.exp(Double(row[j]) - lse)
                        grad[r * cols + j] = Float(w * (p - q[j]))
                    }
                }
            }
            return total
        }

        /// Naive dense-target softmax cross-entropy (zero targets contribute nothing, also
        /// where the logit is `-inf`).
        @discardableResult
        public static func denseCrossEntropy(
            logits: UnsafePointer<Float>, targets: UnsafePointer<Float>, weights: UnsafePointer<Float>?,
            rows: Int, cols: Int, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?
        ) -> Double {
            var total = 0.0
            for r in 0..<rows {
                let w = Double(weights?[r] ?? 1)
                let row = logits + r * cols, tr = targets + r * cols
                if w == 0 {
                    loss[r] = 0
                    if let grad { for j in 0..<cols { grad[r * cols + j] = 0 } }
                    continue
                }
                var m = -Double.infinity
                for j in 0..<cols { m = max(m, Double(row[j])) }
                var s = 0.0
                for j in 0..<cols { s += Foundation.exp(Double(row[j]) - m) }
                let lse = m + Foundation.log(s)
                var l = 0.0, tSum = 0.0
                for j in 0..<cols where tr[j] != 0 {
                    l += Double(tr[j]) * (lse - Double(row[j]))
                    tSum += Double(tr[j])
                }
                loss[r] = Float(w * l)
                total += w * l
                if let grad {
                    for j in 0..<cols {
                        let p = Foundation.exp(Double(row[j]) - lse)
                        grad[r * cols + j] = Float(w * (tSum * p - Double(tr[j])))
                    }
                }
            }
            return total
        }
    }
}
