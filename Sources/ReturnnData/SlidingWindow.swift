/// RETURNN's `window` option: each frame becomes the concatenation of its `window` neighbours
/// (zero-padded at both ends), so dense data of dim `D` becomes dim `window * D`.
public enum SlidingWindow {
    /// Applies a window of odd size `window` to dense `[T, D]` float32 frames.
    ///
    /// Shape contract: input `[T, D]`, output `[T, window * D]`; output frame `t` holds input
    /// frames `t - window/2 ... t + window/2` in order, zeros outside `[0, T)`.
    public static func apply(_ x: SeqData, window: Int) -> SeqData {
        precondition(window >= 1 && window % 2 == 1, "SlidingWindow: window must be odd and >= 1, got \(window)")
        guard window > 1 else { return x }
        precondition(x.shape.count == 2, "SlidingWindow needs dense [T, D] data, got shape \(x.shape)")
        let t = x.shape[0]
        let d = x.shape[1]
        let half = window / 2
        let src = x.doubles
        var out = [Float](repeating: 0, count: t * window * d)
        for f in 0..<t {
            for w in 0..<window {
                let s = f - half + w
                guard s >= 0, s < t else { continue }
                for k in 0..<d { out[(f * window + w) * d + k] = Float(src[s * d + k]) }
            }
        }
        return SeqData(.float32(out), shape: [t, window * d])
    }
}
