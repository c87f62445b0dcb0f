import Foundation
import ReturnnConfig

extension Engine {
    /// After an epoch: `cleanup_old_models` when the config enables it.
    func cleanupIfConfigured(lrc: LearningRateControl) throws {
        guard let opts = try ModelCleanupOptions.fromConfig(config), let m = settings.model else { return }
        _ = try ModelCleanup.run(model: m, finalEpoch: max(settings.numEpochs, lrc.epochData.keys.max() ?? 0),
                                 scores: Engine.scores(lrc), options: opts, dryRun: false, log: log)
    }

    /// Score dicts per epoch from the learning-rate data (meta entries left out).
    static func scores(_ lrc: LearningRateControl) -> [Int: [String: Double]] {
        lrc.epochData.mapValues { d in Dictionary(d.scores.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) }
    }

    /// The `cleanup_old_models` task: asks for confirmation on a terminal (as upstream); without a
    /// terminal, `cleanup_old_models_confirm = True` must be set. `dry_run` in the
    /// `cleanup_old_models` dict only reports.
    public static func cleanupOldModels(config: Config, log: Log) throws {
        guard let model = try config.value("model", default: nil) else { throw EngineError("cleanup_old_models needs 'model'") }
        let options = try ModelCleanupOptions.fromConfig(config) ?? ModelCleanupOptions()
        let lrc = try LearningRateControl(config: config, log: log)
        let preConfirmed = try config.bool("cleanup_old_models_confirm", default: false) ?? false
        let finalEpoch = max(try config.int("num_epochs", default: 5) ?? 5, lrc.epochData.keys.max() ?? 0)
        _ = try ModelCleanup.run(model: model, finalEpoch: finalEpoch, scores: scores(lrc), options: options, dryRun: false,
                                 log: log) {
            if preConfirmed { return true }
            guard isatty(STDIN_FILENO) == 1 else {
                log.v1("Not confirmed: stdin is not a terminal; set cleanup_old_models_confirm = True to delete without asking.")
                return false
            }
            FileHandle.standardOutput.writeOutput("Delete these models? [yes/no] ")
            return readLine()?.lowercased().hasPrefix("y") ?? false
        }
    }
}

/// Writes small text outputs (priors, statistics) atomically: temp file, fsync, rename.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        try SafetensorsAtomicWrite.write(path: path, chunks: [Array(text.utf8)])
    }
}
