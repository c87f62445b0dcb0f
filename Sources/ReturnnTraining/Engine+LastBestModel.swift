import ReturnnConfig

/// Config `use_last_best_model` (upstream `Engine._maybe_use_better_last_model`): at the start of
/// an epoch, when the previous epoch's model is not the best of the recent ones, training goes on
/// from the best one instead (its parameters; the optimizer state starts fresh).
///
/// ```python
/// use_last_best_model = {"modulo": 5, "filter_score": 1.5, "only_last_n": 5, "min_score_dist": 0.2}
/// ```
/// Only every `modulo`-th epoch (default 1) looks back, unless the previous epoch's score is above
/// `filter_score`. The other keys are those of `get_last_best_epoch`: `first_epoch` (default: the
/// first epoch after pretraining), `only_last_epochs`, `filter_score`, `only_last_n`,
/// `min_score_dist`.
struct LastBestModelOptions {
    var modulo = 1
    var firstEpoch: Int?
    var onlyLastEpochs: Int?
    var filterScore = Double.infinity
    var onlyLastN = -1
    var minScoreDist = 0.0

    /// Reads `use_last_best_model`; nil when it is absent or false.
    init?(config: Config) throws {
        guard let v = config.typedValue("use_last_best_model"), v.isTruthy else { return nil }
        guard v.dictValue != nil else { return }
        var r = try OptionReader(v, context: "use_last_best_model")
        modulo = try r.int("modulo", default: 1)
        guard modulo >= 1 else { throw ConfigError(.value, "use_last_best_model: modulo must be >= 1, got \(modulo)", at: v.location) }
        firstEpoch = try r.optionalInt("first_epoch")
        onlyLastEpochs = try r.optionalInt("only_last_epochs")
        filterScore = try r.optionalDouble("filter_score") ?? .infinity
        onlyLastN = try r.int("only_last_n", default: -1)
        minScoreDist = try r.optionalDouble("min_score_dist") ?? 0
        try r.finish()
    }
}

extension Engine {
    /// Before training `epoch` (not pretraining): loads the best recent model when the previous
    /// epoch's is not it, and resets the optimizer state.
    func maybeUseBetterLastModel(_ options: LastBestModelOptions, epoch: Int, firstTrainEpoch: Int, lrc: LearningRateControl,
                                 updater: Updater) throws {
        guard let m = settings.model, epoch > 1 else { return }
        if epoch % options.modulo != 0, (lrc.epochErrorValue(epoch - 1) ?? 0) <= options.filterScore { return }
        guard let best = lrc.lastBestEpoch(lastEpoch: epoch - 1, firstEpoch: options.firstEpoch ?? firstTrainEpoch,
                                           onlyLastEpochs: options.onlyLastEpochs, filterScore: options.filterScore,
                                           onlyLastN: options.onlyLastN, minScoreDist: options.minScoreDist),
              best != epoch - 1, let bestValue = lrc.epochErrorValue(best) else { return }
        let file = ModelFiles.epochModelFilename(model: m, epoch: best)
        log.v2("Last epoch \(epoch - 1) (score: \(String(format: "%f", lrc.epochErrorValue(epoch - 1) ?? .nan))) is not the optimal model " +
               "but epoch \(best) has better score \(String(format: "%f", bestValue)), will use that model.")
        let (params, _) = try Checkpoint.loadParams(from: file)
        try loadParameters(params, file: file, skipping: [])
        updater.resetSlots()
    }
}
