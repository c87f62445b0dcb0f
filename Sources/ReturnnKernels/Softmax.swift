import Foundation

/// Softmax, log-softmax and the fused sparse softmax cross-entropy, row-wise.
///
/// Shape contract: `x` is `[rows, cols]` contiguous, the softmax runs over `cols` for each row.
public enum Softmax {
    /// `y[r, :] = softmax(x[r, :])` (max-subtracted, so large logits do not overflow).
    @inlinable
    public static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        Naive.forward(x, y, rows: rows, cols: cols, log: false)
    }

    /// `y[r, :] = log_softmax(x[r, :])`.
    @inlinable
    public static func logForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        Naive.forward(x, y, rows: rows, cols: cols, log: true)
    }

    /// Softmax gradient: `dx = y * (dy - sum(dy * y))` per row, given `y = softmax(x)`.
    @inlinable
    public static func backward(
        y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        accumulate: Bool
    ) {
        Naive.backward(y: y, dy: dy, dx: dx, rows: rows, cols: cols, accumulate: accumulate)
    }

    /// Log-softmax gradient: `dx = dy - softmax(x) * sum(dy)` per row, given `y = log_softmax(x)`.
    @inlinable
    public static func logBackward(
        y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        accumulate: Bool
    ) {
        Naive.logBackward(y: y, dy: dy, dx: dx, rows: rows, cols: cols, accumulate: accumulate)
    }

    /// Fused sparse softmax cross-entropy, forward and backward in one pass.
    ///
    /// For each row r with `weights[r] != 0` (weights `nil` = all 1): `loss[r] = -log softmax(x[r])[t_r]`
    /// with `t_r = targets[r]` in `0..<cols`, and `grad[r, :] = weights[r] * (softmax(x[r]) - onehot(t_r))`.
    /// Rows with weight 0 (padding) get loss 0 and zero gradient. `grad` may be `nil` (no gradient).
    /// Returns the weighted loss sum in Double.
    @inlinable
    @discardableResult
    public static func sparseCrossEntropy(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
        rows: Int, cols: Int, loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?
    ) -> Double {
        Naive.sparseCrossEntropy(logits: logits, targets: targets, weights: weights, rows: rows, cols: cols,
                                 loss: loss, grad: grad)
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
    }
}
