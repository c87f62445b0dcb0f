import ReturnnKernels

/// Convolution and pooling along time (RETURNN `conv` and `pool` layers with one spatial axis),
/// forward and gradient rules. Both work on batch-major `[B, T, C]` input.
extension Tape {
    /// Pooling modes (RETURNN `pool` layer `mode`).
    public enum PoolMode: String, Sendable, CaseIterable {
        /// Maximum over the window's real frames; the gradient goes to the (first) maximum.
        case max
        /// Average over the window's real (non-padding) frames.
        case avg
    }

    /// 1-D convolution: `x` `[B, T, Cin]` with `filter` `[K, Cin, Cout]` gives `[B, T', Cout]`, where
    /// `T'` and the left padding follow `padding` (TF rules, see `Padding.geometry`). Computed as
    /// im2col + one GEMM; the bias is a separate broadcast `add`. Defaults as RETURNN `conv`:
    /// stride 1, dilation 1.
    public func conv1d(
        _ x: Variable, filter: Variable, stride: Int = 1, dilation: Int = 1, padding: Padding
    ) -> Variable {
        precondition(x.rank == 3, "Tape.conv1d: input must be [B, T, Cin], got \(x.shape)")
        precondition(filter.rank == 3 && filter.shape[1] == x.shape[2],
                     "Tape.conv1d: filter must be [K, \(x.shape[2]), Cout], got \(filter.shape)")
        let (batch, time, cin) = (x.shape[0], x.shape[1], x.shape[2])
        let (kernel, cout) = (filter.shape[0], filter.shape[2])
        let (outTime, padLeft) = padding.geometry(time: time, size: kernel, stride: stride, dilation: dilation)
        let rows = batch * outTime, width = kernel * cin
        let identity = kernel == 1 && stride == 1 && padLeft == 0 && outTime == time
        let cols: Tensor
        if identity {
            cols = x.value
        } else {
            cols = Tensor(uninitialized: [rows, width])
            Im2Col.forward(x.value.pointer, batch: batch, time: time, channels: cin, kernelSize: kernel, stride: stride,
                           dilation: dilation, padLeft: padLeft, outTime: outTime, cols.freshPointer)
        }
        let y = Tensor(uninitialized: [batch, outTime, cout])
        let empty = rows == 0 || cout == 0 || width == 0
        if empty {
            y.freshPointer.update(repeating: 0, count: y.count)
        } else {
            Gemm.sgemm(transA: false, transB: false, m: rows, n: cout, k: width, alpha: 1, a: cols.pointer, lda: width,
                       b: filter.value.pointer, ldb: cout, beta: 0, c: y.freshPointer, ldc: cout)
        }
        let w = filter.value, xv = x.value
        // The rule keeps x (not the K times larger column matrix) and unfolds it again if needed.
        return record(inputs: [x, filter], output: y) { ctx in
            guard let dy = ctx.outputGradient(), !empty else { return }
            if ctx.needsGradient(1) {
                let c: Tensor
                if identity {
                    c = xv
                } else {
                    c = Tensor(uninitialized: [rows, width])
                    Im2Col.forward(xv.pointer, batch: batch, time: time, channels: cin, kernelSize: kernel,
                                   stride: stride, dilation: dilation, padLeft: padLeft, outTime: outTime, c.freshPointer)
                }
                // dW[K*Cin, Cout] += colsᵀ · dY
                Gemm.sgemm(transA: true, transB: false, m: width, n: cout, k: rows, alpha: 1, a: c.pointer,
                           lda: width, b: dy.pointer, ldb: cout, beta: 1, c: ctx.gradientBuffer(1), ldc: cout)
            }
            if ctx.needsGradient(0) {
                // dcols = dY · Wᵀ, then col2im into dX.
                if identity {
                    Gemm.sgemm(transA: false, transB: true, m: rows, n: width, k: cout, alpha: 1, a: dy.pointer,
                               lda: cout, b: w.pointer, ldb: cout, beta: 1, c: ctx.gradientBuffer(0), ldc: width)
                } else {
                    let dcols = Tensor(uninitialized: [rows, width])
                    Gemm.sgemm(transA: false, transB: true, m: rows, n: width, k: cout, alpha: 1, a: dy.pointer,
                               lda: cout, b: w.pointer, ldb: cout, beta: 0, c: dcols.freshPointer, ldc: width)
                    Im2Col.backward(dcols.pointer, batch: batch, time: time, channels: cin, kernelSize: kernel,
                                    stride: stride, dilation: dilation, padLeft: padLeft, outTime: outTime,
                                    ctx.gradientBuffer(0), accumulate: true)
                }
            }
        }
    }

    /// Pooling along time: `x` `[B, T, C]` gives `[B, T', C]` with `T'` and the left padding from
    /// `padding` (TF rules); padding frames never count (max over real frames, average divides by
    /// the number of real frames). RETURNN `pool` defaults: stride = pool size, dilation 1, padding valid.
    public func pool1d(
        _ x: Variable, mode: PoolMode, poolSize: Int, stride: Int? = nil, dilation: Int = 1,
        padding: Padding = .valid
    ) -> Variable {
        precondition(x.rank == 3, "Tape.pool1d: input must be [B, T, C], got \(x.shape)")
        let (batch, time, channels) = (x.shape[0], x.shape[1], x.shape[2])
        let step = stride ?? poolSize
        let (outTime, padLeft) = padding.geometry(time: time, size: poolSize, stride: step, dilation: dilation)
        let y = Tensor(uninitialized: [batch, outTime, channels])
        switch mode {
        case .max:
            let wantGrad = needsGradient([x])
            let arg = IntTensor(shape: wantGrad ? y.shape : [0], repeating: 0)
            Pool.maxForward(x.value.pointer, batch: batch, time: time, channels: channels, poolSize: poolSize,
                            stride: step, dilation: dilation, padLeft: padLeft, outTime: outTime, y.freshPointer,
                            argmax: wantGrad ? arg.storage.pointer : nil)
            return record(inputs: [x], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                Pool.maxBackward(dy.pointer, argmax: arg.pointer, batch: batch, time: time, channels: channels,
                                 outTime: outTime, ctx.gradientBuffer(0), accumulate: true)
            }
        case .avg:
            Pool.avgForward(x.value.pointer, batch: batch, time: time, channels: channels, poolSize: poolSize,
                            stride: step, dilation: dilation, padLeft: padLeft, outTime: outTime, y.freshPointer)
            return record(inputs: [x], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                Pool.avgBackward(dy.pointer, batch: batch, time: time, channels: channels, poolSize: poolSize,
                                 stride: step, dilation: dilation, padLeft: padLeft, outTime: outTime,
                                 ctx.gradientBuffer(0), accumulate: true)
            }
        }
    }
}
