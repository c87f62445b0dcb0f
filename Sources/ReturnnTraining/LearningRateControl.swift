import Foundation
import ReturnnConfig

/// Learning-rate scheduling across epochs (RETURNN `LearningRateControl` in
/// `returnn/learning_rate_control.py`): keeps per epoch the learning rate and the reported scores
/// (`epochData`), picks the learning rate of a new epoch with the configured rule (`type`), and
/// loads and saves the `learning_rate_file` so that a restarted training keeps its history.
///
/// The engine calls, per epoch: `learningRate(forEpoch:)` before training, `setEpochMeta` and
/// `setEpochError` with the train and dev scores after it, and `save()` after each of them.
public final class LearningRateControl {
    /// The rule and its own options (`learning_rate_control`).
    public let type: LearningRateControlType
    /// The options common to all rules.
    public let options: LearningRateControlOptions
    /// What is known per epoch: the learning rate and the scores (upstream `epoch_data`).
    public var epochData: [Int: EpochData] = [:]
    /// Where to print (upstream prints these notes on v4); nil prints nothing.
    let log: Log?

    /// `learning_rate_file`, if set.
    public var filename: String? { options.filename }

    /// Reads `learning_rate_control` and all options from the config, then loads the
    /// `learning_rate_file` if it exists (upstream `load_learning_rate_control_from_config`).
    public convenience init(config: Config, log: Log? = nil) throws {
        try self.init(type: try LearningRateControlType(config: config), options: try LearningRateControlOptions(config: config), log: log)
    }

    /// Creates the control; loads `options.filename` if that file exists, then applies the preset
    /// `learning_rates` to the epochs that have no learning rate yet.
    public init(type: LearningRateControlType, options: LearningRateControlOptions, log: Log? = nil) throws {
        self.type = type
        self.options = options
        self.log = log
        if let filename = options.filename {
            if FileManager.default.fileExists(atPath: filename) {
                log?.v4("Learning-rate-control: loading file \(filename)")
                try load()
            } else {
                log?.v4("Learning-rate-control: file \(filename) does not exist yet")
            }
        } else {
            log?.v4("Learning-rate-control: no file specified, not saving history (no proper restart possible)")
        }
        for preset in options.defaultLearningRates {
            setDefaultLearningRate(preset.learningRate, forEpoch: preset.epoch)
        }
    }

    // MARK: learning rates

    /// The learning rate of `epoch` (upstream `get_learning_rate_for_epoch`): the stored one if the
    /// epoch is known, else computed by the rule and stored. Throws only when a
    /// `learning_rate_decay`/`growth` callable fails.
    public func learningRate(forEpoch epoch: Int) throws -> Double {
        precondition(epoch >= 1, "epochs count from 1")
        if let data = epochData[epoch] { return data.learningRate }
        let lr = try newLearningRate(forEpoch: epoch)
        setDefaultLearningRate(lr, forEpoch: epoch)
        return lr
    }

    /// The learning rate the rule gives `epoch` from the earlier epochs, without storing it
    /// (upstream `calc_new_learning_rate_for_epoch`), honouring
    /// `learning_rate_control_min_num_epochs_per_new_lr`.
    public func newLearningRate(forEpoch epoch: Int) throws -> Double {
        let k = options.minNumEpochsPerNewLearningRate
        if k > 1 {
            let lastRates = lastEpochs(before: epoch, count: k).map { epochData[$0]!.learningRate }
            if let last = lastRates.last, Set(lastRates).count >= 2 || lastRates.count < k {
                return last
            }
        }
        return try ruleLearningRate(forEpoch: epoch)
    }

    /// Stores `learningRate` for `epoch` unless the epoch already has a non-zero learning rate
    /// (upstream `set_default_learning_rate_for_epoch`; used for presets and pretrain epochs).
    public func setDefaultLearningRate(_ learningRate: Double, forEpoch epoch: Int) {
        if epochData[epoch] != nil {
            if epochData[epoch]!.learningRate == 0 { epochData[epoch]!.learningRate = learningRate }
        } else {
            epochData[epoch] = EpochData(learningRate: learningRate)
        }
    }

    /// Overwrites the learning rate of `epoch` (a `learning_rate` in a net dict's `#config`).
    public func setLearningRate(_ learningRate: Double, forEpoch epoch: Int) {
        if epochData[epoch] != nil { epochData[epoch]!.learningRate = learningRate } else { epochData[epoch] = EpochData(learningRate: learningRate) }
    }

    /// The stored learning rate of `epoch`, if any.
    public func learningRateIfKnown(epoch: Int) -> Double? { epochData[epoch]?.learningRate }

    /// The latest epoch before `epoch` that has data (upstream `get_last_epoch`).
    public func lastEpoch(before epoch: Int) -> Int? { epochData.keys.filter { $0 < epoch }.max() }

    /// The last `count` epochs before `epoch` that have data, ascending.
    func lastEpochs(before epoch: Int, count: Int) -> [Int] {
        Array(epochData.keys.filter { $0 < epoch }.sorted().suffix(count))
    }

    /// The learning rate of the latest epoch up to `epoch` (excluding `epoch` itself unless
    /// `excludeCurrent` is false), else `learning_rate` (upstream `get_most_recent_learning_rate`).
    public func mostRecentLearningRate(epoch: Int, excludeCurrent: Bool = true) -> Double {
        let candidates = epochData.keys.filter { excludeCurrent ? $0 < epoch : $0 <= epoch }
        guard let e = candidates.max() else { return options.defaultLearningRate }
        return epochData[e]!.learningRate
    }

    // MARK: meta

    /// Sets a meta entry of `epoch` (stored as `':meta:<name>'`, written as a float), e.g.
    /// `effective_learning_rate`. The epoch must already have a learning rate.
    public func setEpochMeta(_ epoch: Int, _ name: String, _ value: Double) {
        precondition(epochData[epoch] != nil, "setEpochMeta for epoch \(epoch) before its learning rate was set")
        epochData[epoch]!.setMeta(name, value)
    }

    /// Sets an integral meta entry (written as an int), e.g. `epoch_num_train_steps`,
    /// `epoch_train_time_secs`, `global_train_step`.
    public func setEpochMeta(_ epoch: Int, _ name: String, _ value: Int) {
        precondition(epochData[epoch] != nil, "setEpochMeta for epoch \(epoch) before its learning rate was set")
        epochData[epoch]!.setMeta(name, Double(value), style: .int)
    }

    /// Sets a 32-bit float meta entry (written as its shortest 32-bit decimal), e.g. the
    /// `effective_learning_rate` the optimizer used.
    public func setEpochMeta(_ epoch: Int, _ name: String, _ value: Float) {
        precondition(epochData[epoch] != nil, "setEpochMeta for epoch \(epoch) before its learning rate was set")
        epochData[epoch]!.setMeta(name, Double(value), style: .float32)
    }

    // MARK: file

    /// Writes `epochData` to the `learning_rate_file` (no-op without one), see
    /// `LearningRateFileWriter`.
    public func save() throws {
        guard let filename else { return }
        try LearningRateFileWriter.write(epochData, to: filename)
    }

    /// Replaces `epochData` with the content of the `learning_rate_file`.
    public func load() throws {
        guard let filename else { return }
        epochData = try LearningRateFileReader.read(path: filename)
    }
}
