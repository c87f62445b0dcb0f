import Foundation

/// The CTC state lattice of one sequence with its scratch buffers, and the log-space alpha and
/// beta recursions over it (the inner part of `Ctc.lossAndGradient`).
///
/// States `s = 0..<2L+1` are blank, label 1, blank, ..., label L, blank. `alpha_t(s)` is the log
/// probability of frames `0...t` ending in state `s` (emission at `t` included); `beta_t(s)` that of
/// frames `t+1..<T` given state `s` at `t` (emission at `t` excluded), so
/// `alpha_t(s) + beta_t(s) - logZ` is the log posterior of state `s` at frame `t`.
///
/// Rows are padded to a multiple of 16 states with `-inf` lanes. Each stored row is shifted by
/// its maximum; the shifts are summed in Double (`alphaShift`, and a running beta shift).
struct CtcLattice {
    /// Valid frames `T`.
    let frames: Int
    /// Number of states `2L + 1`.
    let states: Int
    /// `states` rounded up to a multiple of 16.
    let width: Int
    /// Row length of the emission, delta and skip rows: `width + 16` (room for `s + 2` loads).
    let rowE: Int
    /// Row length of alpha rows: 2 leading `-inf` lanes (for `s - 1`, `s - 2` loads) then `width`.
    let rowA: Int
    /// Class emitted by each state, `[states]`.
    let classes: UnsafeMutablePointer<Int32>
    /// `0` where state `s` may be entered from `s - 2` (a label differing from the previous
    /// label), else `-inf`; `[rowE]`.
    let skip: UnsafeMutablePointer<Float>
    /// Log-probabilities of each state's class per frame, `[frames, rowE]`.
    let emit: UnsafeMutablePointer<Float>
    /// Shifted alpha rows, `[frames, rowA]`.
    let alpha: UnsafeMutablePointer<Float>
    /// Cumulative shift of alpha row `t`, `[frames]`.
    let alphaShift: UnsafeMutablePointer<Double>
    /// Current shifted beta row `[width]`, delta row `[rowE]` and posterior row `[width]`.
    let beta: UnsafeMutablePointer<Float>
    let delta: UnsafeMutablePointer<Float>
    let gamma: UnsafeMutablePointer<Float>

    /// Allocates the lattice of `labels` (blank class `blank`) over `frames >= 1` frames.
    init(labels: UnsafeBufferPointer<Int32>, blank: Int32, frames: Int) {
        precondition(frames >= 1, "CtcLattice: needs at least one frame")
        self.frames = frames
        states = 2 * labels.count + 1
        width = (states + 15) / 16 * 16
        rowE = width + 16
        rowA = width + 2
        classes = .allocate(capacity: states)
        skip = .allocate(capacity: rowE)
        emit = .allocate(capacity: frames * rowE)
        alpha = .allocate(capacity: frames * rowA)
        alphaShift = .allocate(capacity: frames)
        beta = .allocate(capacity: width)
        delta = .allocate(capacity: rowE)
        gamma = .allocate(capacity: width)
        for s in 0..<states { classes[s] = s % 2 == 0 ? blank : labels[(s - 1) / 2] }
        for s in 0..<rowE {
            let entersBySkip = s < states && s % 2 == 1 && s >= 3 && classes[s] != classes[s - 2]
            skip[s] = entersBySkip ? 0 : -.infinity
        }
    }

    /// Frees the scratch buffers.
    func deallocate() {
        for p in [skip, emit, alpha, beta, delta, gamma] { p.deallocate() }
        classes.deallocate()
        alphaShift.deallocate()
    }

    /// Fills `emit` from the `[frames, vocab]` log-probabilities.
    func gatherEmissions(_ logProbs: UnsafePointer<Float>, vocab: Int) {
        for t in 0..<frames {
            let row = emit + t * rowE, lp = logProbs + t * vocab
            for s in 0..<states { row[s] = lp[Int(classes[s])] }
            (row + states).update(repeating: -.infinity, count: rowE - states)
        }
    }

    /// Runs the alpha recursion; returns `log p(target)` (in Double; `-inf` when no path exists,
    /// NaN when a NaN log-probability was met).
    func forward() -> Double {
        let row0 = alpha + 2
        (row0 - 2).update(repeating: -.infinity, count: rowA)
        row0[0] = emit[0]
        if states > 1 { row0[1] = emit[1] }
        if row0[0].isNaN || row0[1].isNaN { return .nan }
        let m0 = Swift.max(row0[0], row0[1])
        if m0 == -.infinity { return -.infinity }
        Self.shift(row0, width, by: m0)
        alphaShift[0] = Double(m0)
        for t in 1..<frames {
            let prev = alpha + (t - 1) * rowA, cur = alpha + t * rowA, e = emit + t * rowE
            cur[0] = -.infinity
            cur[1] = -.infinity
            var vmax = SIMD16<Float>(repeating: -.infinity)
            var s = 0
            while s < width {
                let a0 = Self.load(prev + 2 + s)
                let a1 = Self.load(prev + 1 + s)
                let a2 = Self.load(prev + s) + Self.load(skip + s)
                let r = Self.logSumExp(a0, a1, a2) + Self.load(e + s)
                Self.store(r, cur + 2 + s)
                vmax = Self.maxKeepingNaN(vmax, r)
                s += 16
            }
            let m = Self.horizontalMax(vmax)
            if m.isNaN { return .nan }
            if m == -.infinity { return -.infinity }
            Self.shift(cur + 2, width, by: m)
            alphaShift[t] = alphaShift[t - 1] + Double(m)
        }
        let last = alpha + (frames - 1) * rowA + 2
        let end = Double(last[states - 1]), beforeEnd = states > 1 ? Double(last[states - 2]) : -.infinity
        let top = Swift.max(end, beforeEnd)
        if top == -.infinity { return -.infinity }
        return alphaShift[frames - 1] + top + Foundation.log(Foundation.exp(end - top) + Foundation.exp(beforeEnd - top))
    }

    /// Runs the beta recursion after `forward` and subtracts each frame's state posteriors from
    /// `grad` (`[frames, vocab]`, holding the softmax on entry).
    func backward(logZ: Double, grad: UnsafeMutablePointer<Float>, vocab: Int) {
        beta.update(repeating: -.infinity, count: width)
        beta[states - 1] = 0
        if states > 1 { beta[states - 2] = 0 }
        (delta + width).update(repeating: -.infinity, count: rowE - width)
        var betaShift = 0.0
        var t = frames - 1
        while true {
            let c = SIMD16<Float>(repeating: Float(alphaShift[t] + betaShift - logZ))
            let a = alpha + t * rowA + 2
            var s = 0
            while s < width {
                Self.store(SIMDMath.exp(Self.load(a + s) + Self.load(beta + s) + c), gamma + s)
                s += 16
            }
            let g = grad + t * vocab
            for s in 0..<states { g[Int(classes[s])] -= gamma[s] }
            if t == 0 { break }
            let e = emit + t * rowE
            s = 0
            while s < width {
                Self.store(Self.load(beta + s) + Self.load(e + s), delta + s)
                s += 16
            }
            var vmax = SIMD16<Float>(repeating: -.infinity)
            s = 0
            while s < width {
                let d0 = Self.load(delta + s)
                let d1 = Self.load(delta + s + 1)
                let d2 = Self.load(delta + s + 2) + Self.load(skip + s + 2)
                let r = Self.logSumExp(d0, d1, d2)
                Self.store(r, beta + s)
                vmax = Self.maxKeepingNaN(vmax, r)
                s += 16
            }
            let m = Self.horizontalMax(vmax)
            if m.isFinite {
                Self.shift(beta, width, by: m)
                betaShift += Double(m)
            }
            t -= 1
        }
    }

    /// `log(e^a + e^b + e^c)` per lane, as `top + log(1 + e^(x - top) + e^(y - top))` with `top`
    /// the lane maximum and `x`, `y` the other two (two exponentials instead of three); all `-inf`
    /// gives `-inf`, a NaN lane gives NaN. (`pointwiseMax` compiled to a per-lane loop here;
    /// `replacing(with:where:)` and comparisons compile to vector instructions.)
    @inline(__always)
    static func logSumExp(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ c: SIMD16<Float>) -> SIMD16<Float> {
        let bAbove = b .> a
        let hi = a.replacing(with: b, where: bAbove), lo = b.replacing(with: a, where: bAbove)
        let cAbove = c .> hi
        var top = hi.replacing(with: c, where: cAbove)
        let other = c.replacing(with: hi, where: cAbove)
        let empty = top .== -.infinity
        top.replace(with: 0, where: empty)
        var r = top + SIMDMath.log(1 + SIMDMath.exp(lo - top) + SIMDMath.exp(other - top))
        r.replace(with: -.infinity, where: empty)
        return r
    }

    /// 16 floats at `p`. (Same-file twins of `VectorLoop.load/store`: a debug build compiles files
    /// separately and cannot inline across them.)
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores 16 floats at `p`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Lane-wise maximum that keeps NaN lanes of `b`.
    @inline(__always)
    static func maxKeepingNaN(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        a.replacing(with: b, where: .!(b .<= a))
    }

    /// Largest lane, NaN if any lane is NaN.
    @inline(__always)
    static func horizontalMax(_ v: SIMD16<Float>) -> Float {
        var m = -Float.infinity
        for i in 0..<16 {
            if v[i].isNaN { return .nan }
            if v[i] > m { m = v[i] }
        }
        return m
    }

    /// `row[0..<n] -= m` (`n` a multiple of 16).
    @inline(__always)
    static func shift(_ row: UnsafeMutablePointer<Float>, _ n: Int, by m: Float) {
        let v = SIMD16<Float>(repeating: m)
        var s = 0
        while s < n {
            Self.store(Self.load(row + s) - v, row + s)
            s += 16
        }
    }
}
