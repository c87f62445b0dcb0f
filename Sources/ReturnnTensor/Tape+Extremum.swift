import ReturnnKernels

/// Elementwise maximum and minimum of two variables with numpy broadcasting (RETURNN `combine`
/// kinds `maximum`/`minimum`), forward and gradient rule.
extension Tape {
    /// `max(a, b)` elementwise with broadcasting. The gradient goes to `a` where `a >= b`, else to
    /// `b` (TensorFlow's rule for ties); NaN propagates in the forward.
    public func maximum(_ a: Variable, _ b: Variable) -> Variable { extremum(.maximum, a, b) }

    /// `min(a, b)` elementwise with broadcasting. The gradient goes to `a` where `a <= b`, else to `b`.
    public func minimum(_ a: Variable, _ b: Variable) -> Variable { extremum(.minimum, a, b) }

    func extremum(_ op: BinaryOp, _ a: Variable, _ b: Variable) -> Variable {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("Tape.\(op.rawValue): shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let y = Broadcast.binary(op, a.value, b.value, outShape: outShape)
        let av = a.value, bv = b.value
        let aShape = a.shape, bShape = b.shape
        return record(inputs: [a, b], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let ea = Broadcast.expand(av, to: outShape), eb = Broadcast.expand(bv, to: outShape)
            let n = dy.count
            let ga = Tensor(uninitialized: outShape), gb = Tensor(uninitialized: outShape)
            let pa = ea.pointer, pb = eb.pointer, g = dy.pointer, oa = ga.freshPointer, ob = gb.freshPointer
            for i in 0..<n {
                let toA = op == .maximum ? pa[i] >= pb[i] : pa[i] <= pb[i]
                oa[i] = toA ? g[i] : 0
                ob[i] = toA ? 0 : g[i]
            }
            Tape.accumulateBroadcast(ctx, 0, ga, from: outShape, to: aShape, alpha: 1)
            Tape.accumulateBroadcast(ctx, 1, gb, from: outShape, to: bShape, alpha: 1)
        }
    }
}
