import ReturnnKernels

/// Elementwise primitives: broadcasting add/sub/mul/div, scaling by a constant, and the unary
/// activations of `UnaryOp`. Each primitive's forward sits next to its gradient rule.
extension Tape {
    /// `a + b` with numpy broadcasting.
    public func add(_ a: Variable, _ b: Variable) -> Variable { binary(.add, a, b) }
    /// `a - b` with numpy broadcasting.
    public func sub(_ a: Variable, _ b: Variable) -> Variable { binary(.sub, a, b) }
    /// `a * b` with numpy broadcasting.
    public func mul(_ a: Variable, _ b: Variable) -> Variable { binary(.mul, a, b) }
    /// `a / b` with numpy broadcasting.
    public func div(_ a: Variable, _ b: Variable) -> Variable { binary(.div, a, b) }

    /// Broadcasting binary primitive for `.add`, `.sub`, `.mul`, `.div` (numpy rules; incompatible
    /// shapes are a precondition failure). Gradients are summed back down to each operand's shape.
    public func binary(_ op: BinaryOp, _ a: Variable, _ b: Variable) -> Variable {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("Tape.\(op.rawValue): shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let y = Broadcast.binary(op, a.value, b.value, outShape: outShape)
        let aShape = a.shape, bShape = b.shape
        switch op {
        case .add, .sub:
            return record(inputs: [a, b], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                Tape.accumulateBroadcast(ctx, 0, dy, from: outShape, to: aShape, alpha: 1)
                Tape.accumulateBroadcast(ctx, 1, dy, from: outShape, to: bShape, alpha: op == .add ? 1 : -1)
            }
        case .mul:
            let av = a.value, bv = b.value
            return record(inputs: [a, b], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                if ctx.needsGradient(0) {
                    let t = Broadcast.binary(.mul, dy, bv, outShape: outShape)
                    Tape.accumulateBroadcast(ctx, 0, t, from: outShape, to: aShape, alpha: 1)
                }
                if ctx.needsGradient(1) {
                    let t = Broadcast.binary(.mul, dy, av, outShape: outShape)
                    Tape.accumulateBroadcast(ctx, 1, t, from: outShape, to: bShape, alpha: 1)
                }
            }
        case .div:
            let bv = b.value
            return record(inputs: [a, b], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                if ctx.needsGradient(0) {
                    let t = Broadcast.binary(.div, dy, bv, outShape: outShape)
                    Tape.accumulateBroadcast(ctx, 0, t, from: outShape, to: aShape, alpha: 1)
                }
                if ctx.needsGradient(1) {
                    // d(a/b)/db = -(a/b)/b = -y/b
                    let dyy = Broadcast.binary(.mul, dy, y, outShape: outShape)
                    let t = Broadcast.binary(.div, dyy, bv, outShape: outShape)
                    Tape.accumulateBroadcast(ctx, 1, t, from: outShape, to: bShape, alpha: -1)
                }
            }
        case .maximum, .minimum:
            preconditionFailure("Tape.binary: \(op.rawValue) is not a differentiable primitive here")
        }
    }

    /// Adds `alpha * g` (shape `from`), summed down to `to`, to the gradient of input `i`.
    static func accumulateBroadcast(
        _ ctx: BackwardContext, _ i: Int, _ g: Tensor, from: [Int], to: [Int], alpha: Float
    ) {
        guard ctx.needsGradient(i) else { return }
        if alpha == 1 && ShapeUtil.count(from) == ShapeUtil.count(to) {
            ctx.accumulate(i, g)
        } else {
            Broadcast.accumulateSum(g.pointer, from: from, to: to, into: ctx.gradientBuffer(i), alpha: alpha)
        }
    }

    /// `alpha * x` for a constant `alpha`.
    public func scale(_ x: Variable, by alpha: Float) -> Variable {
        let y = Tensor(uninitialized: x.shape)
        Elementwise.scale(x.value.pointer, alpha, y.freshPointer, count: y.count)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Elementwise.axpy(alpha, dy.pointer, ctx.gradientBuffer(0), count: dy.count)
        }
    }

    /// `op(x)` elementwise (RETURNN activation names: `tanh`, `sigmoid`, `relu`, `elu`, ...).
    public func unary(_ op: UnaryOp, _ x: Variable) -> Variable {
        let y = Tensor(uninitialized: x.shape)
        Elementwise.unary(op, x.value.pointer, y.freshPointer, count: y.count)
        let xv = x.value
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Elementwise.unaryBackward(op, x: xv.pointer, y: y.pointer, dy: dy.pointer,
                                      dx: ctx.gradientBuffer(0), count: dy.count, accumulate: true)
        }
    }

    /// `-x`.
    public func neg(_ x: Variable) -> Variable { unary(.neg, x) }
    /// `|x|`.
    public func abs(_ x: Variable) -> Variable { unary(.abs, x) }
    /// `e^x`.
    public func exp(_ x: Variable) -> Variable { unary(.exp, x) }
    /// Natural logarithm.
    public func log(_ x: Variable) -> Variable { unary(.log, x) }
    /// Square root.
    public func sqrt(_ x: Variable) -> Variable { unary(.sqrt, x) }
    /// `x * x`.
    public func square(_ x: Variable) -> Variable { unary(.square, x) }
    /// Hyperbolic tangent (RETURNN activation `tanh`).
    public func tanh(_ x: Variable) -> Variable { unary(.tanh, x) }
    /// Logistic sigmoid (RETURNN activation `sigmoid`).
    public func sigmoid(_ x: Variable) -> Variable { unary(.sigmoid, x) }
    /// `max(x, 0)` (RETURNN activation `relu`).
    public func relu(_ x: Variable) -> Variable { unary(.relu, x) }
    /// Exponential linear unit (RETURNN activation `elu`).
    public func elu(_ x: Variable) -> Variable { unary(.elu, x) }
    /// `log(1 + e^x)` (RETURNN activation `softplus`).
    public func softplus(_ x: Variable) -> Variable { unary(.softplus, x) }
}
