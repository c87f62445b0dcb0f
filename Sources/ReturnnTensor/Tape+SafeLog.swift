import Foundation

/// RETURNN's `safe_log` (`returnn/tf/util/basic.py`): a logarithm that never gives `-inf`.
extension Tape {
    /// `log(max(x, eps))` element-wise (RETURNN `safe_log`, defaults `eps=1e-20`,
    /// `use_fake_grad=True`).
    ///
    /// The gradient is `dy / max(x, eps)`: with `identityGradient` (RETURNN `use_fake_grad`) the
    /// clamp passes the gradient through as if it were the identity, so clamped elements still get
    /// the (large, finite) gradient `dy / eps`; without it they get 0 (`tf.maximum`'s gradient).
    public func safeLog(_ x: Variable, eps: Float = 1e-20, identityGradient: Bool = true) -> Variable {
        precondition(eps > 0, "Tape.safeLog: eps must be positive, got \(eps)")
        let n = x.value.count
        let clamped = Tensor(uninitialized: x.shape)
        let y = Tensor(uninitialized: x.shape)
        let xp = x.value.pointer, cp = clamped.freshPointer, yp = y.freshPointer
        for i in 0..<n {
            let c = Swift.max(xp[i], eps)
            cp[i] = c
            yp[i] = Foundation.log(c)
        }
        let xv = x.value
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = ctx.gradientBuffer(0), g = dy.pointer, c = clamped.pointer, xq = xv.pointer
            for i in 0..<n where identityGradient || xq[i] >= eps {
                dx[i] += g[i] / c[i]
            }
        }
    }
}
