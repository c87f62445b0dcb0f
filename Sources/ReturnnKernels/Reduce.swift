/// Reductions along one axis of a contiguous tensor viewed as `[outer, n, inner]`.
///
/// Shape contract: `x` holds `outer * n * inner` floats; the reduced output holds
/// `outer * inner` values, at `out[o * inner + i]` = reduce over `j < n` of `x[(o * n + j) * inner + i]`.
/// A reduction over several axes is a sequence of single-axis reductions (or a reshape).
public enum Reduce {
    /// Reduction operations (RETURNN `reduce` layer `mode` names).
    public enum Op: String, CaseIterable, Sendable {
        /// sum
        case sum
        /// arithmetic mean
        case mean
        /// maximum
        case max
        /// minimum
        case min
    }

    /// Reduces `x` (`[outer, n, inner]`) along the middle axis into `out` (`[outer, inner]`).
    @inlinable
    public static func reduce(
        _ op: Op, _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        Naive.reduce(op, x, outer: outer, n: n, inner: inner, out)
    }

    /// Index of the maximum along the middle axis (first one on ties); `out` is `[outer, inner]`.
    @inlinable
    public static func argmax(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Int32>
    ) {
        Naive.argmax(x, outer: outer, n: n, inner: inner, out)
    }

    /// Naive twins of the reductions.
    public enum Naive {
        /// Naive `Reduce.reduce`, accumulating in Double.
        public static func reduce(
            _ op: Op, _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Float>
        ) {
            for o in 0..<outer {
                for i in 0..<inner {
                    var acc: Double
                    switch op {
                    case .sum, .mean: acc = 0
                    case .max: acc = -.infinity
                    case .min: acc = .infinity
                    }
                    for j in 0..<n {
                        let v = Double(x[(o * n + j) * inner + i])
                        switch op {
                        case .sum, .mean: acc += v
                        case .max: acc = Swift.max(acc, v)
                        case .min: acc = Swift.min(acc, v)
                        }
                    }
                    if op == .mean { acc /= Double(Swift.max(n, 1)) }
                    out[o * inner + i] = Float(acc)
                }
            }
        }

        /// Naive `Reduce.argmax`.
        public static func argmax(
            _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Int32>
        ) {
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bv = -Float.infinity
                    for j in 0..<n {
                        let v = x[(o * n + j) * inner + i]
                        if v > bv || j == 0 { bv = v; best = j }
                    }
                    out[o * inner + i] = Int32(best)
                }
            }
        }
    }
}
