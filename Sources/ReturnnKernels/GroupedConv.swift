/// Grouped 1-D convolution over time (RETURNN `conv` with `groups`; depthwise when every group has
/// one input channel), forward and the two adjoints.
///
/// Shape contract: `x` is `[batch, time, groups * inPerGroup]`, the filter `w` is
/// `[kernelSize, inPerGroup, groups * outPerGroup]` (RETURNN's filter layout with the input axis
/// cut to one group), `y` is `[batch, outTime, groups * outPerGroup]`, all contiguous. Group `g`
/// reads input channels `g * inPerGroup ..< (g + 1) * inPerGroup` and writes output channels
/// `g * outPerGroup ..< (g + 1) * outPerGroup`:
/// `y[b, t, g*M + m] = sum_{k, i} x[b, t*stride + k*dilation - padLeft, g*I + i] * w[k, i, g*M + m]`,
/// frames outside `0..<time` being zero. The depthwise case (`inPerGroup == 1`) runs one
/// contiguous loop over all output channels per tap.
public enum GroupedConv {
    /// The sizes of one grouped convolution.
    public struct Geometry: Sendable, Equatable {
        /// Batch entries, input frames, output frames.
        public let batch: Int, time: Int, outTime: Int
        /// Groups, input channels per group, output channels per group.
        public let groups: Int, inPerGroup: Int, outPerGroup: Int
        /// Taps, stride, dilation, zero frames before the input.
        public let kernelSize: Int, stride: Int, dilation: Int, padLeft: Int

        /// A geometry; sizes must be non-negative, `kernelSize`, `stride`, `dilation`, `groups` positive.
        public init(batch: Int, time: Int, outTime: Int, groups: Int, inPerGroup: Int, outPerGroup: Int,
                    kernelSize: Int, stride: Int, dilation: Int, padLeft: Int) {
            precondition(batch >= 0 && time >= 0 && outTime >= 0 && inPerGroup >= 0 && outPerGroup >= 0,
                         "GroupedConv: negative size")
            precondition(groups >= 1 && kernelSize >= 1 && stride >= 1 && dilation >= 1,
                         "GroupedConv: groups, kernelSize, stride, dilation must be >= 1")
            self.batch = batch
            self.time = time
            self.outTime = outTime
            self.groups = groups
            self.inPerGroup = inPerGroup
            self.outPerGroup = outPerGroup
            self.kernelSize = kernelSize
            self.stride = stride
            self.dilation = dilation
            self.padLeft = padLeft
        }

        /// Input channels.
        public var inChannels: Int { groups * inPerGroup }
        /// Output channels.
        public var outChannels: Int { groups * outPerGroup }

        /// The input frame tap `k` of output frame `t` reads, or nil outside the input.
        @inlinable func source(_ t: Int, _ k: Int) -> Int? {
            let s = t * stride + k * dilation - padLeft
            return s >= 0 && s < time ? s : nil
        }
    }

    /// `y = conv(x, w)` (overwrites `y`).
    public static func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: Geometry) {
        let cin = g.inChannels, cout = g.outChannels, ipg = g.inPerGroup, opg = g.outPerGroup
        y.update(repeating: 0, count: g.batch * g.outTime * cout)
        for b in 0..<g.batch {
            for t in 0..<g.outTime {
                let yrow = y + (b * g.outTime + t) * cout
                for k in 0..<g.kernelSize {
                    guard let s = g.source(t, k) else { continue }
                    let xrow = x + (b * g.time + s) * cin
                    let wk = w + k * ipg * cout
                    if ipg == 1 && opg == 1 {
                        for c in 0..<cout { yrow[c] += xrow[c] * wk[c] }
                        continue
                    }
                    for gr in 0..<g.groups {
                        for i in 0..<ipg {
                            let xv = xrow[gr * ipg + i]
                            let wrow = wk + i * cout + gr * opg, yseg = yrow + gr * opg
                            for m in 0..<opg { yseg[m] += xv * wrow[m] }
                        }
                    }
                }
            }
        }
    }

    /// `dx += convᵀ(dy, w)`: the gradient with respect to the input.
    public static func backwardInput(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: Geometry) {
        let cin = g.inChannels, cout = g.outChannels, ipg = g.inPerGroup, opg = g.outPerGroup
        for b in 0..<g.batch {
            for t in 0..<g.outTime {
                let dyrow = dy + (b * g.outTime + t) * cout
                for k in 0..<g.kernelSize {
                    guard let s = g.source(t, k) else { continue }
                    let dxrow = dx + (b * g.time + s) * cin
                    let wk = w + k * ipg * cout
                    if ipg == 1 && opg == 1 {
                        for c in 0..<cout { dxrow[c] += dyrow[c] * wk[c] }
                        continue
                    }
                    for gr in 0..<g.groups {
                        for i in 0..<ipg {
                            let wrow = wk + i * cout + gr * opg, dyseg = dyrow + gr * opg
                            var acc: Float = 0
                            for m in 0..<opg { acc += dyseg[m] * wrow[m] }
                            dxrow[gr * ipg + i] += acc
                        }
                    }
                }
            }
        }
    }

    /// `dw += ∂y/∂w ᵀ dy`: the gradient with respect to the filter.
    public static func backwardFilter(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ g: Geometry) {
        let cin = g.inChannels, cout = g.outChannels, ipg = g.inPerGroup, opg = g.outPerGroup
        for b in 0..<g.batch {
            for t in 0..<g.outTime {
                let dyrow = dy + (b * g.outTime + t) * cout
                for k in 0..<g.kernelSize {
                    guard let s = g.source(t, k) else { continue }
                    let xrow = x + (b * g.time + s) * cin
                    let dwk = dw + k * ipg * cout
                    if ipg == 1 && opg == 1 {
                        for c in 0..<cout { dwk[c] += dyrow[c] * xrow[c] }
                        continue
                    }
                    for gr in 0..<g.groups {
                        for i in 0..<ipg {
                            let xv = xrow[gr * ipg + i]
                            let dwrow = dwk + i * cout + gr * opg, dyseg = dyrow + gr * opg
                            for m in 0..<opg { dwrow[m] += xv * dyseg[m] }
                        }
                    }
                }
            }
        }
    }

    /// Naive twins: the definition, one output element at a time, accumulated in Double; the test oracles.
    public enum Naive {
        /// Naive `GroupedConv.forward`.
        public static func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: Geometry) {
            let cin = g.inChannels, cout = g.outChannels
            for b in 0..<g.batch {
                for t in 0..<g.outTime {
                    for o in 0..<cout {
                        let gr = o / g.outPerGroup
                        var s = 0.0
                        for k in 0..<g.kernelSize {
                            guard let src = g.source(t, k) else { continue }
                            for i in 0..<g.inPerGroup {
                                s += Double(x[(b * g.time + src) * cin + gr * g.inPerGroup + i]) * Double(w[(k * g.inPerGroup + i) * cout + o])
                            }
                        }
                        y[(b * g.outTime + t) * cout + o] = Float(s)
                    }
                }
            }
        }

        /// Naive `GroupedConv.backwardInput`: for every input element, the sum over the outputs that read it.
        public static func backwardInput(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: Geometry) {
            let cin = g.inChannels, cout = g.outChannels
            for b in 0..<g.batch {
                for src in 0..<g.time {
                    for c in 0..<cin {
                        let gr = c / g.inPerGroup, i = c % g.inPerGroup
                        var s = 0.0
                        for t in 0..<g.outTime {
                            for k in 0..<g.kernelSize where g.source(t, k) == src {
                                for m in 0..<g.outPerGroup {
                                    let o = gr * g.outPerGroup + m
                                    s += Double(dy[(b * g.outTime + t) * cout + o]) * Double(w[(k * g.inPerGroup + i) * cout + o])
                                }
                            }
                        }
                        dx[(b * g.time + src) * cin + c] += Float(s)
                    }
                }
            }
        }

        /// Naive `GroupedConv.backwardFilter`: for every filter element, the sum over all outputs.
        public static func backwardFilter(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ g: Geometry) {
            let cin = g.inChannels, cout = g.outChannels
            for k in 0..<g.kernelSize {
                for i in 0..<g.inPerGroup {
                    for o in 0..<cout {
                        let c = (o / g.outPerGroup) * g.inPerGroup + i
                        var s = 0.0
                        for b in 0..<g.batch {
                            for t in 0..<g.outTime {
                                guard let src = g.source(t, k) else { continue }
                                s += Double(dy[(b * g.outTime + t) * cout + o]) * Double(x[(b * g.time + src) * cin + c])
                            }
                        }
                        dw[(k * g.inPerGroup + i) * cout + o] += Float(s)
                    }
                }
            }
        }
    }
}
