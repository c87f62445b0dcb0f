/// Strided slicing along one axis (RETURNN `slice` with `slice_step`), forward and gradient rule.
extension Tape {
    /// `x[..., start, start+step, ..., start+(count-1)*step, ...]` along `axis` (negative axis counts
    /// from the end): `count` elements taken every `step` (>= 1) positions. The indices must lie
    /// inside the axis. The gradient scatters back to the taken positions.
    public func stridedSlice(_ x: Variable, axis: Int, start: Int, count: Int, step: Int) -> Variable {
        let ax = ShapeUtil.axis(axis, rank: x.rank, "Tape.stridedSlice")
        let n = x.shape[ax]
        precondition(step >= 1 && count >= 0 && start >= 0 && (count == 0 || start + (count - 1) * step < n),
                     "Tape.stridedSlice: start \(start), count \(count), step \(step) out of bounds for dimension \(n) of \(x.shape)")
        let (outer, total, inner) = ShapeUtil.split(x.shape, at: ax)
        var s = x.shape
        s[ax] = count
        let y = Tensor(uninitialized: s)
        let src = x.value.pointer, dst = y.freshPointer
        for o in 0..<outer {
            for j in 0..<count {
                (dst + (o * count + j) * inner).update(from: src + (o * total + start + j * step) * inner, count: inner)
            }
        }
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = ctx.gradientBuffer(0), g = dy.pointer
            for o in 0..<outer {
                for j in 0..<count {
                    let d = dx + (o * total + start + j * step) * inner, e = g + (o * count + j) * inner
                    for i in 0..<inner { d[i] += e[i] }
                }
            }
        }
    }
}
