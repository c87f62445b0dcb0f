import Foundation

/// librosa's mel filter bank (`librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False,
/// norm="slaney")`), the weights rounded to float32 as librosa's default dtype.
///
/// Triangles between `nMels + 2` points equally spaced on the mel scale from `fmin` to `fmax`
/// (Slaney's scale: linear below 1 kHz, logarithmic above; or HTK's `2595 log10(1 + f/700)`),
/// each scaled to unit area (`2 / (f[i+2] - f[i])`).
public struct MelFilterBank: Sendable {
    /// `n_mels`.
    public let numMels: Int
    /// Number of FFT bins, `n_fft / 2 + 1`.
    public let numBins: Int
    /// Weights, row-major `[mel][bin]`.
    public let weights: [Double]
    /// For each mel filter the range of bins with non-zero weight.
    let support: [Range<Int>]

    /// The filter bank for `sampleRate` and `nFFT`; `fmax` nil means `sampleRate / 2`.
    public init(sampleRate: Int, nFFT: Int, numMels: Int, fmin: Double = 0, fmax: Double? = nil, htk: Bool = false) {
        let bins = nFFT / 2 + 1
        let top = fmax ?? Double(sampleRate) / 2
        let lo = MelFilterBank.hzToMel(fmin, htk: htk), hi = MelFilterBank.hzToMel(top, htk: htk)
        let points = numMels + 2
        // numpy.linspace: start + i * step, the last point exactly `hi`.
        let step = (hi - lo) / Double(points - 1)
        let melF = (0..<points).map { i -> Double in
            MelFilterBank.melToHz(i == points - 1 ? hi : lo + Double(i) * step, htk: htk)
        }
        let fftFreqs = (0..<bins).map { Double($0) * Double(sampleRate) / Double(nFFT) }
        var w = [Double](repeating: 0, count: numMels * bins)
        var support = [Range<Int>]()
        for i in 0..<numMels {
            let lowerDiff = melF[i + 1] - melF[i], upperDiff = melF[i + 2] - melF[i + 1]
            let enorm = 2 / (melF[i + 2] - melF[i])
            var first = bins, last = 0
            for k in 0..<bins {
                let lower = -(melF[i] - fftFreqs[k]) / lowerDiff
                let upper = (melF[i + 2] - fftFreqs[k]) / upperDiff
                let tri = Double(Float(Swift.max(0, Swift.min(lower, upper))))
                let v = Double(Float(tri * enorm))
                w[i * bins + k] = v
                if v != 0 { first = Swift.min(first, k); last = k + 1 }
            }
            support.append(first < last ? first..<last : 0..<0)
        }
        self.numMels = numMels
        self.numBins = bins
        self.weights = w
        self.support = support
    }

    /// Applies the bank to a row-major `[frame][bin]` spectrum: `[frame][mel]`.
    public func apply(_ spectrum: [Double], frames: Int) -> [Double] {
        precondition(spectrum.count == frames * numBins, "spectrum size does not match the filter bank")
        var out = [Double](repeating: 0, count: frames * numMels)
        for t in 0..<frames {
            let row = t * numBins
            for m in 0..<numMels {
                var s = 0.0
                let wrow = m * numBins
                for k in support[m] { s += weights[wrow + k] * spectrum[row + k] }
                out[t * numMels + m] = s
            }
        }
        return out
    }

    /// librosa `hz_to_mel`.
    public static func hzToMel(_ f: Double, htk: Bool) -> Double {
        if htk { return 2595 * log10(1 + f / 700) }
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return f >= minLogHz ? minLogMel + log(f / minLogHz) / logStep : f / fSp
    }

    /// librosa `mel_to_hz`.
    public static func melToHz(_ m: Double, htk: Bool) -> Double {
        if htk { return 700 * (pow(10, m / 2595) - 1) }
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return m >= minLogMel ? minLogHz * exp(logStep * (m - minLogMel)) : fSp * m
    }
}
