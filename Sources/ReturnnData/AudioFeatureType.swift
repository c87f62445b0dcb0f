import Foundation

/// The feature function of `ExtractAudioFeatures` (RETURNN's `features` option) with the extra
/// keyword options each accepts through `feature_options`, and how it turns audio into frames.
///
/// All but "raw" frame the signal as librosa does (`Spectrogram`): `n_fft = int(window_len * sr)`,
/// `hop = int(step_len * sr)`, centred frames, power spectrum, slaney mel bank (`MelFilterBank`).
public enum AudioFeatureType: String, Sendable, CaseIterable {
    /// `mfcc`: `power_to_db` of an `n_mels` (128) mel spectrogram (`fmin` 0, `fmax` sr/2,
    /// `center`), DCT-II (ortho), the first `num_feature_filters` coefficients; coefficient 0 is
    /// replaced by the frame's RMS energy (upstream convention).
    case mfcc
    /// `log_mel_filterbank`: `log(max(1e-3, mel))` of the power mel spectrogram.
    case logMelFilterbank = "log_mel_filterbank"
    /// `log_log_mel_filterbank`: `amplitude_to_db` (top_db 80) of the `log_mel_filterbank` values.
    case logLogMelFilterbank = "log_log_mel_filterbank"
    /// `db_mel_filterbank`: `20 * log10(max(min_amp, mel))` (`fmin`, `fmax`, `min_amp` 1e-10, `center`).
    case dbMelFilterbank = "db_mel_filterbank"
    /// `linear_spectrogram`: |STFT| with `n_fft = 2 * num_feature_filters`, window
    /// `int(window_len * sr)`, without the DC bin (`center`).
    case linearSpectrogram = "linear_spectrogram"
    /// `raw`: the samples themselves, one feature per frame (`num_feature_filters` must be 1).
    case raw

    /// Keys this feature function accepts in `feature_options` (upstream: its keyword arguments).
    public var featureOptionKeys: [String] {
        switch self {
        case .mfcc: return ["n_mels", "fmin", "fmax", "center"]
        case .dbMelFilterbank: return ["fmin", "fmax", "min_amp", "center"]
        case .linearSpectrogram: return ["center"]
        case .logMelFilterbank, .logLogMelFilterbank, .raw: return []
        }
    }

    /// Upstream's default `num_feature_filters` (40 for all but "raw").
    public var defaultNumFilters: Int { self == .raw ? 1 : 40 }
}

/// The `feature_options` of `ExtractAudioFeatures` (only those the feature type accepts may be set).
public struct AudioFeatureOptions: Sendable, Equatable {
    /// `n_mels` (128; mfcc).
    public var numMels: Int = 128
    /// `fmin` in Hz (0).
    public var fmin: Double = 0
    /// `fmax` in Hz (None: sample_rate / 2).
    public var fmax: Double?
    /// `min_amp` (1e-10; db_mel_filterbank).
    public var minAmp: Double = 1e-10
    /// `center` (True).
    public var center: Bool = true

    /// Upstream's defaults.
    public init() {}
}

extension AudioFeatureType {
    /// Features of `audio` (`[frame][filter]`, float32 as upstream's `.astype("float32")`).
    func compute(_ audio: [Double], sampleRate sr: Int, windowLen: Double, stepLen: Double, numFilters: Int,
                 options o: AudioFeatureOptions) -> (frames: Int, values: [Float]) {
        let nFFT = Int(windowLen * Double(sr)), hop = Int(stepLen * Double(sr))
        switch self {
        case .raw:
            return (audio.count, audio.map { Float($0) })
        case .linearSpectrogram:
            let stft = Spectrogram(nFFT: 2 * numFilters, hop: hop, winLength: nFFT, center: o.center)
            let frames = stft.numFrames(audio.count), bins = stft.numBins
            let mag = stft.compute(audio, power: 1)
            var out = [Float](repeating: 0, count: frames * numFilters)
            for t in 0..<frames { for k in 0..<numFilters { out[t * numFilters + k] = Float(mag[t * bins + k + 1]) } }
            return (frames, out)
        case .mfcc, .logMelFilterbank, .logLogMelFilterbank, .dbMelFilterbank:
            let center = (self == .mfcc || self == .dbMelFilterbank) ? o.center : true
            let stft = Spectrogram(nFFT: nFFT, hop: hop, center: center)
            let frames = stft.numFrames(audio.count)
            let nMels = self == .mfcc ? o.numMels : numFilters
            let withRange = self == .mfcc || self == .dbMelFilterbank
            let bank = MelFilterBank(sampleRate: sr, nFFT: nFFT, numMels: nMels,
                                     fmin: withRange ? o.fmin : 0, fmax: withRange ? o.fmax : nil)
            let mel = bank.apply(stft.compute(audio), frames: frames)
            switch self {
            case .logMelFilterbank:
                return (frames, mel.map { Float(Foundation.log(Swift.max(1e-3, $0))) })
            case .dbMelFilterbank:
                return (frames, mel.map { Float(20 * log10(Swift.max(o.minAmp, $0))) })
            case .logLogMelFilterbank:
                let logMel = mel.map { Foundation.log(Swift.max(1e-3, $0)) }
                return (frames, AudioFeatureType.powerToDb(logMel.map { $0 * $0 }, amin: 1e-10).map { Float($0) })
            default:
                let db = AudioFeatureType.powerToDb(mel, amin: 1e-10)
                let dct = AudioFeatureType.dctMatrix(inputs: nMels, outputs: numFilters)
                let energy = stft.rms(audio)
                var out = [Float](repeating: 0, count: frames * numFilters)
                for t in 0..<frames {
                    for k in 0..<numFilters {
                        if k == 0 { out[t * numFilters] = Float(Float(energy[t])); continue }
                        var s = 0.0
                        for m in 0..<nMels { s += dct[k * nMels + m] * db[t * nMels + m] }
                        out[t * numFilters + k] = Float(s)
                    }
                }
                return (frames, out)
            }
        }
    }

    /// librosa `power_to_db(S, ref=1.0, amin, top_db=80)`: `10 log10(max(amin, S))`, floored at
    /// 80 dB below the maximum over the whole input.
    static func powerToDb(_ s: [Double], amin: Double, topDb: Double = 80) -> [Double] {
        let db = s.map { 10 * log10(Swift.max(amin, $0)) }
        guard let mx = db.max() else { return db }
        return db.map { Swift.max($0, mx - topDb) }
    }

    /// Orthonormal DCT-II rows `k < outputs` (scipy `dct(type=2, norm="ortho")`), row-major.
    static func dctMatrix(inputs n: Int, outputs: Int) -> [Double] {
        var m = [Double](repeating: 0, count: outputs * n)
        for k in 0..<outputs {
            let scale = k == 0 ? (1 / Double(n)).squareRoot() : (2 / Double(n)).squareRoot()
            for j in 0..<n { m[k * n + j] = scale * cos(Double.pi * Double(k) * Double(2 * j + 1) / Double(2 * n)) }
        }
        return m
    }
}
