import ReturnnConfig

/// The gradient post-processing options of one parameter: the config's global values, overridden
/// per layer by `updater_opts` (RETURNN `Updater._post_process_grad`; 0 / None means off).
struct UpdaterOptions: Equatable {
    /// `accum_grad_multiple_step`: sum the gradients of N steps; apply when `step % N == N−1`.
    var accumGradMultipleStep = 0
    /// `gradient_noise`: stddev of truncated-normal noise added to the gradient.
    var gradientNoise = 0.0
    /// `gradient_clip`: element-wise clip to [−c, c].
    var gradientClip = 0.0
    /// `gradient_clip_norm`: clip the L2 norm of this parameter's gradient.
    var gradientClipNorm = 0.0
    /// `gradient_clip_avg_norm`: clip the L2 norm divided by the element count.
    var gradientClipAvgNorm = 0.0
    /// `gradient_clip_global_norm`: scale by c / max(global norm, c).
    var gradientClipGlobalNorm = 0.0
    /// `global_norm_tag`: the global norm is over the parameters with this tag only.
    var globalNormTag: String?
    /// `gradient_clip_global_norm_tag` (default `global_norm_tag`).
    var gradientClipGlobalNormTag: String?
    /// `grad_norm_to_clip_to_zero`: zero the gradient when the global norm is above it (or nan/inf).
    var gradNormToClipToZero = 0.0
    /// `gradient_nan_inf_filter`: replace nan and inf by 0.
    var gradientNanInfFilter = false
    /// `tags` (updater_opts only): tags of this layer's parameters, for `global_norm_tag`.
    var tags: [String] = []

    /// The global options of `config`.
    static func global(_ config: Config) throws -> UpdaterOptions {
        var o = UpdaterOptions()
        o.accumGradMultipleStep = try config.int("accum_grad_multiple_step", default: 0) ?? 0
        o.gradientNoise = try positive(config, "gradient_noise")
        o.gradientClip = try positive(config, "gradient_clip")
        o.gradientClipNorm = try positive(config, "gradient_clip_norm")
        o.gradientClipAvgNorm = try positive(config, "gradient_clip_avg_norm")
        o.gradientClipGlobalNorm = try positive(config, "gradient_clip_global_norm")
        o.globalNormTag = try config.value("global_norm_tag", default: nil)
        o.gradientClipGlobalNormTag = try config.value("gradient_clip_global_norm_tag", default: nil) ?? o.globalNormTag
        o.gradNormToClipToZero = try config.float("grad_norm_to_clip_to_zero", default: 0) ?? 0
        o.gradientNanInfFilter = try config.bool("gradient_nan_inf_filter", default: false) ?? false
        if let m = try config.float("maximize_grad_norm", default: 0), m != 0 {
            throw unsupportedMaximizeGradNorm(at: config.location(of: "maximize_grad_norm"))
        }
        return o
    }

    /// These options overridden by a layer's `updater_opts` (all keys but `optimizer`, which the
    /// caller reads from the same reader).
    func overridden(by r: inout OptionReader) throws -> UpdaterOptions {
        var o = self
        o.accumGradMultipleStep = try r.int("accum_grad_multiple_step", default: o.accumGradMultipleStep)
        o.gradientNoise = try positive(&r, "gradient_noise", o.gradientNoise)
        o.gradientClip = try positive(&r, "gradient_clip", o.gradientClip)
        o.gradientClipNorm = try positive(&r, "gradient_clip_norm", o.gradientClipNorm)
        o.gradientClipAvgNorm = try positive(&r, "gradient_clip_avg_norm", o.gradientClipAvgNorm)
        o.gradientClipGlobalNorm = try positive(&r, "gradient_clip_global_norm", o.gradientClipGlobalNorm)
        let globalTagGiven = r.has("global_norm_tag")
        o.globalNormTag = try r.optionalString("global_norm_tag") ?? (globalTagGiven ? nil : o.globalNormTag)
        if r.has("gradient_clip_global_norm_tag") {
            o.gradientClipGlobalNormTag = try r.optionalString("gradient_clip_global_norm_tag")
        } else if globalTagGiven {
            o.gradientClipGlobalNormTag = o.globalNormTag
        }
        o.gradNormToClipToZero = try r.double("grad_norm_to_clip_to_zero", default: o.gradNormToClipToZero)
        o.gradientNanInfFilter = try r.bool("gradient_nan_inf_filter", default: o.gradientNanInfFilter)
        o.tags = try r.optionalStringList("tags") ?? []
        if let v = r.optionalValue("maximize_grad_norm"), v.doubleValue ?? 0 != 0 {
            throw Self.unsupportedMaximizeGradNorm(at: v.location)
        }
        _ = r.optionalValue("debug_grad_summaries")
        return o
    }

    /// Whether any option changes the gradient (else the optimizer reads the raw or accumulated
    /// gradient directly, without a copy).
    var modifiesGradient: Bool {
        gradientNoise > 0 || gradientClip > 0 || gradientClipNorm > 0 || gradientClipAvgNorm > 0 || gradientClipGlobalNorm > 0
            || gradientNanInfFilter || gradNormToClipToZero > 0
    }

    /// Whether the optimizer applies at `step` (always without accumulation).
    func applies(atStep step: Int) -> Bool {
        accumGradMultipleStep < 1 || step % accumGradMultipleStep == accumGradMultipleStep - 1
    }

    private static func unsupportedMaximizeGradNorm(at loc: SourceLocation?) -> ConfigError {
        ConfigError(.unsupported, "maximize_grad_norm needs second-order gradients, which swift-returnn does not have; "
                    + "remove the option", at: loc)
    }

    private static func positive(_ config: Config, _ key: String) throws -> Double {
        let v = try config.float(key, default: 0) ?? 0
        if v < 0 { throw ConfigError(.value, "config key '\(key)' must be > 0 (or 0 for off), got \(v)", at: config.location(of: key)) }
        return v
    }

    private func positive(_ r: inout OptionReader, _ key: String, _ def: Double) throws -> Double {
        let loc = r.dict.get(key)?.location
        let v = try r.double(key, default: def)
        if v < 0 { throw ConfigError(.value, "\(r.context).\(key) must be > 0 (or 0 for off), got \(v)", at: loc) }
        return v
    }
}
