import ReturnnConfig

/// The config options that decide which model a task loads and where training starts
/// (RETURNN's `EngineBase.get_epoch_model` / `get_train_start_epoch` inputs).
public struct StartEpochOptions: Sendable, Equatable {
    /// `start_epoch`: `"auto"` (default) or a fixed first epoch.
    public enum Start: Sendable, Equatable {
        /// Continue after the newest existing epoch model, else import or start at 1.
        case auto
        /// Train from this epoch (>= 1), loading the model of the epoch before it.
        case epoch(Int)
    }

    /// `task` (default `train`).
    public var task: String
    /// `model`: checkpoint prefix; nil or empty means no models are searched or saved.
    public var model: String?
    /// `num_epochs` (default 5; 0 means no limit).
    public var numEpochs: Int
    /// `load`: a model to load (path with or without `.safetensors`).
    public var load: String?
    /// `load_epoch`: the epoch of `model` to load (or the epoch of `load`).
    public var loadEpoch: Int?
    /// `epoch`: for `eval`/`forward`, the same as `load_epoch` (both must match if given).
    public var epoch: Int?
    /// `start_epoch` (default `auto`).
    public var startEpoch: Start
    /// `import_model_train_epoch1`: parameters to start training from, at epoch 1.
    public var importModelTrainEpoch1: String?
    /// `allow_random_model_init` (default False): non-training tasks may run without a model.
    public var allowRandomModelInit: Bool

    /// Options given directly (RETURNN's defaults for the rest).
    public init(task: String = "train", model: String? = nil, numEpochs: Int = 5, load: String? = nil,
                loadEpoch: Int? = nil, epoch: Int? = nil, startEpoch: Start = .auto,
                importModelTrainEpoch1: String? = nil, allowRandomModelInit: Bool = false)
    {
        self.task = task
        self.model = model
        self.numEpochs = numEpochs
        self.load = load
        self.loadEpoch = loadEpoch
        self.epoch = epoch
        self.startEpoch = startEpoch
        self.importModelTrainEpoch1 = importModelTrainEpoch1
        self.allowRandomModelInit = allowRandomModelInit
    }

    /// Reads the options from `config` (`task`, `model`, `num_epochs`, `load`, `load_epoch`,
    /// `epoch`, `start_epoch`, `start_batch`, `import_model_train_epoch1`,
    /// `allow_random_model_init`). `start_epoch` must be `auto` or an int >= 1;
    /// `start_batch` must be `auto`, as upstream.
    public init(config: Config) throws {
        let startBatch = try config.value("start_batch", default: "auto") ?? "auto"
        guard startBatch == "auto" else {
            throw CheckpointError(.option, "start_batch = \(startBatch): only 'auto' is supported (as in RETURNN); remove the option")
        }
        let startValue = try config.value("start_epoch", default: "auto") ?? "auto"
        let start: Start
        if startValue == "auto" {
            start = .auto
        } else if let k = Int(startValue), k >= 1 {
            start = .epoch(k)
        } else {
            throw CheckpointError(.option, "start_epoch = \(startValue): expected 'auto' or an epoch >= 1")
        }
        func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
        self.init(task: try config.value("task", default: "train") ?? "train",
                  model: nonEmpty(try config.value("model", default: nil)),
                  numEpochs: try config.int("num_epochs", default: 5) ?? 5,
                  load: nonEmpty(try config.value("load", default: nil)),
                  loadEpoch: try config.int("load_epoch", default: nil),
                  epoch: try config.int("epoch", default: nil),
                  startEpoch: start,
                  importModelTrainEpoch1: nonEmpty(try config.value("import_model_train_epoch1", default: nil)),
                  allowRandomModelInit: try config.bool("allow_random_model_init", default: false) ?? false)
    }

    /// Whether the task trains (`task == "train"`).
    public var isTraining: Bool { task == "train" }

    /// `num_epochs`, raised to `load_epoch` if larger (`ModelFiles.finalEpoch`); for other
    /// tasks `epoch` counts as `load_epoch` (as the `eval` task sets it upstream).
    public var finalEpoch: Int {
        ModelFiles.finalEpoch(numEpochs: numEpochs, loadEpoch: isTraining ? loadEpoch : (loadEpoch ?? epoch))
    }
}
