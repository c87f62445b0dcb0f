import Foundation

/// `cleanup_old_models`: which old epoch models to delete (RETURNN's
/// `EngineBase.cleanup_old_models`), as a pure decision plus a separate deletion.
///
/// Kept: the last `keep_last_n` stored epochs, the best `keep_best_n` epochs for every score
/// key of the learning-rate data (keys whose values are all equal over the stored epochs are
/// ignored; lower is better, an epoch without the key counts as the worst value), and the
/// epochs of `keep` (default: `defaultKeepPattern`). Nothing is deleted while
/// `max(keep_last_n, keep_best_n) >= ` the number of stored epochs.
public enum ModelCleanup {
    /// RETURNN's default `keep` set for the newest stored epoch `last`: multiples of `every`
    /// and `d * 2^i`, up to `last`:
    ///
    /// | last | every | d |
    /// |---|---|---|
    /// | ≤ 10 | 4 | 5 |
    /// | ≤ 50 | 20 | 5 |
    /// | ≤ 100 | 40 | 10 |
    /// | > 100 | 80 · next_pow2(1 + last / 240) | 20 |
    public static func defaultKeepPattern(lastEpoch last: Int) -> Set<Int> {
        let every: Int, doublesOf: Int
        if last <= 10 {
            (every, doublesOf) = (4, 5)
        } else if last <= 50 {
            (every, doublesOf) = (20, 5)
        } else if last <= 100 {
            (every, doublesOf) = (40, 10)
        } else {
            (every, doublesOf) = (80 * nextPowerOfTwo(1 + last / 240), 20)
        }
        var out = Set<Int>()
        var n = every
        while n <= last { out.insert(n); n += every }
        n = doublesOf
        while n <= last { out.insert(n); n *= 2 }
        return out
    }

    /// The smallest power of two `>= n` for `n >= 1` (`returnn.util.math.next_power_of_two`).
    static func nextPowerOfTwo(_ n: Int) -> Int {
        var p = 1
        while p < n { p *= 2 }
        return p
    }

    /// Decides which of the `stored` epochs to keep and delete, given the `scores` of the
    /// learning-rate data (epoch → score key → value, e.g. `dev_score`, `dev_error`).
    /// Throws when there are epochs to consider but no scores at all (upstream asserts).
    public static func plan(stored: [Int], scores: [Int: [String: Double]], options: ModelCleanupOptions) throws -> ModelCleanupPlan {
        let epochs = Array(Set(stored)).sorted()
        guard let last = epochs.last else {
            return ModelCleanupPlan(keep: [], delete: [], messages: [.init(verbosity: 2, text: "Cannot cleanup models, no models found.")])
        }
        if max(options.keepLastN, options.keepBestN) >= epochs.count {
            let text = "Only \(epochs.count) epochs stored so far and keeping last \(options.keepLastN) epochs and best \(options.keepBestN) epochs, thus not cleaning up any epochs yet."
            return ModelCleanupPlan(keep: epochs, delete: [], messages: [.init(verbosity: 2, text: text)])
        }
        var messages: [ModelCleanupPlan.Message] = []
        var keep = options.keep ?? defaultKeepPattern(lastEpoch: last)
        keep.formUnion(epochs.suffix(options.keepLastN))
        let allKeys = Set(scores.values.flatMap(\.keys)).sorted()
        guard !allKeys.isEmpty else {
            throw CheckpointError(.missing, "cleanup_old_models: the learning-rate data has no scores, so the best epochs are unknown; set learning_rate_file (with the scores of the trained epochs) or turn cleanup_old_models off")
        }
        for key in allKeys {
            let values = epochs.compactMap { scores[$0]?[key] }.map(orderable)
            guard let worst = values.max(), let best = values.min() else {
                messages.append(.init(verbosity: 3, text: "Ignoring score key '\(key)' because all saved epochs dont have the score."))
                continue
            }
            if best == worst {
                messages.append(.init(verbosity: 3, text: "Ignoring score key '\(key)' because all epochs have the same value \(values[0])."))
                continue
            }
            let ranked = epochs.map { (score: scores[$0]?[key].map(orderable) ?? worst, epoch: $0) }
                .sorted { ($0.score, $0.epoch) < ($1.score, $1.epoch) }
            keep.formUnion(ranked.prefix(options.keepBestN).map(\.epoch))
        }
        keep.formIntersection(epochs)
        if keep.count == epochs.count {
            messages.append(.init(verbosity: 2, text: "\(epochs.count) epochs stored so far and keeping all."))
            return ModelCleanupPlan(keep: epochs, delete: [], messages: messages)
        }
        let delete = epochs.filter { !keep.contains($0) }
        let summary = epochs.count > 6
            ? "[\(epochs.prefix(3).map(String.init).joined(separator: ", ")), ..., \(epochs.suffix(3).map(String.init).joined(separator: ", "))]"
            : "[\(epochs.map(String.init).joined(separator: ", "))]"
        messages.append(.init(verbosity: 3, text: "We have stored models for epochs \(summary) and keep epochs [\(keep.sorted().map(String.init).joined(separator: ", "))]."))
        messages.append(.init(verbosity: 3, text: "We will delete the models of epochs [\(delete.map(String.init).joined(separator: ", "))]."))
        return ModelCleanupPlan(keep: keep.sorted(), delete: delete, messages: messages)
    }

    /// A NaN score ranks as the worst possible value.
    private static func orderable(_ x: Double) -> Double { x.isNaN ? .infinity : x }

    /// Deletes the models of `epochs` (names from `existingModels`, see `ModelFiles`) with
    /// `Checkpoint.delete`; returns the bytes freed.
    @discardableResult
    public static func delete(epochs: [Int], existingModels: [Int: String]) throws -> Int {
        var freed = 0
        for e in epochs {
            guard let name = existingModels[e] else {
                preconditionFailure("ModelCleanup.delete: epoch \(e) is not among the existing models")
            }
            freed += try Checkpoint.delete(name)
        }
        return freed
    }

    /// The whole `cleanup_old_models` step as the engine runs it after an epoch: finds the
    /// stored models of `model` (epochs `1...finalEpoch`, parameter file enough), plans with
    /// `scores`, logs the plan's lines, and deletes unless `dryRun` (the `dry_run` option),
    /// logging `Deleted <size>.`. `confirm` (the task asks the user) may veto the deletion.
    /// Returns the plan.
    @discardableResult
    public static func run(model: String, finalEpoch: Int, scores: [Int: [String: Double]], options: ModelCleanupOptions,
                           dryRun: Bool, log: Log, confirm: (() -> Bool)? = nil) throws -> ModelCleanupPlan
    {
        let existing = ModelFiles.existingModels(model: model, finalEpoch: finalEpoch, requireOptimizerState: false)
        let plan = try plan(stored: Array(existing.keys), scores: scores, options: options)
        for m in plan.messages { log.write(m.verbosity, m.text) }
        guard !plan.delete.isEmpty else { return plan }
        if dryRun {
            log.v2("Dry-run, will not delete models.")
            return plan
        }
        if let confirm, !confirm() { return plan }
        let freed = try delete(epochs: plan.delete, existingModels: existing)
        log.v2("Deleted \(humanBytesSize(freed)).")
        return plan
    }

    /// `human_bytes_size`: `n` with K/M/G/T (factor 1024, switching units above 0.8 of the
    /// next one, one decimal) and `B`, e.g. `512B`, `1.5KB`.
    public static func humanBytesSize(_ n: Int) -> String {
        let postfixes = ["", "K", "M", "G", "T"]
        var i = 0
        while i < postfixes.count - 1 && Double(n) > pow(1024, Double(i + 1)) * 0.8 { i += 1 }
        if i == 0 { return "\(n)B" }
        return String(format: "%.1f", Double(n) / pow(1024, Double(i))) + postfixes[i] + "B"
    }
}
