/// Cumulative sum along an axis (RETURNN `cumsum` layer, TF `tf.cumsum`), forward and gradient rule.
extension Tape {
    /// `y[..., i, ...] = sum_{j <= i} x[..., j, ...]` along `axis` (negative counts from the end);
    /// with `reverse`, the sum runs over `j >= i`. The gradient is the cumulative sum of the output
    /// gradient in the other direction.
    public func cumsum(_ x: Variable, axis: Int, reverse: Bool = false) -> Variable {
        let ax = ShapeUtil.axis(axis, rank: x.rank, "Tape.cumsum")
        let (outer, n, inner) = ShapeUtil.split(x.shape, at: ax)
        let y = Tensor(uninitialized: x.shape)
        Tape.cumulativeSum(x.value.pointer, y.freshPointer, outer: outer, n: n, inner: inner, reverse: reverse, accumulate: false)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Tape.cumulativeSum(dy.pointer, ctx.gradientBuffer(0), outer: outer, n: n, inner: inner, reverse: !reverse, accumulate: true)
        }
    }

    /// `dst (+)= cumsum(src)` over the middle axis of `[outer, n, inner]`, running sums in Float (as TF).
    static func cumulativeSum(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, outer: Int, n: Int, inner: Int,
                              reverse: Bool, accumulate: Bool) {
        guard n > 0, inner > 0 else { return }
        var acc = [Float](repeating: 0, count: inner)
        for o in 0..<outer {
            for i in 0..<inner { acc[i] = 0 }
            for step in 0..<n {
                let j = reverse ? n - 1 - step : step
                let base = (o * n + j) * inner
                for i in 0..<inner {
                    acc[i] += src[base + i]
                    if accumulate { dst[base + i] += acc[i] } else { dst[base + i] = acc[i] }
                }
            }
        }
    }
}
