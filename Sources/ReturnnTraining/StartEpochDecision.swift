/// What a task loads and where training starts, as decided by `StartEpoch.decide`.
public struct StartEpochDecision: Sendable, Equatable {
    /// Training: the first epoch to train. Other tasks: the epoch of the loaded model (1 when
    /// it is unknown or no model is loaded), used e.g. for the dataset order.
    public var startEpoch: Int
    /// The epoch of the model to load, if known (0 for `import_model_train_epoch1`).
    public var modelEpoch: Int?
    /// The checkpoint name to load (without `.safetensors`), or nil for a random init.
    public var modelName: String?
    /// True when only the parameters are loaded (an import, or any non-training task); false
    /// when training resumes from its own epoch model with optimizer state and global step.
    public var isImport: Bool
    /// For an import in training: whether the global step continues from the file's metadata
    /// (`load` of an epoch model, as upstream reads `global_step`); false means it starts at 0.
    public var restoresGlobalStep: Bool
    /// Notes and warnings for the log (upstream prints them at verbosity 4, except the random
    /// init note at 2).
    public var notes: [String]

    /// A decision.
    public init(startEpoch: Int, modelEpoch: Int? = nil, modelName: String? = nil, isImport: Bool = false,
                restoresGlobalStep: Bool = false, notes: [String] = [])
    {
        self.startEpoch = startEpoch
        self.modelEpoch = modelEpoch
        self.modelName = modelName
        self.isImport = isImport
        self.restoresGlobalStep = restoresGlobalStep
        self.notes = notes
    }

    /// Whether the model starts from a random initialisation (nothing to load).
    public var isRandomInit: Bool { modelName == nil }
}
