import Foundation

/// librosa's short-time Fourier transform as RETURNN's audio features call it
/// (`librosa.stft(y, n_fft, hop_length, win_length, window="hann", center=True, pad_mode="constant")`),
/// reduced to |X|^power per frame.
///
/// With `center`, the signal is padded with `nFFT / 2` zeros at both ends (librosa >= 0.10's
/// default `pad_mode="constant"`) and frame t covers `[t * hop, t * hop + nFFT)` of the padded
/// signal: `1 + (len + 2 * (nFFT / 2) - nFFT) / hop` frames. The window is the periodic Hann
/// window of `winLength` samples, centred in `nFFT` (librosa `pad_center`). Only the
/// `nFFT / 2 + 1` non-negative frequencies are kept.
public struct Spectrogram: Sendable {
    /// `n_fft`.
    public let nFFT: Int
    /// `hop_length`.
    public let hop: Int
    /// `win_length` (<= `nFFT`).
    public let winLength: Int
    /// `center` (True).
    public let center: Bool
    /// The Hann window padded to `nFFT`.
    let window: [Double]
    let fft: FFT

    /// A spectrogram plan; `winLength` defaults to `nFFT`. Sizes are checked by the caller
    /// (`ExtractAudioFeatures` throws located errors before building one).
    public init(nFFT: Int, hop: Int, winLength: Int? = nil, center: Bool = true) {
        let win = winLength ?? nFFT
        precondition(nFFT >= 1 && hop >= 1 && win >= 1 && win <= nFFT, "invalid STFT sizes n_fft=\(nFFT) hop=\(hop) win=\(win)")
        self.nFFT = nFFT
        self.hop = hop
        self.winLength = win
        self.center = center
        var w = [Double](repeating: 0, count: nFFT)
        let offset = (nFFT - win) / 2
        for i in 0..<win { w[offset + i] = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(win)) }
        window = w
        fft = FFT(size: nFFT)
    }

    /// Number of frequency bins, `nFFT / 2 + 1`.
    public var numBins: Int { nFFT / 2 + 1 }

    /// Number of frames for `numSamples` samples (0 when an uncentred signal is shorter than a frame).
    public func numFrames(_ numSamples: Int) -> Int {
        let padded = center ? numSamples + 2 * (nFFT / 2) : numSamples
        return padded < nFFT ? 0 : 1 + (padded - nFFT) / hop
    }

    /// `|stft(y)|^power`, row-major `[frame][bin]` (power 2: the power spectrum, 1: the magnitude).
    public func compute(_ y: [Double], power: Double = 2) -> [Double] {
        let frames = numFrames(y.count), bins = numBins
        var out = [Double](repeating: 0, count: frames * bins)
        let pad = center ? nFFT / 2 : 0
        var frame = [Double](repeating: 0, count: nFFT)
        var re = [Double](repeating: 0, count: bins), im = [Double](repeating: 0, count: bins)
        for t in 0..<frames {
            let start = t * hop - pad
            for i in 0..<nFFT {
                let j = start + i
                frame[i] = (j >= 0 && j < y.count) ? y[j] * window[i] : 0
            }
            fft.forwardReal(frame, re: &re, im: &im)
            for k in 0..<bins {
                let p = re[k] * re[k] + im[k] * im[k]
                out[t * bins + k] = power == 2 ? p : (power == 1 ? p.squareRoot() : pow(p, power / 2))
            }
        }
        return out
    }

    /// librosa `feature.rms(y, frame_length=nFFT, hop_length=hop, center)`: the root mean square of
    /// the unwindowed samples of each frame (same framing and zero padding as `compute`).
    public func rms(_ y: [Double]) -> [Double] {
        let frames = numFrames(y.count)
        let pad = center ? nFFT / 2 : 0
        return (0..<frames).map { t in
            var s = 0.0
            let start = t * hop - pad
            for j in Swift.max(start, 0)..<Swift.min(start + nFFT, y.count) { s += y[j] * y[j] }
            return (s / Double(nFFT)).squareRoot()
        }
    }
}
