import ReturnnKernels

/// Identity with a scaled gradient (RETURNN `scaled_grad` layer, `scaled_gradient` in TF).
extension Tape {
    /// `x` unchanged in the forward pass; the gradient is multiplied by `scale` on the way back
    /// (a negative scale reverses it: gradient reversal). `scale == 0` stops the gradient, as
    /// `tf.stop_gradient` (the result is then a constant).
    public func scaledGradient(_ x: Variable, scale: Float) -> Variable {
        if scale == 0 { return Variable(x.value) }
        return record(inputs: [x], output: x.value) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Elementwise.axpy(scale, dy.pointer, ctx.gradientBuffer(0), count: dy.count)
        }
    }
}
