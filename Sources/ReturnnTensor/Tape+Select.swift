/// Elementwise choice between two values by a constant condition (TF `where`, RETURNN `switch`
/// layer and sequence masking), forward and gradient rule.
extension Tape {
    /// `condition ? a : b` elementwise with numpy broadcasting over all three: `condition` holds 0
    /// (false) or anything else (true) and is a constant. Unlike `a * m + b * (1 - m)` it never mixes
    /// the two values, so `b = -inf` (masking before a softmax) gives no NaN. The gradient goes to
    /// `a` where the condition holds and to `b` elsewhere, summed down to each operand's shape.
    public func select(_ condition: Tensor, _ a: Variable, _ b: Variable) -> Variable {
        guard let ab = Broadcast.shape(a.shape, b.shape), let outShape = Broadcast.shape(ab, condition.shape) else {
            preconditionFailure("Tape.select: shapes \(condition.shape), \(a.shape) and \(b.shape) do not broadcast")
        }
        let c = Broadcast.expand(condition, to: outShape)
        let av = Broadcast.expand(a.value, to: outShape), bv = Broadcast.expand(b.value, to: outShape)
        let y = Tensor(uninitialized: outShape)
        let pa = av.pointer, pb = bv.pointer, py = y.freshPointer
        c.withUnsafeBufferPointer { pc in for i in 0..<pc.count { py[i] = pc[i] != 0 ? pa[i] : pb[i] } }
        let aShape = a.shape, bShape = b.shape
        return record(inputs: [a, b], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            for (input, shape, whenTrue) in [(0, aShape, true), (1, bShape, false)] where ctx.needsGradient(input) {
                let g = Tensor(uninitialized: outShape)
                let pg = g.freshPointer, pd = dy.pointer
                c.withUnsafeBufferPointer { pc in for i in 0..<pc.count { pg[i] = (pc[i] != 0) == whenTrue ? pd[i] : 0 } }
                Tape.accumulateBroadcast(ctx, input, g, from: outShape, to: shape, alpha: 1)
            }
        }
    }
}
