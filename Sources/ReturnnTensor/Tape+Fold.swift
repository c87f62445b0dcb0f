import ReturnnKernels

/// Window folding along one axis (col2im: the adjoint of `unfold1d`), forward and gradient rule.
/// The transposed convolution (`transposed_conv` layer) is a matrix product followed by a fold.
extension Tape {
    /// Folds windows back onto an axis of `length` frames: `x` `[N, L', size * C]` gives `[N, length, C]`,
    /// where frame `s` is the sum of every window entry `x[n, t, k * C + c]` with
    /// `s = t * stride + k * dilation - padLeft` inside `0..<length` (entries outside are dropped).
    /// `L'` must be the number of windows that `padding` gives for `length`
    /// (`Padding.geometry`), and `padLeft` comes from there too. The gradient unfolds the output
    /// gradient (`unfold1d`).
    public func fold1d(_ x: Variable, length: Int, size: Int, stride: Int = 1, dilation: Int = 1, padding: Padding) -> Variable {
        precondition(x.rank == 3, "Tape.fold1d: input must be [N, L', size * C], got \(x.shape)")
        let (n, windows, width) = (x.shape[0], x.shape[1], x.shape[2])
        precondition(size >= 1 && width % size == 0, "Tape.fold1d: last axis \(width) is not a multiple of the window size \(size)")
        let channels = width / size
        let (outLength, padLeft) = padding.geometry(time: length, size: size, stride: stride, dilation: dilation)
        precondition(outLength == windows, "Tape.fold1d: \(windows) windows, but padding \(padding) gives \(outLength) for length \(length)")
        let y = Tensor(zeros: [n, length, channels])
        if x.value.count > 0 && y.count > 0 {
            Im2Col.backward(x.value.pointer, batch: n, time: length, channels: channels, kernelSize: size, stride: stride,
                            dilation: dilation, padLeft: padLeft, outTime: windows, y.freshPointer, accumulate: true)
        }
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient(), dy.count > 0, windows > 0 else { return }
            let cols = Tensor(uninitialized: [n, windows, width])
            Im2Col.forward(dy.pointer, batch: n, time: length, channels: channels, kernelSize: size, stride: stride,
                           dilation: dilation, padLeft: padLeft, outTime: windows, cols.freshPointer)
            ctx.accumulate(0, cols)
        }
    }
}
