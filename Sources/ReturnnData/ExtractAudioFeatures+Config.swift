import ReturnnConfig

extension ExtractAudioFeatures {
    /// Builds the extractor from the `audio` option dict of `OggZipDataset` (upstream's
    /// `ExtractAudioFeatures(**audio)` kwargs): `window_len`, `step_len`, `num_feature_filters`,
    /// `with_delta`, `norm_mean`, `norm_std_dev`, `features`, `feature_options`, `random_permute`
    /// (only None/False), `sample_rate`, `num_channels` (only None), `peak_normalization`,
    /// `preemphasis`, `join_frames`, `pre_process`, `post_process`, `raw_ogg_opts` (only None).
    /// Unknown keys fail with "did you mean"; `context` names the dict ("dataset train.audio").
    public static func make(_ value: ConfigValue, context: String) throws -> ExtractAudioFeatures {
        var r = try OptionReader(value, context: context)
        do {
            let e = try read(&r)
            try r.finish()
            return e
        } catch let e as AudioFeatureError {
            try r.checkTypos()
            throw ConfigError(.value, "\(context).\(e.option): \(e.message)", at: r.dict.get(e.option)?.location ?? value.location)
        }
    }

    static func read(_ r: inout OptionReader) throws -> ExtractAudioFeatures {
        let fv = r.optionalValue("features")
        let featureName = fv.flatMap { $0.isNone ? nil : $0 }.map { $0.stringValue } ?? "mfcc"
        guard let featureName else {
            throw AudioFeatureError(option: "features", message: "a feature function is not supported here; use one of \(AudioFeatureType.allCases.map(\.rawValue))")
        }
        guard let features = AudioFeatureType(rawValue: featureName) else {
            let upstreamOnly = ["raw_ogg", "f0"].contains(featureName)
            throw AudioFeatureError(option: "features", message: "'\(featureName)' is \(upstreamOnly ? "an upstream feature type that is not supported here" : "unknown"); use one of \(AudioFeatureType.allCases.map(\.rawValue))")
        }
        var withDelta = 0
        if let v = r.optionalValue("with_delta"), !v.isNone {
            switch v.kind {
            case .bool(let b): withDelta = b ? 1 : 0
            case .int(let i): withDelta = i
            default: throw AudioFeatureError(option: "with_delta", message: "expected a bool or an int, got \(v.typeName) \(v.repr)")
            }
        }
        var options = AudioFeatureOptions()
        if let fo = try r.optionalDict("feature_options") {
            var f = fo
            let allowed = Set(features.featureOptionKeys)
            if let bad = f.dict.keys.compactMap({ $0.stringValue }).first(where: { !allowed.contains($0) }) {
                throw AudioFeatureError(option: "feature_options", message: "'\(bad)' is not an option of features='\(featureName)' (accepted: \(features.featureOptionKeys.isEmpty ? "none" : features.featureOptionKeys.joined(separator: ", ")))")
            }
            options.numMels = try f.int("n_mels", default: 128)
            options.fmin = try f.double("fmin", default: 0)
            options.fmax = try f.optionalDouble("fmax")
            options.minAmp = try f.double("min_amp", default: 1e-10)
            options.center = try f.bool("center", default: true)
            if options.numMels < 1 { throw AudioFeatureError(option: "feature_options", message: "n_mels must be >= 1, got \(options.numMels)") }
            if options.fmin < 0 { throw AudioFeatureError(option: "feature_options", message: "fmin must be >= 0, got \(options.fmin)") }
            if options.minAmp <= 0 { throw AudioFeatureError(option: "feature_options", message: "min_amp must be > 0, got \(options.minAmp)") }
            try f.finish()
        }
        if let v = r.optionalValue("random_permute"), v.isTruthy {
            throw AudioFeatureError(option: "random_permute", message: "audio perturbation (random scale/zoom/stretch/pitch) is not supported; remove it or set None")
        }
        if let v = r.optionalValue("num_channels"), !v.isNone {
            throw AudioFeatureError(option: "num_channels", message: "multi-channel audio is not supported (upstream allows it only for features='raw'); remove it")
        }
        if let v = r.optionalValue("raw_ogg_opts"), !v.isNone {
            throw AudioFeatureError(option: "raw_ogg_opts", message: "features='raw_ogg' is not supported; remove raw_ogg_opts")
        }
        _ = r.optionalValue("random_state")
        let withCount = (withDelta + 1) * (try r.optionalInt("num_feature_filters") ?? features.defaultNumFilters) * (try r.optionalInt("join_frames") ?? 1)
        func hook(_ key: String) throws -> ConfigValue? {
            guard let v = r.optionalValue(key), !v.isNone else { return nil }
            guard v.isCallable else { throw AudioFeatureError(option: key, message: "expected a function or None, got \(v.typeName)") }
            return v
        }
        let preemphasis = try r.optionalDouble("preemphasis")
        return try ExtractAudioFeatures(
            features: features, windowLen: try r.double("window_len", default: 0.025), stepLen: try r.double("step_len", default: 0.010),
            numFeatureFilters: try r.optionalInt("num_feature_filters"), withDelta: withDelta,
            normMean: try norm(r.optionalValue("norm_mean"), option: "norm_mean", dim: withCount),
            normStdDev: try norm(r.optionalValue("norm_std_dev"), option: "norm_std_dev", dim: withCount),
            featureOptions: options, sampleRate: try r.optionalInt("sample_rate"),
            peakNormalization: try r.bool("peak_normalization", default: true), preemphasis: preemphasis,
            joinFrames: try r.optionalInt("join_frames"), preProcess: try hook("pre_process"), postProcess: try hook("post_process"))
    }

    /// `norm_mean` / `norm_std_dev`: None, a number, "per_seq", a norm file (`numpy.loadtxt`), or
    /// a list/array of `dim` numbers.
    static func norm(_ v: ConfigValue?, option: String, dim: Int) throws -> Norm? {
        guard let v, !v.isNone else { return nil }
        switch v.kind {
        case .int(let i): return .scalar(Float(i))
        case .float(let d): return .scalar(Float(d))
        case .str("per_seq"): return .perSeq
        case .str(let path):
            let (values, shape): ([Double], [Int])
            do { (values, shape) = try NumpyInterop.loadText(path: path) } catch let e as ConfigError {
                throw AudioFeatureError(option: option, message: "cannot read norm file '\(path)': \(e.message)")
            }
            guard shape.count == 1 else {
                throw AudioFeatureError(option: option, message: "norm file '\(path)' must hold one vector of \(dim) numbers, got shape \(shape)")
            }
            return .vector(values.map { Float($0) })
        default:
            guard let (values, shape) = NumpyInterop.contents(v), shape.count == 1 else {
                throw AudioFeatureError(option: option, message: "expected a number, 'per_seq', a file name or a vector of \(dim) numbers, got \(v.typeName) \(v.repr)")
            }
            return .vector(values.map { Float($0) })
        }
    }
}
