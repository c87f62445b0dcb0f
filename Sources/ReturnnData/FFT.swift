import Foundation

/// A complex discrete Fourier transform of one fixed size, in double precision, for the audio
/// features (`ExtractAudioFeatures`; upstream uses numpy's/librosa's FFT).
///
/// Powers of two use an iterative radix-2 Cooley-Tukey transform; any other size (e.g. the
/// 400-sample window of 25 ms at 16 kHz) uses Bluestein's chirp-z algorithm on top of a radix-2
/// transform of the next power of two >= 2n-1. `forward` computes
/// `X[k] = sum_j x[j] exp(-2 pi i j k / n)` without scaling, as `numpy.fft.fft`.
public struct FFT: Sendable {
    /// The transform length n (>= 1).
    public let size: Int
    /// Radix-2 twiddles exp(-2 pi i k / n) for k < n/2 (power-of-two sizes).
    let cosTable: [Double]
    let sinTable: [Double]
    /// Bit-reversal permutation (power-of-two sizes).
    let bitReverse: [Int]
    /// The Bluestein plan for other sizes.
    let chirp: Chirp?

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
    public init(size: Int) {
        precondition(size >= 1, "FFT size must be >= 1")
        self.size = size
        if size & (size - 1) == 0 {
            let half = size / 2
            cosTable = (0..<half).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
            sinTable = (0..<half).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
            var bits = 0
            while (1 << bits) < size { bits += 1 }
            bitReverse = (0..<size).map { i in
                var r = 0
                for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
                return r
            }
            chirp = nil
            return
        }
        cosTable = []
        sinTable = []
        bitReverse = []
        var m = 1
        while m < 2 * size - 1 { m <<= 1 }
        let inner = FFT(size: m)
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
        if let chirp { bluestein(chirp, re: &re, im: &im) } else { radix2(re: &re, im: &im) }
    }

    func radix2(re: inout [Double], im: inout [Double]) {
        let n = size
        guard n > 1 else { return }
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { m in
                for i in 0..<n {
                    let j = bitReverse[i]
                    if j > i { r.swapAt(i, j); m.swapAt(i, j) }
                }
                cosTable.withUnsafeBufferPointer { ct in
                    sinTable.withUnsafeBufferPointer { st in
                        var len = 2
                        while len <= n {
                            let half = len / 2
                            let step = n / len
                            var start = 0
                            while start < n {
                                var t = 0
                                for k in 0..<half {
                                    let wr = ct[t], wi = st[t]
                                    let a = start + k, b = a + half
                                    let xr = r[b] * wr - m[b] * wi
                                    let xi = r[b] * wi + m[b] * wr
                                    r[b] = r[a] - xr
                                    m[b] = m[a] - xi
                                    r[a] += xr
                                    m[a] += xi
                                    t += step
                                }
                                start += len
                            }
                            len <<= 1
                        }
                    }
                }
            }
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
