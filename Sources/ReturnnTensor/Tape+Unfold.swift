import ReturnnKernels

/// Window unfolding along one axis (the im2col step of a convolution as its own primitive), forward
/// and gradient rule. Used by the 2-D `conv` layer to unfold the spatial axis before a 1-D
/// convolution over time.
extension Tape {
    /// Unfolds windows along axis 1: `x` `[N, L, C]` gives `[N, L', size * C]`, where row `t` holds
    /// the `size` frames `s = t * stride + k * dilation - padLeft` (`k < size`, zeros outside
    /// `0..<L`) one after the other. `L'` and the left padding follow `padding` (TF rules, see
    /// `Padding.geometry`). The gradient adds every window entry back into the frame it was read from.
    public func unfold1d(_ x: Variable, size: Int, stride: Int = 1, dilation: Int = 1, padding: Padding) -> Variable {
        precondition(x.rank == 3, "Tape.unfold1d: input must be [N, L, C], got \(x.shape)")
        let (n, length, channels) = (x.shape[0], x.shape[1], x.shape[2])
        let (outLength, padLeft) = padding.geometry(time: length, size: size, stride: stride, dilation: dilation)
        let y = Tensor(uninitialized: [n, outLength, size * channels])
        if y.count > 0 {
            Im2Col.forward(x.value.pointer, batch: n, time: length, channels: channels, kernelSize: size, stride: stride,
                           dilation: dilation, padLeft: padLeft, outTime: outLength, y.freshPointer)
        }
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient(), dy.count > 0 else { return }
            Im2Col.backward(dy.pointer, batch: n, time: length, channels: channels, kernelSize: size, stride: stride,
                            dilation: dilation, padLeft: padLeft, outTime: outLength, ctx.gradientBuffer(0), accumulate: true)
        }
    }
}
