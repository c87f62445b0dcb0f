import ReturnnConfig

/// One reported score or error of an epoch, as the engine passes it to `setEpochError`: a single
/// value, or the per-loss values of a Runner (`{"cost:output": x, "cost:out2": y}`).
public enum EpochErrorValue {
    /// A single value (stored under its key).
    case value(Double)
    /// Per-loss values: one entry is stored under the key itself; several are stored under
    /// `key + "_" + <part after the first ":">` (`dev_score_output`, `dev_score_out2`).
    case dict([(String, Double)])
}

/// Scores and errors per epoch, the error key the rules decide on, and the best epoch.
extension LearningRateControl {
    /// Adds the scores/errors of `epoch` (upstream `set_epoch_error`), e.g.
    /// `[("dev_score", .dict([("cost:output", 0.3)])), ("dev_error", .value(0.1))]`. An epoch without
    /// a learning rate gets one first (which throws only when a decay callable fails).
    public func setEpochError(_ epoch: Int, _ errors: [(String, EpochErrorValue)]) throws {
        if epochData[epoch] == nil {
            log?.v4("Learning rate not set for epoch \(epoch). Assuming default.")
            _ = try learningRate(forEpoch: epoch)
        }
        var flat: [(String, Double)] = []
        for (key, value) in errors {
            switch value {
            case .value(let v): flat.append((key, v))
            case .dict(let parts) where parts.count == 1: flat.append((key, parts[0].1))
            case .dict(let parts):
                for (sub, v) in parts {
                    let name = sub.firstIndex(of: ":").map { String(sub[sub.index(after: $0)...]) } ?? sub
                    flat.append((key + "_" + name, v))
                }
            }
        }
        for (k, v) in flat { epochData[epoch]![k] = v }
        if epoch == 1 {
            let shown = flat.map { "\(ConfigValue.str($0.0).repr): \(ConfigValue.float($0.1).repr)" }.joined(separator: ", ")
            log?.v4("Learning-rate-control: error key \(errorKey(forEpoch: epoch).map { ConfigValue.str($0).repr } ?? "None") from {\(shown)}")
        }
    }

    /// The scores and errors of `epoch` without meta entries (upstream `get_epoch_error_dict`).
    public func epochErrors(_ epoch: Int) -> [(key: String, value: Double)] { epochData[epoch]?.scores ?? [] }

    /// The key whose value the rules compare for `epoch` (upstream `get_error_key`), the first
    /// present of: `learning_rate_control_error_measure` (each also + `_output`), `dev_score`,
    /// `dev_score_output`, `dev_score_output/output*`, `dev_score_output/*`, any `dev_*`,
    /// `train_score`, `train_score_output`, else the smallest key. For an unknown epoch: the first
    /// configured measure; nil when the epoch has no scores.
    public func errorKey(forEpoch epoch: Int) -> String? {
        guard let data = epochData[epoch] else { return options.errorMeasureKeys.first }
        let scores = data.scores
        if scores.isEmpty { return nil }
        let present = Set(scores.map(\.key))
        if present.count == 1 && present.contains("old_format_score") { return "old_format_score" }
        let sorted = present.sorted(by: Self.pythonLess)
        var candidates = options.errorMeasureKeys.flatMap { [$0, $0 + "_output"] }
        candidates += ["dev_score", "dev_score_output"]
        if let k = candidates.first(where: present.contains) { return k }
        if let k = sorted.first(where: { $0 == "dev_score_output/output" || $0.hasPrefix("dev_score_output/output_") }) { return k }
        if let k = sorted.first(where: { $0.hasPrefix("dev_score_output/") }) { return k }
        if let k = sorted.first(where: { $0.hasPrefix("dev_") }) { return k }
        if let k = ["train_score", "train_score_output"].first(where: present.contains) { return k }
        return sorted.first
    }

    /// The value under `errorKey(forEpoch:)`, with its key; nil when the epoch has no scores
    /// (upstream `get_epoch_error_key_value`).
    public func epochErrorKeyValue(_ epoch: Int) -> (key: String, value: Double)? {
        guard let data = epochData[epoch], let key = errorKey(forEpoch: epoch), let v = data[key] else { return nil }
        return (key, v)
    }

    /// The value under `errorKey(forEpoch:)` (upstream `get_epoch_error_value`).
    public func epochErrorValue(_ epoch: Int) -> Double? { epochErrorKeyValue(epoch)?.value }

    /// (new - old) / |new| (or / |old| with `newbob_relative_error_div_by_old`), divided by
    /// (most recent lr / `learning_rate`) with `learning_rate_control_relative_error_relative_lr`;
    /// nil when an epoch has no scores or the two use different keys (upstream
    /// `calc_relative_error`). A zero divisor gives ±inf or nan (upstream raises
    /// ZeroDivisionError).
    public func relativeError(oldEpoch: Int, newEpoch: Int) -> Double? {
        guard let old = epochErrorKeyValue(oldEpoch), let new = epochErrorKeyValue(newEpoch), old.key == new.key else { return nil }
        var rel = (new.value - old.value) / abs(options.relativeErrorDivByOld ? old.value : new.value)
        if options.relativeErrorAlsoRelativeToLearningRate {
            let lr = mostRecentLearningRate(epoch: newEpoch, excludeCurrent: false)
            if lr > 0 { rel /= lr / options.defaultLearningRate }
        }
        return rel
    }

    /// The epoch in `firstEpoch...lastEpoch` with the lowest error value (upstream
    /// `get_last_best_epoch`, used by `use_last_best_model`): only epochs whose key equals the
    /// latest one's, with value ≤ `filterScore`, of those the last `onlyLastN` (if ≥ 1), and only
    /// those better than the latest value by more than `minScoreDist`. Ties go to the earlier
    /// epoch.
    public func lastBestEpoch(lastEpoch: Int, firstEpoch: Int = 1, onlyLastEpochs: Int? = nil, filterScore: Double = .infinity,
                              onlyLastN: Int = -1, minScoreDist: Double = 0) -> Int?
    {
        var first = firstEpoch
        if let n = onlyLastEpochs, n != 0 { first = max(first, lastEpoch - n + 1) }
        guard first <= lastEpoch else { return nil }
        let known = (first...lastEpoch).compactMap { ep in epochErrorKeyValue(ep).map { (key: $0.key, value: $0.value, epoch: ep) } }
        guard let latest = known.last else { return nil }
        var values = known.filter { $0.key == latest.key && $0.value <= filterScore }
        if values.isEmpty { return nil }
        if onlyLastN >= 1 { values = Array(values.suffix(onlyLastN)) }
        values = values.filter { $0.value + minScoreDist < latest.value }
        return values.min { ($0.value, $0.epoch) < ($1.value, $1.epoch) }?.epoch
    }

    /// Python's `str` ordering (by code point, which UTF-8 byte order preserves).
    static func pythonLess(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
