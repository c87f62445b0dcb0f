import Foundation
import ReturnnConfig

/// On-the-fly audio feature extraction (RETURNN `ExtractAudioFeatures`,
/// `returnn/datasets/util/feature_extraction.py`), as `OggZipDataset`'s `audio` option builds it.
///
/// The pipeline per sequence, as upstream: `preemphasis` (`y[n] - p * y[n-1]`), peak normalisation
/// (`peak_normalization`, default on: divide by max |y|), the config hook `pre_process(audio=,
/// sample_rate=, random_state=None)`, the features (`AudioFeatureType`), `with_delta` (delta,
/// delta-delta, ... appended), `norm_mean` / `norm_std_dev` (a number, a vector or norm file
/// of `feature dimension` values, or "per_seq"), `join_frames`, then the hook
/// `post_process(features, seq_name=)`. Numbers match upstream (librosa 0.11) within
/// 1e-4 + 1e-5 * |value| (tested on fixtures; see docs/audio.md).
///
/// ```python
/// "audio": {"features": "mfcc", "num_feature_filters": 40, "window_len": 0.025, "step_len": 0.010,
///           "with_delta": True, "norm_mean": "stats.mean.txt", "norm_std_dev": "stats.std_dev.txt"}
/// ```
public final class ExtractAudioFeatures {
    /// Normalisation of `norm_mean` / `norm_std_dev`.
    public enum Norm: Equatable {
        /// A number for all dimensions.
        case scalar(Float)
        /// One value per output dimension (a list or a `numpy.loadtxt` file).
        case vector([Float])
        /// "per_seq": the mean (or std dev, at least 1e-2) of the sequence itself.
        case perSeq
    }

    /// `features` ("mfcc").
    public let features: AudioFeatureType
    /// `window_len` in seconds (0.025).
    public let windowLen: Double
    /// `step_len` in seconds (0.010).
    public let stepLen: Double
    /// `num_feature_filters` (40; 1 for "raw").
    public let numFeatureFilters: Int
    /// `with_delta` (False = 0; True = 1; n: up to the n-th derivative).
    public let withDelta: Int
    /// `norm_mean` (None).
    public let normMean: Norm?
    /// `norm_std_dev` (None).
    public let normStdDev: Norm?
    /// `feature_options` (None).
    public let featureOptions: AudioFeatureOptions
    /// `sample_rate` (None): when set, every file must have this rate (upstream does not resample).
    public let sampleRate: Int?
    /// `peak_normalization` (True).
    public let peakNormalization: Bool
    /// `preemphasis` (None).
    public let preemphasis: Double?
    /// `join_frames` (None): concatenate this many frames (edge-padded) into one.
    public let joinFrames: Int?
    /// `pre_process` (None): a config function `(audio, sample_rate, random_state) -> audio`.
    public let preProcess: ConfigValue?
    /// `post_process` (None): a config function `(features, seq_name) -> features`.
    public let postProcess: ConfigValue?

    /// Delta filters of orders 1...withDelta.
    let deltas: [SavitzkyGolayDelta]

    /// Builds the extractor; throws `AudioFeatureError` (naming the option) for invalid options.
    /// `normMean`/`normStdDev` vectors must have `featureDimension` values.
    public init(features: AudioFeatureType = .mfcc, windowLen: Double = 0.025, stepLen: Double = 0.010,
                numFeatureFilters: Int? = nil, withDelta: Int = 0, normMean: Norm? = nil, normStdDev: Norm? = nil,
                featureOptions: AudioFeatureOptions = AudioFeatureOptions(), sampleRate: Int? = nil,
                peakNormalization: Bool = true, preemphasis: Double? = nil, joinFrames: Int? = nil,
                preProcess: ConfigValue? = nil, postProcess: ConfigValue? = nil) throws {
        let bad = { (o: String, m: String) in AudioFeatureError(option: o, message: m) }
        let n = numFeatureFilters ?? features.defaultNumFilters
        guard n >= 1 else { throw bad("num_feature_filters", "must be >= 1, got \(n)") }
        guard withDelta >= 0 else { throw bad("with_delta", "must be a bool or an int >= 0, got \(withDelta)") }
        guard windowLen > 0 else { throw bad("window_len", "must be > 0 seconds, got \(windowLen)") }
        guard stepLen > 0 else { throw bad("step_len", "must be > 0 seconds, got \(stepLen)") }
        if let j = joinFrames, j < 1 { throw bad("join_frames", "must be >= 1, got \(j)") }
        if features == .raw && n != 1 { throw bad("num_feature_filters", "must be 1 for features='raw', got \(n)") }
        if features == .linearSpectrogram && n % 2 != 0 {
            throw bad("num_feature_filters", "must be even for linear_spectrogram, got \(n)")
        }
        if features == .mfcc && n > featureOptions.numMels {
            throw bad("num_feature_filters", "mfcc gives at most n_mels (\(featureOptions.numMels)) coefficients, got \(n); raise feature_options n_mels")
        }
        if let r = sampleRate, r < 1 { throw bad("sample_rate", "must be a positive rate in Hz, got \(r)") }
        self.features = features
        self.windowLen = windowLen
        self.stepLen = stepLen
        self.numFeatureFilters = n
        self.withDelta = withDelta
        self.featureOptions = featureOptions
        self.sampleRate = sampleRate
        self.peakNormalization = peakNormalization
        self.preemphasis = preemphasis
        self.joinFrames = joinFrames
        self.preProcess = preProcess
        self.postProcess = postProcess
        self.deltas = (0..<withDelta).map { SavitzkyGolayDelta(order: $0 + 1) }
        self.normMean = normMean
        self.normStdDev = normStdDev
        let dim = (withDelta + 1) * n * (joinFrames ?? 1)
        for (o, norm) in [("norm_mean", normMean), ("norm_std_dev", normStdDev)] {
            guard case .vector(let v) = norm else { continue }
            guard v.count == dim else { throw bad(o, "has \(v.count) values, but the feature dimension is \(dim)") }
            if let j = joinFrames, j > 1 {
                // Upstream checks the length against the joined dimension but applies it before joining.
                throw bad(o, "a norm vector cannot be combined with join_frames=\(j) (upstream fails on it too); normalise per_seq or with a number")
            }
        }
    }

    /// `get_feature_dimension()`: `(with_delta + 1) * num_feature_filters * (join_frames or 1)`.
    public var featureDimension: Int { (withDelta + 1) * numFeatureFilters * (joinFrames ?? 1) }

    /// The features of decoded mono audio (`get_audio_features`), row-major `[frame][featureDimension]`.
    public func extract(audio input: [Double], sampleRate sr: Int, seqName: String? = nil) throws -> (frames: Int, values: [Float]) {
        let what = seqName.map { "sequence '\($0)'" } ?? "audio"
        if let want = sampleRate, want != sr {
            throw AudioFeatureError(option: "sample_rate", message: "\(what) has sample rate \(sr) Hz, but sample_rate=\(want) is set; resampling is not implemented (upstream neither): convert the audio (e.g. sox in.wav -r \(want) out.wav)")
        }
        var audio = input
        if let p = preemphasis, p != 0 {
            for i in stride(from: audio.count - 1, through: 1, by: -1) { audio[i] -= p * input[i - 1] }
        }
        if peakNormalization, let peak = audio.lazy.map({ abs($0) }).max(), peak != 0 {
            for i in audio.indices { audio[i] /= peak }
        }
        if let hook = preProcess { audio = try callPreProcess(hook, audio: audio, sampleRate: sr, what: what) }
        if features != .raw {
            let nFFT = Int(windowLen * Double(sr)), hop = Int(stepLen * Double(sr))
            guard nFFT >= 1, hop >= 1 else {
                throw AudioFeatureError(option: "window_len", message: "window_len \(windowLen) s / step_len \(stepLen) s give \(nFFT) / \(hop) samples at \(sr) Hz; both must be >= 1")
            }
            if features == .linearSpectrogram && 2 * numFeatureFilters < nFFT {
                throw AudioFeatureError(option: "num_feature_filters", message: "linear_spectrogram needs 2 * num_feature_filters >= window samples (\(nFFT) at \(sr) Hz), got \(numFeatureFilters)")
            }
            if !featureOptions.center && audio.count < (features == .linearSpectrogram ? 2 * numFeatureFilters : nFFT) {
                throw AudioFeatureError(option: "feature_options", message: "\(what) has \(audio.count) samples, fewer than one frame, with center=False")
            }
        }
        let n = numFeatureFilters
        var (frames, data) = features.compute(audio, sampleRate: sr, windowLen: windowLen, stepLen: stepLen, numFilters: n, options: featureOptions)
        var dim = n
        if !deltas.isEmpty {
            guard frames >= 9 else {
                throw AudioFeatureError(option: "with_delta", message: "\(what) has \(frames) frames; delta features need at least 9 (librosa's width)")
            }
            let ds = deltas.map { $0.apply(data, frames: frames, dim: n) }
            dim = n * (withDelta + 1)
            var joined = [Float](repeating: 0, count: frames * dim)
            for t in 0..<frames {
                for d in 0..<n { joined[t * dim + d] = data[t * n + d] }
                for (i, x) in ds.enumerated() { for d in 0..<n { joined[t * dim + (i + 1) * n + d] = x[t * n + d] } }
            }
            data = joined
        }
        if let m = normMean { apply(m, to: &data, frames: frames, dim: dim, subtract: true) }
        if let s = normStdDev { apply(s, to: &data, frames: frames, dim: dim, subtract: false) }
        if let j = joinFrames, j > 1, frames > 0 {
            let newFrames = (frames + j - 1) / j
            var out = [Float](repeating: 0, count: newFrames * dim * j)
            for t in 0..<(newFrames * j) {
                let src = Swift.min(t, frames - 1)
                for d in 0..<dim { out[t * dim + d] = data[src * dim + d] }
            }
            data = out
            frames = newFrames
            dim *= j
        }
        if let hook = postProcess { (frames, data) = try callPostProcess(hook, data, frames: frames, what: what, seqName: seqName) }
        return (frames, data)
    }

    /// Decodes an audio file (`AudioDecoder`) and extracts its features as "data" (`[time, featureDimension]`).
    /// `name` (the file) and `seqName` (the tag) are used in errors; `dataset` names the dataset.
    public func seqData(file bytes: [UInt8], name: String, seqName: String, dataset: String) throws -> SeqData {
        let decoded = try AudioDecoder.decode(bytes, name: name)
        do {
            let (frames, values) = try extract(audio: decoded.samples, sampleRate: decoded.sampleRate, seqName: seqName)
            return SeqData(.float32(values), shape: [frames, featureDimension])
        } catch let err as AudioFeatureError {
            throw DatasetError.invalidOption(dataset: dataset, option: "audio.\(err.option)", message: err.message)
        }
    }

    func apply(_ norm: Norm, to data: inout [Float], frames: Int, dim: Int, subtract: Bool) {
        var v = [Float](repeating: 0, count: dim)
        switch norm {
        case .scalar(let x): v = [Float](repeating: x, count: dim)
        case .vector(let x): v = x
        case .perSeq:
            for d in 0..<dim {
                var mean = 0.0
                for t in 0..<frames { mean += Double(data[t * dim + d]) }
                mean /= Double(Swift.max(frames, 1))
                if subtract { v[d] = Float(mean); continue }
                var variance = 0.0
                for t in 0..<frames { let e = Double(data[t * dim + d]) - mean; variance += e * e }
                v[d] = Float(Swift.max((variance / Double(Swift.max(frames, 1))).squareRoot(), 1e-2))
            }
        }
        for t in 0..<frames {
            for d in 0..<dim { if subtract { data[t * dim + d] -= v[d] } else { data[t * dim + d] /= v[d] } }
        }
    }

    func callPreProcess(_ hook: ConfigValue, audio: [Double], sampleRate: Int, what: String) throws -> [Double] {
        let arg = NumpyInterop.array(audio, shape: [audio.count], float32: false)
        let r = try callHook(hook, "pre_process", [], [("audio", arg), ("sample_rate", .int(sampleRate)), ("random_state", .none)], what: what)
        guard let (values, shape) = NumpyInterop.contents(r), shape.count == 1 else {
            throw AudioFeatureError(option: "pre_process", message: "must return a 1-D array of samples for \(what), got \(r.typeName)")
        }
        return values
    }

    func callPostProcess(_ hook: ConfigValue, _ data: [Float], frames: Int, what: String, seqName: String?) throws -> (Int, [Float]) {
        let arg = NumpyInterop.array(data.map { Double($0) }, shape: [frames, featureDimension], float32: true)
        let r = try callHook(hook, "post_process", [arg], [("seq_name", seqName.map { .str($0) } ?? .none)], what: what)
        guard let (values, shape) = NumpyInterop.contents(r), shape.count == 2, shape[1] == featureDimension else {
            throw AudioFeatureError(option: "post_process", message: "must return an array of shape (time, \(featureDimension)) for \(what), got \(NumpyInterop.contents(r).map { "shape \($0.shape)" } ?? r.typeName)")
        }
        return (shape[0], values.map { Float($0) })
    }

    func callHook(_ hook: ConfigValue, _ name: String, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)], what: String) throws -> ConfigValue {
        do { return try hook.call(args, kwargs) } catch var e as ConfigError {
            e.message = "audio option '\(name)' failed for \(what): \(e.message)"
            if e.location == nil { e.location = hook.location }
            throw e
        }
    }
}
