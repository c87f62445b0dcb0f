import Foundation

/// Elementwise power with a constant exponent (RETURNN `math_norm`: `|x| ** p`), forward and
/// gradient rule.
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
}
