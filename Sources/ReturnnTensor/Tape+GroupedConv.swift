import ReturnnKernels

/// Grouped and depthwise 1-D convolution (RETURNN `conv` with `groups`), forward and gradient rule.
extension Tape {
    /// Grouped 1-D convolution: `x` `[B, T, groups * I]` with `filter` `[K, I, groups * M]` gives
    /// `[B, T', groups * M]`; group `g` convolves input channels `g*I ..< (g+1)*I` into output
    /// channels `g*M ..< (g+1)*M` (TF's `groups`; `I == 1` is a depthwise convolution with
    /// channel multiplier `M`). `T'` and the left padding follow `padding` (TF rules, see
    /// `Padding.geometry`). `groups == 1` is `conv1d`. See `GroupedConv` for the kernel.
    public func groupedConv1d(_ x: Variable, filter: Variable, groups: Int, stride: Int = 1, dilation: Int = 1,
                              padding: Padding) -> Variable {
        precondition(x.rank == 3 && filter.rank == 3, "Tape.groupedConv1d: input [B, T, C] and filter [K, C/groups, Cout], got \(x.shape) and \(filter.shape)")
        precondition(groups >= 1 && x.shape[2] == groups * filter.shape[1] && filter.shape[2] % groups == 0,
                     "Tape.groupedConv1d: \(groups) groups do not fit input \(x.shape) and filter \(filter.shape)")
        let (batch, time) = (x.shape[0], x.shape[1])
        let kernel = filter.shape[0]
        let (outTime, padLeft) = padding.geometry(time: time, size: kernel, stride: stride, dilation: dilation)
        let g = GroupedConv.Geometry(batch: batch, time: time, outTime: outTime, groups: groups, inPerGroup: filter.shape[1],
                                     outPerGroup: filter.shape[2] / groups, kernelSize: kernel, stride: stride, dilation: dilation,
                                     padLeft: padLeft)
        let y = Tensor(uninitialized: [batch, outTime, g.outChannels])
        GroupedConv.forward(x.value.pointer, filter.value.pointer, y.freshPointer, g)
        let xv = x.value, wv = filter.value
        return record(inputs: [x, filter], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            if ctx.needsGradient(0) { GroupedConv.backwardInput(dy.pointer, wv.pointer, ctx.gradientBuffer(0), g) }
            if ctx.needsGradient(1) { GroupedConv.backwardFilter(dy.pointer, xv.pointer, ctx.gradientBuffer(1), g) }
        }
    }
}
