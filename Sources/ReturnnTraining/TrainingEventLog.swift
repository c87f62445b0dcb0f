import Foundation
import ReturnnConfig
import ReturnnNetwork
import ReturnnTFFormats

/// TensorBoard event files of a training run (upstream's TF engine writes them with
/// `tf.summary.FileWriter`), with upstream's directories and tags where upstream logs the quantity.
///
/// Directory (`tf_log_dir`): the option's value if set (`None` or `""` writes nothing), else the
/// directory of `model`, else of the first `log` file, else nothing (as upstream: a `model` without
/// a directory part also writes nothing). In it:
/// - `train-<UTC start time>/`: per train step, at step = global train step before the update,
///   `objective/loss/loss_<layer>` and `objective/loss/error_<layer>` (the step's loss and frame
///   error per target frame, as upstream's `loss_%s`/`error_%s` summaries),
///   `objective/loss` (summed loss of the objective, scaled, normalized only with
///   `use_normalized_loss`), `objective/objective`, and `learning_rate` (the step's effective
///   learning rate; upstream logs none).
/// - `<dataset>-<UTC start time>/` for each eval dataset (`dev`, `eval`, ...): per epoch, at the
///   global train step after that epoch, the epoch's `objective/loss/loss_<layer>` and
///   `objective/loss/error_<layer>` (the scores also in the learning-rate file). Upstream writes
///   a new `dev-<epoch>-<time>/` directory per epoch with per-step values instead.
///
/// Events are flushed after every epoch and at the end.
///
/// ```python
/// tf_log_dir = "tensorboard"   # or None for no event files
/// ```
final class TrainingEventLog {
    /// The log directory the runs' subdirectories go in.
    let directory: String
    /// `%Y-%m-%d-%H-%M-%S` (UTC) of the start, upstream's `get_utc_start_time_filename_part`.
    let startPart: String
    /// `use_normalized_loss`: whether `objective/loss` sums normalized losses.
    let useNormalizedLoss: Bool
    private var train: EventFileWriter?
    private var evals: [String: EventFileWriter] = [:]

    /// The event log for `config`, or nil when no directory results (see the type).
    init?(config: Config, model: String?, useNormalizedLoss: Bool, startTime: Date = Date()) throws {
        var dir: String?
        if config.has("tf_log_dir") {
            dir = try config.value("tf_log_dir", default: nil)
        } else if let model {
            dir = (model as NSString).deletingLastPathComponent
        } else if let logFile = try config.value("log", default: nil, index: 0) {
            dir = (logFile as NSString).deletingLastPathComponent
        }
        guard let dir, !dir.isEmpty, dir != "None" else { return nil }
        directory = dir
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd-HH-mm-ss"
        startPart = f.string(from: startTime)
        self.useNormalizedLoss = useNormalizedLoss
    }

    /// The directory of dataset `name`'s run.
    func runDirectory(_ name: String) -> String {
        (directory as NSString).appendingPathComponent("\(name)-\(startPart)")
    }

    /// Logs one train step (`step` = global train step before its update).
    func trainStep(step: Int, losses: [LossOutput], objective: Double?, learningRate: Double?) throws {
        if train == nil { train = try open("train") }
        var values: [(String, Float)] = []
        var total = 0.0
        for l in losses {
            let value = Double(l.value.value.scalar)
            values.append(("objective/loss/loss_\(l.name)", Float(value / max(l.normalizer, 1e-300))))
            if let e = l.error { values.append(("objective/loss/error_\(l.name)", Float(e / max(l.normalizer, 1e-300)))) }
            if l.inObjective { total += l.scale * (useNormalizedLoss ? value / max(l.normalizer, 1e-300) : value) }
        }
        if !losses.isEmpty { values.append(("objective/loss", Float(total))) }
        if let objective { values.append(("objective/objective", Float(objective))) }
        if let learningRate { values.append(("learning_rate", Float(learningRate))) }
        try train?.addScalars(step: step, values)
    }

    /// Logs the epoch scores of eval dataset `name` at `step` (the global train step after the
    /// epoch) and flushes.
    func evalEpoch(_ name: String, scores: EpochScores, step: Int) throws {
        if evals[name] == nil { evals[name] = try open(name) }
        var values: [(String, Float)] = []
        for (k, v) in scores.score { values.append(("objective/loss/loss_\(k.dropFirst("cost:".count))", Float(v))) }
        for (k, v) in scores.error { values.append(("objective/loss/error_\(k.dropFirst("error:".count))", Float(v))) }
        try evals[name]?.addScalars(step: step, values)
        try evals[name]?.flush()
    }

    /// Writes buffered train events (after each epoch).
    func flush() throws {
        try train?.flush()
    }

    /// Flushes and closes all files.
    func close() {
        train?.close()
        for w in evals.values { w.close() }
    }

    private func open(_ name: String) throws -> EventFileWriter {
        do { return try EventFileWriter(directory: runDirectory(name)) } catch let e as TFFormatError {
            throw EngineError(e.message)
        }
    }
}
