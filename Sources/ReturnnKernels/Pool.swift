/// Max and average pooling along time (RETURNN `pool` layer with one spatial axis), forward and
/// backward.
///
/// Shape contract: `x`/`dx` are `[batch, time, channels]` contiguous; `out`/`dy`/`argmax` are
/// `[batch, outTime, channels]`. Window `t` covers the input frames
/// `s = t * stride + p * dilation - padLeft` for `p < poolSize` that lie in `0..<time`; padding frames
/// are ignored (TF semantics: max over real frames only, average divides by the number of real
/// frames). A window without any real frame yields 0 and `argmax` -1.
public enum Pool {
    /// Max pooling; `argmax` (optional) receives the input frame index `s` of each maximum (first on ties).
    @inlinable
    public static func maxForward(
        _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
        poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
        _ out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
        for b in 0..<batch {
            let xb = x + b * time * channels
            for t in 0..<outTime {
                let o = out + (b * outTime + t) * channels
                let a = argmax.map { $0 + (b * outTime + t) * channels }
                var first = true
                for p in 0..<poolSize {
                    let s = t * stride + p * dilation - padLeft
                    guard s >= 0 && s < time else { continue }
                    let src = xb + s * channels
                    if first {
                        o.update(from: src, count: channels)
                        a?.update(repeating: Int32(s), count: channels)
                        first = false
                    } else if let a {
                        let s32 = Int32(s)
                        for c in 0..<channels {
                            // Branch-free select so the loop vectorises; ties keep the earlier frame.
                            let v = src[c], cur = o[c]
                            let better = v > cur
                            o[c] = better ? v : cur
                            a[c] = better ? s32 : a[c]
                        }
                    } else {
                        for c in 0..<channels { o[c] = Swift.max(o[c], src[c]) }
                    }
                }
                if first {
                    o.update(repeating: 0, count: channels)
                    a?.update(repeating: -1, count: channels)
                }
            }
        }
    }

    /// Gradient of max pooling: `dx[b, argmax[b, t, c], c] (+)= dy[b, t, c]` (entries with argmax -1
    /// are skipped). With `accumulate == false`, `dx` is overwritten.
    @inlinable
    public static func maxBackward(
        _ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, batch: Int, time: Int, channels: Int,
        outTime: Int, _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        if !accumulate { dx.update(repeating: 0, count: batch * time * channels) }
        for b in 0..<batch {
            let dxb = dx + b * time * channels
            for t in 0..<outTime {
                let base = (b * outTime + t) * channels
                for c in 0..<channels {
                    let s = Int(argmax[base + c])
                    guard s >= 0 else { continue }
                    precondition(s < time, "Pool.maxBackward: argmax \(s) out of range 0..<\(time)")
                    dxb[s * channels + c] += dy[base + c]
                }
            }
        }
    }

    /// Average pooling over the real (non-padding) frames of each window.
    @inlinable
    public static func avgForward(
        _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
        poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
        _ out: UnsafeMutablePointer<Float>
    ) {
        checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
        for b in 0..<batch {
            let xb = x + b * time * channels
            for t in 0..<outTime {
                let o = out + (b * outTime + t) * channels
                o.update(repeating: 0, count: channels)
                var n = 0
                for p in 0..<poolSize {
                    let s = t * stride + p * dilation - padLeft
                    guard s >= 0 && s < time else { continue }
                    let src = xb + s * channels
                    for c in 0..<channels { o[c] += src[c] }
                    n += 1
                }
                if n > 1 {
                    let inv = 1 / Float(n)
                    for c in 0..<channels { o[c] *= inv }
                }
            }
        }
    }

    /// Gradient of average pooling: each real frame of window `t` receives `dy[b, t, c] / n_t`.
    /// With `accumulate == false`, `dx` is overwritten.
    @inlinable
    public static func avgBackward(
        _ dy: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
        poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
        _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
        if !accumulate { dx.update(repeating: 0, count: batch * time * channels) }
        for b in 0..<batch {
            let dxb = dx + b * time * channels
            for t in 0..<outTime {
                let g = dy + (b * outTime + t) * channels
                let n = realFrames(t: t, time: time, poolSize: poolSize, stride: stride, dilation: dilation,
                                   padLeft: padLeft)
                guard n > 0 else { continue }
                let inv = 1 / Float(n)
                for p in 0..<poolSize {
                    let s = t * stride + p * dilation - padLeft
                    guard s >= 0 && s < time else { continue }
                    let dst = dxb + s * channels
                    for c in 0..<channels { dst[c] += g[c] * inv }
                }
            }
        }
    }

    /// Number of real frames in window `t`.
    @inlinable
    static func realFrames(t: Int, time: Int, poolSize: Int, stride: Int, dilation: Int, padLeft: Int) -> Int {
        var n = 0
        for p in 0..<poolSize {
            let s = t * stride + p * dilation - padLeft
            if s >= 0 && s < time { n += 1 }
        }
        return n
    }

    /// Precondition shared by the kernels and their twins.
    @inlinable
    static func checkGeometry(poolSize: Int, stride: Int, dilation: Int, outTime: Int) {
        precondition(poolSize >= 1 && stride >= 1 && dilation >= 1 && outTime >= 0,
                     "Pool: poolSize, stride, dilation must be >= 1 and outTime >= 0")
    }

    /// Naive twins: one output element at a time, the test oracles.
    public enum Naive {
        /// Naive `Pool.maxForward`.
        public static func maxForward(
            _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
            poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
            _ out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
        ) {
            checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
            for b in 0..<batch {
                for t in 0..<outTime {
                    for c in 0..<channels {
                        var best: Float = 0
                        var arg = -1
                        for p in 0..<poolSize {
                            let s = t * stride + p * dilation - padLeft
                            guard s >= 0 && s < time else { continue }
                            let v = x[(b * time + s) * channels + c]
                            if arg < 0 || v > best { best = v; arg = s }
                        }
                        let i = (b * outTime + t) * channels + c
                        out[i] = best
                        argmax?[i] = Int32(arg)
                    }
                }
            }
        }

        /// Naive `Pool.maxBackward`.
        public static func maxBackward(
            _ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, batch: Int, time: Int, channels: Int,
            outTime: Int, _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
        ) {
            for b in 0..<batch {
                for s in 0..<time {
                    for c in 0..<channels {
                        var acc: Float = 0
                        for t in 0..<outTime where argmax[(b * outTime + t) * channels + c] == Int32(s) {
                            acc += dy[(b * outTime + t) * channels + c]
                        }
                        let i = (b * time + s) * channels + c
                        dx[i] = accumulate ? dx[i] + acc : acc
                    }
                }
            }
        }

        /// Naive `Pool.avgForward`.
        public static func avgForward(
            _ x: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
            poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
            _ out: UnsafeMutablePointer<Float>
        ) {
            checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
            for b in 0..<batch {
                for t in 0..<outTime {
                    for c in 0..<channels {
                        var acc: Double = 0
                        var n = 0
                        for p in 0..<poolSize {
                            let s = t * stride + p * dilation - padLeft
                            guard s >= 0 && s < time else { continue }
                            acc += Double(x[(b * time + s) * channels + c])
                            n += 1
                        }
                        out[(b * outTime + t) * channels + c] = n > 0 ? Float(acc / Double(n)) : 0
                    }
                }
            }
        }

        /// Naive `Pool.avgBackward`.
        public static func avgBackward(
            _ dy: UnsafePointer<Float>, batch: Int, time: Int, channels: Int,
            poolSize: Int, stride: Int, dilation: Int, padLeft: Int, outTime: Int,
            _ dx: UnsafeMutablePointer<Float>, accumulate: Bool
        ) {
            checkGeometry(poolSize: poolSize, stride: stride, dilation: dilation, outTime: outTime)
            for b in 0..<batch {
                for s in 0..<time {
                    for c in 0..<channels {
                        var acc: Double = 0
                        for t in 0..<outTime {
                            var n = 0
                            var hits = 0
                            for p in 0..<poolSize {
                                let q = t * stride + p * dilation - padLeft
                                if q >= 0 && q < time { n += 1 }
                                if q == s { hits += 1 }
                            }
                            if hits > 0 { acc += Double(hits) * Double(dy[(b * outTime + t) * channels + c]) / Double(n) }
                        }
                        let i = (b * time + s) * channels + c
                        dx[i] = accumulate ? dx[i] + Float(acc) : Float(acc)
                    }
                }
            }
        }
    }
}
