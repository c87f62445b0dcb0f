import ReturnnVersionInfo

/// What a checkpoint records besides tensors, stored as `__metadata__` strings in both of its
/// files: epoch, global train step, format version, the writing program's version and the
/// effective learning rate (RETURNN's PyTorch checkpoint keeps the same fields).
public struct CheckpointMetadata: Sendable, Equatable {
    /// The format version this build writes; files with a higher one are rejected.
    public static let currentFormatVersion = 1

    /// Metadata keys.
    public enum Key {
        /// `returnn_checkpoint_version`: the format version.
        public static let formatVersion = "returnn_checkpoint_version"
        /// `returnn_version`: the program that wrote the file.
        public static let returnnVersion = "returnn_version"
        /// `epoch`: the epoch just finished when the model was saved.
        public static let epoch = "epoch"
        /// `global_step`: number of train steps done so far over all epochs.
        public static let globalStep = "global_step"
        /// `effective_learning_rate`: the learning rate of the last update (optional).
        public static let effectiveLearningRate = "effective_learning_rate"
        /// `content`: `params` or `optimizer`, saying which half of a checkpoint a file is.
        public static let content = "content"
    }

    /// The epoch just finished (0 for an initial model, e.g. `save_epoch1_initial_model`).
    public var epoch: Int
    /// Train steps done so far over all epochs (RETURNN's `global_train_step`).
    public var globalStep: Int
    /// The learning rate the last update used, if known.
    public var effectiveLearningRate: Double?
    /// Format version of the file.
    public var formatVersion: Int
    /// Version string of the program that wrote it, e.g. `swift-returnn 0.1.0`.
    public var returnnVersion: String

    /// Metadata for a checkpoint written now by this program.
    public init(epoch: Int, globalStep: Int, effectiveLearningRate: Double? = nil,
                formatVersion: Int = CheckpointMetadata.currentFormatVersion,
                returnnVersion: String = ReturnnVersion.description)
    {
        self.epoch = epoch
        self.globalStep = globalStep
        self.effectiveLearningRate = effectiveLearningRate
        self.formatVersion = formatVersion
        self.returnnVersion = returnnVersion
    }

    /// The string dictionary stored in a file (`content` is added by `Checkpoint`).
    /// The learning rate is written with Swift's shortest round-trip formatting.
    public var strings: [String: String] {
        var d = [
            Key.formatVersion: String(formatVersion),
            Key.returnnVersion: returnnVersion,
            Key.epoch: String(epoch),
            Key.globalStep: String(globalStep),
        ]
        if let lr = effectiveLearningRate { d[Key.effectiveLearningRate] = String(lr) }
        return d
    }

    /// Reads the metadata of `file`; nil when the file has none of ours (e.g. written by
    /// another program). Malformed values or a newer format version throw.
    public init?(strings d: [String: String], file: String) throws {
        guard let v = d[Key.formatVersion] else { return nil }
        func bad(_ key: String, _ value: String?) -> CheckpointError {
            CheckpointError(.format, "\(file): checkpoint metadata '\(key)' is \(value.map { "'\($0)'" } ?? "missing"), expected an integer (the file is damaged; use another epoch's model)")
        }
        guard let version = Int(v) else { throw bad(Key.formatVersion, v) }
        guard version <= Self.currentFormatVersion else {
            throw CheckpointError(.format, "\(file): checkpoint format version \(version) is newer than this program supports (\(Self.currentFormatVersion)); use a newer swift-returnn")
        }
        guard let e = d[Key.epoch], let epoch = Int(e) else { throw bad(Key.epoch, d[Key.epoch]) }
        guard let s = d[Key.globalStep], let step = Int(s) else { throw bad(Key.globalStep, d[Key.globalStep]) }
        var lr: Double?
        if let l = d[Key.effectiveLearningRate] {
            guard let x = Double(l) else {
                throw CheckpointError(.format, "\(file): checkpoint metadata '\(Key.effectiveLearningRate)' is '\(l)', expected a number (the file is damaged)")
            }
            lr = x
        }
        self.init(epoch: epoch, globalStep: step, effectiveLearningRate: lr, formatVersion: version,
                  returnnVersion: d[Key.returnnVersion] ?? "")
    }
}
