import ReturnnConfig
import ReturnnData

/// The engine's config options, read once at start (spec §2.3, §5).
struct EngineSettings {
    var model: String?
    var numEpochs: Int
    var saveInterval: Int
    var randomSeed: UInt64
    var useNormalizedLoss: Bool
    var decoupleConstraints: Bool
    var stopOnNonfiniteTrainScore: Bool
    /// `batch_size`: an int, or a dict of data key to int (upstream's NumbersDict).
    var batchSize: NumbersDict
    var maxSeqs: Int
    var maxSeqLength: NumbersDict?
    var minSeqLength: Int
    var seqDrop: Double
    var learningRate: Double
    var pretrainLearningRate: Double
    var useLearningRateControlAlways: Bool
    var saveEpoch1InitialModel: Bool
    var loadIgnoreMissingVars: Bool
    /// `checkpoint_format` (see `CheckpointFormat`).
    var checkpointFormat: CheckpointFormat

    init(config: Config) throws {
        model = try config.value("model", default: nil)
        numEpochs = try config.int("num_epochs", default: 5) ?? 5
        saveInterval = try config.int("save_interval", default: 1) ?? 1
        randomSeed = UInt64(truncatingIfNeeded: try config.int("random_seed", default: 42) ?? 42)
        useNormalizedLoss = try config.bool("use_normalized_loss", default: false) ?? false
        decoupleConstraints = try config.bool("decouple_constraints", default: false) ?? false
        stopOnNonfiniteTrainScore = try config.bool("stop_on_nonfinite_train_score", default: true) ?? true
        // Upstream's TF engine reads batch_size with typed_value("batch_size", 1), which ignores an
        // untyped value (line-based configs, `++batch_size` of a key the config does not set) and
        // trains with batches of one frame; we read it as the int it says (differences.md).
        if let typed = config.typedValue("batch_size") {
            batchSize = try Self.numbersDict(typed, key: "batch_size", config: config) ?? NumbersDict(1)
        } else {
            batchSize = NumbersDict(try config.int("batch_size", default: 1) ?? 1)
        }
        maxSeqs = try config.int("max_seqs", default: -1) ?? -1
        if let v = config.typedValue("max_seq_length") {
            if let n = v.intValue {
                maxSeqLength = n == 0 ? nil : n < 0 ? NumbersDict(["classes": -n]) : NumbersDict(n)
            } else {
                maxSeqLength = try Self.numbersDict(v, key: "max_seq_length", config: config)
            }
        } else if let n = try config.int("max_seq_length", default: nil), n != 0 {
            maxSeqLength = n < 0 ? NumbersDict(["classes": -n]) : NumbersDict(n)
        }
        minSeqLength = try config.int("min_seq_length", default: 0) ?? 0
        seqDrop = try config.float("seq_drop", default: 0) ?? 0
        learningRate = try config.float("learning_rate", default: 1) ?? 1
        pretrainLearningRate = try config.float("pretrain_learning_rate", default: learningRate) ?? learningRate
        useLearningRateControlAlways = try config.bool("use_learning_rate_control_always", default: false) ?? false
        saveEpoch1InitialModel = try config.bool("save_epoch1_initial_model", default: false) ?? false
        loadIgnoreMissingVars = try config.bool("load_ignore_missing_vars", default: false) ?? false
        checkpointFormat = try CheckpointFormat(config: config)
        guard saveInterval >= 1 else { throw config.keyError("save_interval", "must be >= 1, got \(saveInterval)") }
    }

    /// An int or a dict of data key to int, as upstream's NumbersDict takes it; `None` gives nil.
    /// Anything else is a located error (a string such as "lots" used to become 1).
    static func numbersDict(_ v: ConfigValue, key: String, config: Config) throws -> NumbersDict? {
        if v.isNone { return nil }
        if let n = v.intValue { return NumbersDict(n) }
        guard let d = v.dictValue else {
            throw config.keyError(key, "expected an int or a dict of data key to int, got \(v.typeName) \(v.repr)")
        }
        var pairs: [(String, Int)] = []
        for (k, x) in d.entries {
            guard let ks = k.stringValue, let n = x.intValue else {
                throw config.keyError(key, "expected a dict of data key to int, got the entry \(k.repr): \(x.repr)")
            }
            pairs.append((ks, n))
        }
        return NumbersDict(orderedPairs: pairs.sorted { $0.0 < $1.0 })
    }

    /// Batching for a pass; `max_seq_length` only for train and "dev" (upstream).
    func batching(recurrent: Bool, usedKeys: [String], applyMaxSeqLength: Bool, batchSize bs: Int? = nil) throws -> BatchingOptions {
        try BatchingOptions(recurrent: recurrent, batchSize: bs.map { NumbersDict($0) } ?? batchSize, maxSeqs: maxSeqs == -1 ? nil : maxSeqs,
                            maxSeqLength: applyMaxSeqLength ? maxSeqLength : nil, minSeqLength: NumbersDict(minSeqLength),
                            usedDataKeys: Set(usedKeys), seqDrop: seqDrop)
    }
}
