import Foundation

/// Elementwise power: with a constant exponent (RETURNN `math_norm`: `|x| ** p`) and tensor to
/// tensor with broadcasting (TF `pow`, `**` in `eval` layers), forward and gradient rules.
extension Tape {
    /// `x ** p` elementwise (`Foundation.pow` in Float, as TF's `pow`); negative `x` with a
    /// non-integer `p` gives NaN. The gradient is `p * x ** (p - 1)` (TF's rule: infinite at 0 for
    /// `p < 1`, 0 at 0 for `p > 1`, 1 for `p == 1`).
    public func pow(_ x: Variable, _ p: Float) -> Variable {
        let y = Tensor(uninitialized: x.shape)
        let px = x.value.pointer, py = y.freshPointer
        for i in 0..<y.count { py[i] = Foundation.pow(px[i], p) }
        let xv = x.value
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = ctx.gradientBuffer(0), pd = dy.pointer, pxv = xv.pointer
            for i in 0..<dy.count {
                let d: Float = p == 1 ? 1 : p * Foundation.pow(pxv[i], p - 1)
                dx[i] += pd[i] * d
            }
        }
    }

    /// `a ** b` elementwise with numpy broadcasting (IEEE `pow`: a negative base with a
    /// non-integer exponent gives NaN, as in TF).
    ///
    /// Gradients as TF's `Pow` rule: `d/da = b * a^(b-1)`, `d/db = log(a) * a^b` where `a > 0`
    /// and 0 elsewhere.
    public func pow(_ a: Variable, _ b: Variable) -> Variable {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("Tape.pow: shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let ea = Broadcast.expand(a.value, to: outShape), eb = Broadcast.expand(b.value, to: outShape)
        let y = Tensor(uninitialized: outShape)
        let n = y.count
        let ap = ea.pointer, bp = eb.pointer, yp = y.freshPointer
        for i in 0..<n { yp[i] = Foundation.pow(ap[i], bp[i]) }
        let aShape = a.shape, bShape = b.shape
        return record(inputs: [a, b], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let g = dy.pointer, ap = ea.pointer, bp = eb.pointer, yq = y.pointer
            if ctx.needsGradient(0) {
                let part = Tensor(uninitialized: outShape)
                let p = part.freshPointer
                for i in 0..<n { p[i] = bp[i] == 0 ? 0 : g[i] * bp[i] * Foundation.pow(ap[i], bp[i] - 1) }
                Tape.accumulateBroadcast(ctx, 0, part, from: outShape, to: aShape, alpha: 1)
            }
            if ctx.needsGradient(1) {
                let part = Tensor(uninitialized: outShape)
                let p = part.freshPointer
                for i in 0..<n { p[i] = ap[i] > 0 ? g[i] * Foundation.log(ap[i]) * yq[i] : 0 }
                Tape.accumulateBroadcast(ctx, 1, part, from: outShape, to: bShape, alpha: 1)
            }
        }
    }
}
