/// Padding mode of convolution and pooling along time (RETURNN `padding`: `"same"` or `"valid"`).
public enum Padding: String, Sendable, CaseIterable {
    /// Output length `ceil(T / stride)`; the input is zero-padded, the extra frame (if odd) on the right (TF rule).
    case same
    /// Only windows that lie fully inside the input: output length `ceil((T - (K-1)*dilation) / stride)`, at least 0.
    case valid

    /// Output length and left padding for an input of length `time` and windows of `size` taps
    /// spaced by `dilation`, moved by `stride` (TensorFlow's rules, which RETURNN uses).
    public func geometry(time: Int, size: Int, stride: Int, dilation: Int) -> (outTime: Int, padLeft: Int) {
        precondition(time >= 0 && size >= 1 && stride >= 1 && dilation >= 1,
                     "Padding.geometry: needs time >= 0 and size, stride, dilation >= 1")
        let span = (size - 1) * dilation + 1
        switch self {
        case .valid:
            let eff = time - span + 1
            return (eff <= 0 ? 0 : (eff + stride - 1) / stride, 0)
        case .same:
            let out = (time + stride - 1) / stride
            let total = Swift.max((out - 1) * stride + span - time, 0)
            return (out, total / 2)
        }
    }

    /// Output length only (e.g. per-sequence lengths after a conv or pool layer).
    public func outputLength(time: Int, size: Int, stride: Int, dilation: Int) -> Int {
        geometry(time: time, size: size, stride: stride, dilation: dilation).outTime
    }
}
