/// Which model a task loads and at which epoch training starts (RETURNN's
/// `EngineBase.get_epoch_model` and `get_train_start_epoch`), as a pure function of the
/// options and the existing models.
///
/// Training (`task = "train"`):
/// - `start_epoch = "auto"`: the newest existing epoch model is resumed (a `load` is then
///   ignored with a note); else `import_model_train_epoch1` is imported and training starts
///   at 1; else `load` is imported and training starts after its epoch (parsed from the file
///   name unless `load_epoch` is set); else epoch 1 from a random init.
/// - `start_epoch = 1`: existing epoch models are ignored (with a warning); `load`, else
///   `import_model_train_epoch1`, is imported.
/// - `start_epoch = k > 1`: the model of epoch k−1 must exist and is resumed.
///
/// Other tasks: `load`, else `load_epoch`/`epoch` of `model`, else the newest existing model;
/// without any, an error unless `allow_random_model_init`.
public enum StartEpoch {
    /// Decides with the real file system: existing models of `options.model` (with optimizer
    /// state when training) and `Checkpoint.paramsFile` for `load`/`import_model_train_epoch1`.
    public static func decide(_ options: StartEpochOptions) throws -> StartEpochDecision {
        let existing = ModelFiles.existingModels(model: options.model ?? "", finalEpoch: options.finalEpoch,
                                                 requireOptimizerState: options.isTraining)
        return try decide(options, existingModels: existing) { Checkpoint.paramsFile($0) != nil }
    }

    /// Decides from `existingModels` (epoch → checkpoint name, see `ModelFiles.existingModels`)
    /// and `modelFileExists`, which tells whether a user-given checkpoint name can be loaded.
    public static func decide(_ o: StartEpochOptions, existingModels existing: [Int: String],
                              modelFileExists: (String) -> Bool) throws -> StartEpochDecision
    {
        let loadName = try userModel(o.load, option: "load", exists: modelFileExists)
        let importName = try userModel(o.importModelTrainEpoch1, option: "import_model_train_epoch1", exists: modelFileExists)
        var loadEpoch = o.loadEpoch
        if !o.isTraining, let e = o.epoch {
            if let l = loadEpoch, l != e {
                throw CheckpointError(.option, "epoch = \(e) and load_epoch = \(l) have to match; remove one of them")
            }
            loadEpoch = e
        }
        if o.task == "eval" && loadName == nil && loadEpoch == nil {
            throw CheckpointError(.option, "task eval needs the model to evaluate: set 'epoch' or 'load_epoch' (an epoch of 'model'), or 'load'")
        }
        // `load_epoch` without `load` names an epoch of `model`, which must exist.
        var epochModel: String?
        if loadName == nil, let e = loadEpoch, e > 0 {
            guard let name = existing[e] else {
                throw missingEpoch(e, model: o.model, existing: existing, option: "load_epoch = \(e)", training: o.isTraining,
                                   fix: "set load_epoch to an existing epoch or remove it")
            }
            epochModel = name
        }
        let last = existing.max { $0.key < $1.key }
        guard o.isTraining else {
            if let loadName {
                let e = (loadEpoch ?? 0) > 0 ? loadEpoch : ModelFiles.epochFromFilename(loadName)
                var notes: [String] = []
                if e == nil { notes.append("note: cannot infer the epoch of load = \(loadName) from its name; using epoch 1 (set load_epoch)") }
                return StartEpochDecision(startEpoch: max(e ?? 1, 1), modelEpoch: e, modelName: loadName, isImport: true, notes: notes)
            }
            if let epochModel, let e = loadEpoch {
                return StartEpochDecision(startEpoch: e, modelEpoch: e, modelName: epochModel, isImport: true)
            }
            if let last {
                return StartEpochDecision(startEpoch: last.key, modelEpoch: last.key, modelName: last.value, isImport: true)
            }
            guard o.allowRandomModelInit else {
                let searched = o.model.map { " (no model files \($0).NNN.index or \($0).NNN\(Checkpoint.paramsSuffix) found)" } ?? " ('model' is not set)"
                throw CheckpointError(.missing, "task \(o.task): there is no model to load\(searched); set 'load' or 'load_epoch', or set allow_random_model_init = True to run with random parameters")
            }
            return StartEpochDecision(startEpoch: 1, notes: ["No model will be loaded. Randomly initializing model."])
        }
        let ignoredLoad = (loadName ?? epochModel).map { "note: there is a 'load' (\($0)) which we ignore because of existing model" }
        switch o.startEpoch {
        case .auto:
            if let last {
                return StartEpochDecision(startEpoch: last.key + 1, modelEpoch: last.key, modelName: last.value,
                                          notes: ignoredLoad.map { [$0] } ?? [])
            }
            if let importName {
                return StartEpochDecision(startEpoch: 1, modelEpoch: 0, modelName: importName, isImport: true)
            }
            if let loadName {
                let e = (loadEpoch ?? 0) > 0 ? loadEpoch : ModelFiles.epochFromFilename(loadName)
                return StartEpochDecision(startEpoch: (e ?? 0) + 1, modelEpoch: e, modelName: loadName, isImport: true,
                                          restoresGlobalStep: (e ?? 0) > 0)
            }
            return StartEpochDecision(startEpoch: 1)
        case .epoch(1):
            let notes = last.map { ["warning: there is an existing model: (\($0.key), \($0.value)); start_epoch = 1 starts training anew"] } ?? []
            if let name = loadName ?? importName {
                return StartEpochDecision(startEpoch: 1, modelEpoch: loadName == nil ? 0 : nil, modelName: name, isImport: true, notes: notes)
            }
            return StartEpochDecision(startEpoch: 1, notes: notes)
        case .epoch(let k):
            guard let name = existing[k - 1] else {
                throw missingEpoch(k - 1, model: o.model, existing: existing, option: "start_epoch = \(k)", training: true,
                                   fix: "set start_epoch = 'auto' (or 1 to start anew)")
            }
            var notes: [String] = []
            if let last, last.key != k - 1 { notes.append("warning: start_epoch \(k) but there is (\(last.key), \(last.value))") }
            if let ignoredLoad { notes.append(ignoredLoad) }
            return StartEpochDecision(startEpoch: k, modelEpoch: k - 1, modelName: name, notes: notes)
        }
    }

    /// The checkpoint name a user option gives (extension stripped), checked to exist.
    static func userModel(_ value: String?, option: String, exists: (String) -> Bool) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        let name = Checkpoint.name(fromPath: value)
        guard exists(name) else {
            throw CheckpointError(.missing, "config option \(option) = '\(value)': none of \(name).index, \(Checkpoint.paramsPath(name)) or \(name) exists; fix the path or remove the option")
        }
        return name
    }

    /// The error for an epoch model that an option needs but that does not exist.
    static func missingEpoch(_ epoch: Int, model: String?, existing: [Int: String], option: String, training: Bool,
                             fix: String) -> CheckpointError
    {
        guard let model else {
            return CheckpointError(.option, "\(option) needs the model of epoch \(epoch), but 'model' is not set; set 'model' to the checkpoint prefix, or \(fix)")
        }
        let name = ModelFiles.epochModelFilename(model: model, epoch: epoch)
        let files = "\(name).index or " + (training ? "\(Checkpoint.paramsPath(name)) and \(Checkpoint.optimizerPath(name))" : Checkpoint.paramsPath(name))
        let have = existing.isEmpty ? "no epoch models exist" : "existing epochs: \(existing.keys.sorted().map(String.init).joined(separator: ", "))"
        return CheckpointError(.missing, "\(option) needs the model of epoch \(epoch), \(files), which does not exist (\(have)); \(fix)")
    }
}
