import Foundation

/// A discrete Fourier transform of one fixed size, in double precision, for the audio features
/// (`ExtractAudioFeatures`; upstream uses numpy's/librosa's FFT).
///
/// Sizes whose prime factors are all <= 7 (e.g. the 400-sample window of 25 ms at 16 kHz:
/// 4·4·5·5) use a recursive mixed-radix Cooley-Tukey transform; other sizes Bluestein's chirp-z
/// algorithm on top of a power-of-two transform of at least 2n-1 points. `forward` computes
/// `X[k] = sum_j x[j] exp(-2 pi i j k / n)` without scaling, as `numpy.fft.fft`; `forwardReal`
/// the `n / 2 + 1` non-negative frequencies of real input (`numpy.fft.rfft`) through a
/// transform of half the size.
public struct FFT: Sendable {
    /// The transform length n (>= 1).
    public let size: Int
    /// Radices, product `size` (mixed-radix plan; empty for Bluestein).
    let radices: [Int]
    /// Per level, the p x p DFT matrix exp(-2 pi i q r / p) of its radix (row-major; only used for 7).
    let radixCos: [[Double]]
    let radixSin: [[Double]]
    /// exp(-2 pi i k / n), k < n (mixed-radix plan).
    let cosTable: [Double]
    let sinTable: [Double]
    /// The Bluestein plan for sizes with a prime factor > 7.
    let chirp: Chirp?
    /// The half-size transform and twiddles exp(-2 pi i k / n) for `forwardReal` (even sizes).
    let half: [FFT]

    /// Bluestein's chirp w[k] = exp(-i pi k^2 / n), the transform of its padded conjugate, and
    /// the inner power-of-two transform.
    struct Chirp: Sendable {
        let inner: [FFT]
        let wRe: [Double]
        let wIm: [Double]
        let bRe: [Double]
        let bIm: [Double]
    }

    /// A transform of length `size` (>= 1).
    public init(size: Int) { self.init(size: size, withHalf: true) }

    init(size: Int, withHalf: Bool) {
        precondition(size >= 1, "FFT size must be >= 1")
        self.size = size
        half = withHalf && size % 2 == 0 && size >= 4 ? [FFT(size: size / 2, withHalf: false)] : []
        var radices = [Int](), rest = size
        for p in [4, 2, 3, 5, 7] { while rest % p == 0 { radices.append(p); rest /= p } }
        if rest == 1 {
            self.radices = radices
            radixCos = radices.map { p in p != 7 ? [] : (0..<(p * p)).map { cos(-2 * Double.pi * Double(($0 / p) * ($0 % p) % p) / Double(p)) } }
            radixSin = radices.map { p in p != 7 ? [] : (0..<(p * p)).map { sin(-2 * Double.pi * Double(($0 / p) * ($0 % p) % p) / Double(p)) } }
            cosTable = (0..<size).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
            sinTable = (0..<size).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
            chirp = nil
            return
        }
        self.radices = []
        radixCos = []
        radixSin = []
        cosTable = (0..<size).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
        sinTable = (0..<size).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
        var m = 1
        while m < 2 * size - 1 { m <<= 1 }
        let inner = FFT(size: m, withHalf: false)
        // k^2 mod 2n keeps the angle small and exact for large k.
        var wRe = [Double](repeating: 0, count: size), wIm = [Double](repeating: 0, count: size)
        for k in 0..<size {
            let a = -Double.pi * Double((k * k) % (2 * size)) / Double(size)
            wRe[k] = cos(a)
            wIm[k] = sin(a)
        }
        var bRe = [Double](repeating: 0, count: m), bIm = [Double](repeating: 0, count: m)
        bRe[0] = wRe[0]
        bIm[0] = -wIm[0]
        for k in 1..<size {
            bRe[k] = wRe[k]; bIm[k] = -wIm[k]
            bRe[m - k] = wRe[k]; bIm[m - k] = -wIm[k]
        }
        inner.forward(re: &bRe, im: &bIm)
        chirp = Chirp(inner: [inner], wRe: wRe, wIm: wIm, bRe: bRe, bIm: bIm)
    }

    /// In-place forward transform of `re + i im` (both of length `size`).
    public func forward(re: inout [Double], im: inout [Double]) {
        precondition(re.count == size && im.count == size, "FFT input length must be \(size)")
        if let chirp { bluestein(chirp, re: &re, im: &im); return }
        guard size > 1 else { return }
        let inRe = re, inIm = im
        inRe.withUnsafeBufferPointer { ir in
            inIm.withUnsafeBufferPointer { ii in
                re.withUnsafeMutableBufferPointer { orr in
                    im.withUnsafeMutableBufferPointer { oi in
                        cosTable.withUnsafeBufferPointer { ct in
                            sinTable.withUnsafeBufferPointer { st in
                                mixedRadix(ir, ii, 0, 1, size, orr, oi, 0, 0, ct, st)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The transform of `x[offset], x[offset + stride], ...` (n points) into `out[outOffset..<outOffset+n]`.
    func mixedRadix(_ xr: UnsafeBufferPointer<Double>, _ xi: UnsafeBufferPointer<Double>, _ offset: Int, _ stride: Int, _ n: Int,
                    _ yr: UnsafeMutableBufferPointer<Double>, _ yi: UnsafeMutableBufferPointer<Double>, _ outOffset: Int, _ level: Int,
                    _ ct: UnsafeBufferPointer<Double>, _ st: UnsafeBufferPointer<Double>) {
        let p = radices[level], m = n / p
        if m == 1 {
            // Last level: the sub-transforms are single input points (no twiddle).
            for q in 0..<p { yr[outOffset + q] = xr[offset + q * stride]; yi[outOffset + q] = xi[offset + q * stride] }
        } else {
            for q in 0..<p { mixedRadix(xr, xi, offset + q * stride, stride * p, m, yr, yi, outOffset + q * m, level + 1, ct, st) }
        }
        // Twiddle W_n^(q k) = table[q k (size / n)] (q k (size / n) < size); then a p-point DFT over q for each k.
        let scale = size / n
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * p) { buf in
            let tr = buf.baseAddress!, ti = buf.baseAddress! + p
            for k in 0..<m {
                for q in 0..<p {
                    let a = yr[outOffset + q * m + k], b = yi[outOffset + q * m + k]
                    let t = q * k * scale
                    tr[q] = a * ct[t] - b * st[t]
                    ti[q] = a * st[t] + b * ct[t]
                }
                switch p {
                case 2:
                    yr[outOffset + k] = tr[0] + tr[1]; yi[outOffset + k] = ti[0] + ti[1]
                    yr[outOffset + m + k] = tr[0] - tr[1]; yi[outOffset + m + k] = ti[0] - ti[1]
                case 4:
                    let ar = tr[0] + tr[2], ai = ti[0] + ti[2], br = tr[0] - tr[2], bi = ti[0] - ti[2]
                    let cr = tr[1] + tr[3], ci = ti[1] + ti[3], dr = tr[1] - tr[3], di = ti[1] - ti[3]
                    // X[r] = sum_q t_q (-i)^(q r)
                    yr[outOffset + k] = ar + cr; yi[outOffset + k] = ai + ci
                    yr[outOffset + m + k] = br + di; yi[outOffset + m + k] = bi - dr
                    yr[outOffset + 2 * m + k] = ar - cr; yi[outOffset + 2 * m + k] = ai - ci
                    yr[outOffset + 3 * m + k] = br - di; yi[outOffset + 3 * m + k] = bi + dr
                case 3:
                    let s = 0.866_025_403_784_438_6  // sin(2 pi / 3)
                    let ar = tr[1] + tr[2], ai = ti[1] + ti[2], br = tr[1] - tr[2], bi = ti[1] - ti[2]
                    let cr = tr[0] - 0.5 * ar, ci = ti[0] - 0.5 * ai
                    yr[outOffset + k] = tr[0] + ar; yi[outOffset + k] = ti[0] + ai
                    yr[outOffset + m + k] = cr + s * bi; yi[outOffset + m + k] = ci - s * br
                    yr[outOffset + 2 * m + k] = cr - s * bi; yi[outOffset + 2 * m + k] = ci + s * br
                case 5:
                    // X[r] = t0 + cos terms of (t1+t4), (t2+t3) -+ i sin terms of (t1-t4), (t2-t3).
                    let c1 = 0.309_016_994_374_947_45, c2 = -0.809_016_994_374_947_5
                    let s1 = 0.951_056_516_295_153_6, s2 = 0.587_785_252_292_473_1
                    let a1r = tr[1] + tr[4], a1i = ti[1] + ti[4], b1r = tr[1] - tr[4], b1i = ti[1] - ti[4]
                    let a2r = tr[2] + tr[3], a2i = ti[2] + ti[3], b2r = tr[2] - tr[3], b2i = ti[2] - ti[3]
                    let p1r = tr[0] + c1 * a1r + c2 * a2r, p1i = ti[0] + c1 * a1i + c2 * a2i
                    let p2r = tr[0] + c2 * a1r + c1 * a2r, p2i = ti[0] + c2 * a1i + c1 * a2i
                    let ur = s1 * b1r + s2 * b2r, ui = s1 * b1i + s2 * b2i
                    let vr = s2 * b1r - s1 * b2r, vi = s2 * b1i - s1 * b2i
                    yr[outOffset + k] = tr[0] + a1r + a2r; yi[outOffset + k] = ti[0] + a1i + a2i
                    yr[outOffset + m + k] = p1r + ui; yi[outOffset + m + k] = p1i - ur
                    yr[outOffset + 4 * m + k] = p1r - ui; yi[outOffset + 4 * m + k] = p1i + ur
                    yr[outOffset + 2 * m + k] = p2r + vi; yi[outOffset + 2 * m + k] = p2i - vr
                    yr[outOffset + 3 * m + k] = p2r - vi; yi[outOffset + 3 * m + k] = p2i + vr
                default:
                    radixCos[level].withUnsafeBufferPointer { wc in
                        radixSin[level].withUnsafeBufferPointer { ws in
                            for r in 0..<p {
                                var sr = 0.0, si = 0.0
                                for q in 0..<p {
                                    let c = wc[r * p + q], s = ws[r * p + q]
                                    sr += tr[q] * c - ti[q] * s
                                    si += tr[q] * s + ti[q] * c
                                }
                                yr[outOffset + r * m + k] = sr
                                yi[outOffset + r * m + k] = si
                            }
                        }
                    }
                }
            }
        }
    }

    /// The `size / 2 + 1` non-negative frequencies of real input `x` (length `size`), into `re`/`im`.
    public func forwardReal(_ x: [Double], re: inout [Double], im: inout [Double]) {
        precondition(x.count == size, "FFT input length must be \(size)")
        let bins = size / 2 + 1
        if re.count != bins { re = [Double](repeating: 0, count: bins) }
        if im.count != bins { im = [Double](repeating: 0, count: bins) }
        guard let h = half.first else {
            var r = x, i = [Double](repeating: 0, count: size)
            forward(re: &r, im: &i)
            for k in 0..<bins { re[k] = r[k]; im[k] = i[k] }
            return
        }
        // z[j] = x[2j] + i x[2j+1]; X[k] = E[k] + W^k O[k] with E, O from Z[k] and conj(Z[h-k]).
        let n2 = size / 2
        var zr = (0..<n2).map { x[2 * $0] }, zi = (0..<n2).map { x[2 * $0 + 1] }
        h.forward(re: &zr, im: &zi)
        for k in 0...n2 {
            let a = k % n2, b = (n2 - k) % n2
            let er = (zr[a] + zr[b]) / 2, ei = (zi[a] - zi[b]) / 2
            let or = (zi[a] + zi[b]) / 2, oi = -(zr[a] - zr[b]) / 2
            let wr = cosTable[k % size], wi = sinTable[k % size]
            re[k] = er + or * wr - oi * wi
            im[k] = ei + or * wi + oi * wr
        }
    }

    func bluestein(_ c: Chirp, re: inout [Double], im: inout [Double]) {
        let n = size, inner = c.inner[0], m = inner.size
        var aRe = [Double](repeating: 0, count: m), aIm = [Double](repeating: 0, count: m)
        for k in 0..<n {
            aRe[k] = re[k] * c.wRe[k] - im[k] * c.wIm[k]
            aIm[k] = re[k] * c.wIm[k] + im[k] * c.wRe[k]
        }
        inner.forward(re: &aRe, im: &aIm)
        // Pointwise product, then the inverse transform as conj(FFT(conj(x))) / m.
        for k in 0..<m {
            let r = aRe[k] * c.bRe[k] - aIm[k] * c.bIm[k]
            let i = aRe[k] * c.bIm[k] + aIm[k] * c.bRe[k]
            aRe[k] = r
            aIm[k] = -i
        }
        inner.forward(re: &aRe, im: &aIm)
        let scale = 1 / Double(m)
        for k in 0..<n {
            let r = aRe[k] * scale, i = -aIm[k] * scale
            re[k] = r * c.wRe[k] - i * c.wIm[k]
            im[k] = r * c.wIm[k] + i * c.wRe[k]
        }
    }

    /// The naive O(n^2) DFT of the same definition: the reference `forward` is tested against.
    public static func naiveDFT(re: [Double], im: [Double]) -> (re: [Double], im: [Double]) {
        let n = re.count
        var outRe = [Double](repeating: 0, count: n), outIm = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sr = 0.0, si = 0.0
            for j in 0..<n {
                let a = -2 * Double.pi * Double((j * k) % n) / Double(n)
                sr += re[j] * cos(a) - im[j] * sin(a)
                si += re[j] * sin(a) + im[j] * cos(a)
            }
            outRe[k] = sr
            outIm[k] = si
        }
        return (outRe, outIm)
    }
}
