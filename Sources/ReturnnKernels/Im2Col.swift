/// Unfolding of 1-D convolution windows over time into a column matrix (im2col) and its adjoint
/// (col2im), so that a convolution becomes one GEMM.
///
/// Shape contract: `x` is `[batch, time, channels]` contiguous; `cols` is
/// `[batch, outTime, kernelSize, channels]` contiguous, i.e. a `[batch * outTime, kernelSize * channels]`
/// matrix. Window `t`, tap `k` reads input frame `s = t * stride + k * dilation - padLeft`; frames
/// outside `0..<time` are zero padding. A filter stored `[kernelSize, channels, outChannels]` is then
/// the `[kernelSize * channels, outChannels]` right-hand side of the GEMM.
public enum Im2Col {
    /// Fills `cols` from `x` (see the type's shape contract).
    @inlinable
    public static func forward(
        _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
        kernelSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
        _ cols: UnsafeMutablePointer<Float>
    ) {
        checkGeometry(kernelSize: kernelSize, stride: stride, dilation: dilation, outTime: outTime)
        let rowLen = kernelSize * channels
        for b in 0..<batch {
            let xb = x + b * time * channels
            for t in 0..<outTime {
                let row = cols + (b * outTime + t) * rowLen
                for k in 0..<kernelSize {
                    let s = t * stride + k * dilation - padLeft
                    let dst = row + k * channels
                    if s >= 0 && s < time {
                        dst.update(from: xb + s * channels, count: channels)
                    } else {
                        dst.update(repeating: 0, count: channels)
                    }
                }
            }
        }
    }

    /// Adjoint of `forward`: `dx[b, s, c] (+)= sum of dcols[b, t, k, c]` over all `(t, k)` that read
    /// frame `s`. With `accumulate == false`, `dx` is overwritten (frames no window reads become 0).
    @inlinable
    public static func backward(
        _ dcols: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
        kernelSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
        _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        checkGeometry(kernelSize: kernelSize, stride: stride, dilation: dilation, outTime: outTime)
        if !accumulate { dx.update(repeating: 0, count: batch * time * channels) }
        let rowLen = kernelSize * channels
        for b in 0..<batch {
            let dxb = dx + b * time * channels
            for t in 0..<outTime {
                let row = dcols + (b * outTime + t) * rowLen
                for k in 0..<kernelSize {
                    let s = t * stride + k * dilation - padLeft
                    guard s >= 0 && s < time else { continue }
                    let src = row + k * channels
                    let dst = dxb + s * channels
                    for c in 0..<channels { dst[c] += src[c] }
                }
            }
        }
    }

    /// Precondition shared by the kernels and their twins.
    @inlinable
    static func checkGeometry(kernelSize: Int, stride: Int, dilation: Int, outTime: Int) {
        precondition(kernelSize >= 1 && stride >= 1 && dilation >= 1 && outTime >= 0,
                     "Im2Col: kernelSize, stride, dilation must be >= 1 and outTime >= 0")
    }

    /// Naive twins: one element at a time, the test oracles.
    public enum Naive {
        /// Naive `Im2Col.forward`.
        public static func forward(
            _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
            kernelSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
            _ cols: UnsafeMutablePointer<Float>
        ) {
            checkGeometry(kernelSize: kernelSize, stride: stride, dilation: dilation, outTime: outTime)
            for b in 0..<batch {
                for t in 0..<outTime {
                    for k in 0..<kernelSize {
                        for c in 0..<channels {
                            let s = t * stride + k * dilation - padLeft
                            let v: Float = (s >= 0 && s < time) ? x[(b * time + s) * channels + c] : 0
                            cols[((b * outTime + t) * kernelSize + k) * channels + c] = v
                        }
                    }
                }
            }
        }

        /// Naive `Im2Col.backward`: for every input element, sums the column entries that read it.
        public static func backward(
            _ dcols: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
            kernelSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
            _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
        ) {
            checkGeometry(kernelSize: kernelSize, stride: stride, dilation: dilation, outTime: outTime)
            for b in 0..<batch {
                for s in 0..<time {
                    for c in 0..<channels {
                        var acc: Float = 0
                        for t in 0..<outTime {
                            for k in 0..<kernelSize where t * stride + k * dilation - padLeft == s {
                                acc += dcols[((b * outTime + t) * kernelSize + k) * channels + c]
                            }
                        }
                        let i = (b * time + s) * channels + c
                        dx[i] = accumulate ? dx[i] + acc : acc
                    }
                }
            }
        }
    }
}
