import Foundation
import ReturnnConfig
import ReturnnData
import ReturnnNetwork
import ReturnnTensor

extension Engine {
    /// The `train` task (spec §5.1). A raised `interrupt` (Ctrl-C) stops training between two
    /// steps with `Interrupted`; the epoch in progress is not saved, so the newest model file is
    /// the last complete epoch and a restart resumes from there.
    public static func train(config: Config, log: Log, interrupt: InterruptSignal = .none()) throws {
        let factory = DatasetFactory(config: config)
        guard let trainData = try factory.make(configKey: "train") else {
            throw EngineError("task 'train' needs a 'train' dataset in the config")
        }
        let pretrain = try Pretrain.fromConfig(config)
        if let pretrain { log.v4("pretrain: \(pretrain.description)") }
        let startNet = pretrain.map { $0.netDict(forEpoch: 1) }
        let engine = try Engine(config: config, log: log, trainDataset: trainData, netDict: startNet)
        engine.interrupt = interrupt
        try engine.runTraining(trainData: trainData, pretrain: pretrain)
    }

    /// Fails before the first step when the directory of `model` is not a directory or cannot
    /// be created or written (instead of after a whole epoch of training).
    func checkModelDirectory() throws {
        guard let m = settings.model else { return }
        let dir = (m as NSString).deletingLastPathComponent
        let path = dir.isEmpty ? "." : dir
        let loc = config.location(of: "model")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ConfigError(.value, "config key 'model' = '\(m)': \(path) is a file, not a directory; "
                                  + "set 'model' to a path in a directory you can write to", at: loc)
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ConfigError(.value, "config key 'model' = '\(m)': cannot create the model directory \(path) "
                                  + "(\(error.localizedDescription)); set 'model' to a path in a directory you can write to", at: loc)
            }
        }
        guard access(path, W_OK) == 0 else {
            throw ConfigError(.value, "config key 'model' = '\(m)': the model directory \(path) is not writable; "
                              + "set 'model' to a path in a directory you can write to", at: loc)
        }
    }

    func runTraining(trainData: any Dataset, pretrain: Pretrain?) throws {
        try checkModelDirectory()
        let lrc = try LearningRateControl(config: config, log: log)
        let lastBest = try LastBestModelOptions(config: config)
        let evals = try evalDatasets()
        let decision = try StartEpoch.decide(StartEpochOptions(config: config))
        for n in decision.notes { log.v4(n) }
        let startEpoch = decision.startEpoch
        // The network of the loaded model's epoch (pretrain nets grow), then its parameters.
        let modelNet = try self.netDict(forEpoch: max(decision.modelEpoch ?? startEpoch, 1), pretrain: pretrain)
        if Pretrain.netDictsDiffer(modelNet, netDict) { try rebuildNetwork(modelNet, copyMode: nil) }
        var updater = try Updater(config: config, parameters: parameterInfos())
        for line in updater.optimizerSummaries { log.v2(line) }
        let preloaded = try preload(isTraining: true, isFirstTrainEpoch: startEpoch == 1)
        if let file = decision.modelName {
            log.v4("Load model \(file)")
            if !decision.isImport {
                // Resuming an epoch model: parameters, optimizer state and global step.
                let (cp, isForeign): (Checkpoint, Bool)
                do { (cp, isForeign) = try Checkpoint.load(from: file) } catch var e as CheckpointError where e.kind == .damaged || e.kind == .format {
                    // The newest model is damaged: say how to go on from the one before.
                    e.message += ". To resume from the previous epoch's model, move the files of \(file) away "
                        + "(e.g. `mkdir damaged && mv \(file).* damaged/`); training then restarts from the newest complete epoch before it"
                    throw e
                }
                try loadParameters(cp.params, file: file, skipping: preloaded)
                model.globalStep = cp.metadata.globalStep
                try restoreOptimizerState(cp.optimizerState, file: file, isForeign: isForeign, updater: updater)
            } else {
                let (params, meta) = try Checkpoint.loadParams(from: file)
                try loadParameters(params, file: file, skipping: preloaded)
                if decision.restoresGlobalStep { model.globalStep = meta?.globalStep ?? 0 }
            }
        }
        log.v3("start training at epoch \(startEpoch)")
        // Upstream prints the config value with %r: `2000` for an int, the dict for a dict.
        let bs = settings.batchSize
        log.v4("using batch size: \(bs.keys.isEmpty ? bs.value.map { "\($0)" } ?? "\(bs)" : "\(bs)"), max seqs: \(settings.maxSeqs)")
        let finalEpoch = settings.numEpochs
        if decision.modelName != nil, !decision.isImport, let m = decision.modelEpoch, m == startEpoch - 1 {
            try checkLastEpoch(m, evals: evals, lrc: lrc, isPretrain: pretrain.map { m <= $0.numPretrainEpochs } ?? false)
        }
        if startEpoch > finalEpoch && finalEpoch > 0 {
            log.v3("Finished training in epoch \(startEpoch - 1).")
            return
        }
        let events = try TrainingEventLog(config: config, model: settings.model, useNormalizedLoss: settings.useNormalizedLoss)
        defer { events?.close() }
        var epoch = startEpoch
        while finalEpoch == 0 || epoch <= finalEpoch {
            let isPretrain = pretrain.map { epoch <= $0.numPretrainEpochs } ?? false
            // Net dict for this epoch (pretrain growth); parameters are copied by name.
            let nd = try self.netDict(forEpoch: epoch, pretrain: pretrain)
            if Pretrain.netDictsDiffer(nd, netDict) {
                try rebuildNetwork(nd, copyMode: pretrain?.copyParamMode(forEpoch: epoch),
                                   copyOutputLayer: isPretrain ? pretrain?.copyOutputLayer ?? true : true)
                updater = try Updater(config: config, parameters: parameterInfos())
            }
            // `#config` of the epoch's net dict overrides config keys for this epoch only.
            let overrides = pretrain?.configOverrides(forEpoch: epoch) ?? []
            let saved = overrides.map { ($0.0, config.typedValue($0.0)) }
            for (k, v) in overrides { log.v3("Update config key '\(k)' for epoch \(epoch): \(v.repr)"); config.set(k, v) }
            if !overrides.isEmpty { settings = try EngineSettings(config: config) }
            defer {
                if !overrides.isEmpty {
                    for (k, v) in saved { if let v { config.set(k, v) } else { config.remove(k) } }
                    settings = (try? EngineSettings(config: config)) ?? settings
                }
            }
            try trainData.initSeqOrder(epoch: epoch)
            for (_, d) in evals { try d.initSeqOrder(epoch: epoch) }
            // Learning rate (init_train_epoch).
            let lr: Double
            if settings.useLearningRateControlAlways {
                lr = try lrc.learningRate(forEpoch: epoch)
            } else if isPretrain {
                lr = settings.pretrainLearningRate
            } else if let pretrain, epoch == pretrain.numPretrainEpochs + 1 {
                lr = settings.learningRate
                lrc.setDefaultLearningRate(lr, forEpoch: epoch)
            } else {
                lr = try lrc.learningRate(forEpoch: epoch)
            }
            if !isPretrain, let lastBest {
                try maybeUseBetterLastModel(lastBest, epoch: epoch, firstTrainEpoch: (pretrain?.numPretrainEpochs ?? 0) + 1, lrc: lrc,
                                            updater: updater)
            }
            let epochStr = (isPretrain ? "pretrain " : "") + "epoch \(epoch)"
            log.v4("start \(epochStr) with learning rate \(lr) ...")
            if epoch == 1 && settings.saveEpoch1InitialModel, let m = settings.model {
                try saveModel(ModelFiles.epochModelFilename(model: m, epoch: 0), epoch: 0, updater: updater, lr: lr)
            }
            let batching = try settings.batching(recurrent: network.isRecurrent, usedKeys: network.usedDataKeys, applyMaxSeqLength: true)
            var runner = Runner(network: network, log: log, reportPrefix: (isPretrain ? "pre" : "") + "train epoch \(epoch)",
                                mode: .train, epoch: epoch, seed: settings.randomSeed, runOptions: runOptions,
                                showProgress: showProgress)
            runner.interrupt = interrupt
            let stepsBefore = model.globalStep
            let result: Runner.Result
            var stepLR: Double?
            do {
                result = try runner.run(dataset: trainData, batching: batching, model: model, update: { grads, state in
                    updater.resetSlotsIfDue(stepInEpoch: state.globalStep - stepsBefore)
                    let lrOfStep = try updater.learningRate(base: lr, globalStep: state.globalStep)
                    stepLR = lrOfStep
                    updater.step(values: &state.values, gradients: grads.byName, learningRate: lrOfStep,
                                 globalStep: state.globalStep, seed: self.settings.randomSeed)
                }, onBatch: events.map { ev in { [model] _, run in
                    try ev.trainStep(step: model.globalStep - 1, losses: run.losses, objective: run.objective.map { Double($0.value.scalar) },
                                     learningRate: stepLR)
                } })
                try events?.flush()
            } catch let e as Interrupted {
                let resume = settings.model == nil ? "no model is saved (the config sets no 'model')"
                    : "run the same command again to resume from the last saved epoch"
                throw Interrupted(signalNumber: e.signalNumber, message: "\(e.message); epoch \(epoch) was not saved; \(resume)")
            } catch let e as NonFiniteScore {
                log.v1("Model seems broken, got inf or nan score.")
                try saveBroken(epoch: epoch, isPretrain: isPretrain, updater: updater, lr: lr)
                throw EngineError("\(e.message) Saved the broken model; lower the learning rate or check the data.")
            }
            if settings.stopOnNonfiniteTrainScore && !result.scores.isFinite {
                log.v1("Model seems broken, got inf or nan score.")
                try saveBroken(epoch: epoch, isPretrain: isPretrain, updater: updater, lr: lr)
                throw EngineError("epoch \(epoch): the train score is not finite; saved the broken model. Lower the learning rate or check the data.")
            }
            // The learning-rate file first, the model second (upstream: the other way round): a
            // run killed between the two then retrains the epoch and writes the same scores again,
            // instead of resuming after it with its train score lost.
            if lrc.learningRateIfKnown(epoch: epoch) == nil { lrc.setLearningRate(lr, forEpoch: epoch) }
            try lrc.setEpochError(epoch, [("train_score", .dict(result.scores.score)), ("train_error", .dict(result.scores.error))])
            lrc.setEpochMeta(epoch, "epoch_num_train_steps", model.globalStep - stepsBefore)
            lrc.setEpochMeta(epoch, "epoch_train_time_secs", Int(result.elapsed))
            lrc.setEpochMeta(epoch, "global_train_step", model.globalStep)
            lrc.setEpochMeta(epoch, "effective_learning_rate", Float(lr))
            try lrc.save()
            if let m = settings.model, epoch % settings.saveInterval == 0 || epoch == finalEpoch {
                try saveModel(ModelFiles.epochModelFilename(model: m, epoch: epoch, isPretrain: isPretrain), epoch: epoch,
                              updater: updater, lr: lr)
            }
            log.v4("\(isPretrain ? "pre" : "")train epoch \(epoch): \(result.frames) frames in \(String(format: "%.3f", result.elapsed)) s " +
                   "(\(Int(Double(result.frames) / max(result.elapsed, 1e-9))) frames/s)")
            log.v1("\(epochStr) score: \(EpochScores.format(result.scores.score)) error: \(EpochScores.format(result.scores.error)) " +
                   "elapsed: \(Runner.hms(result.elapsed))")
            var evalParts: [String] = []
            for (name, d) in evals {
                let s: EpochScores
                do { s = try evaluate(name, d, epoch: epoch, isPretrain: isPretrain) } catch let e as Interrupted {
                    let saved = settings.model != nil && (epoch % settings.saveInterval == 0 || epoch == finalEpoch)
                    throw Interrupted(signalNumber: e.signalNumber, message: "\(e.message); " + (saved
                        ? "the model of epoch \(epoch) is saved, its '\(name)' score is not; run the same command again to continue"
                        : "run the same command again to resume from the last saved epoch"))
                }
                try lrc.setEpochError(epoch, [("\(name)_score", .dict(s.score)), ("\(name)_error", .dict(s.error))])
                try lrc.save()
                try events?.evalEpoch(name, scores: s, step: model.globalStep)
                evalParts.append("\(name): score \(EpochScores.format(s.score)) error \(EpochScores.format(s.error))")
            }
            if !evalParts.isEmpty { log.v1(evalParts.joined(separator: " ")) }
            try cleanupIfConfigured(lrc: lrc)
            epoch += 1
        }
        log.v3("Finished training in epoch \(epoch - 1).")
    }

    /// Upstream `check_last_epoch`: after a restart, evaluates the loaded model of the last
    /// finished `epoch` on the eval datasets whose score the `learning_rate_file` lacks (the run
    /// stopped during that evaluation), so the file ends as if the run had not stopped.
    func checkLastEpoch(_ epoch: Int, evals: [(String, any Dataset)], lrc: LearningRateControl, isPretrain: Bool) throws {
        guard lrc.filename != nil else { return }
        var parts: [String] = []
        for (name, d) in evals {
            let keys = lrc.epochData[epoch]?.keys ?? []
            if keys.contains(where: { $0.hasPrefix("\(name)_score") || $0.hasPrefix("\(name)_loss") }) { continue }
            log.v4("Last epoch model not yet evaluated on \(name). Doing that now.")
            try d.initSeqOrder(epoch: epoch)
            let s = try evaluate(name, d, epoch: epoch, isPretrain: isPretrain)
            try lrc.setEpochError(epoch, [("\(name)_score", .dict(s.score)), ("\(name)_error", .dict(s.error))])
            try lrc.save()
            parts.append("\(name): score \(EpochScores.format(s.score)) error \(EpochScores.format(s.error))")
        }
        if !parts.isEmpty { log.v1(parts.joined(separator: " ")) }
    }

    /// The net dict of `epoch`: the pretrain step's, else the config's `network`.
    func netDict(forEpoch epoch: Int, pretrain: Pretrain?) throws -> ConfigValue {
        if let pretrain, epoch <= pretrain.numPretrainEpochs { return pretrain.netDict(forEpoch: epoch) }
        guard let nd = try NetworkDescription.netDict(config) else { throw EngineError("the config has no 'network'") }
        return nd
    }

    /// Parameter descriptions for the updater.
    func parameterInfos() -> [Updater.ParameterInfo] {
        network.parameters.map { p in
            Updater.ParameterInfo(name: p.name, layer: p.layer, shape: p.shape, l2: p.l2,
                          updaterOpts: network.node(p.layer)?.updaterOpts, trainable: p.trainable)
        }
    }

    /// Sets parameters from a checkpoint, checking names and shapes (`load_ignore_missing_vars`
    /// keeps the initial values of parameters the file lacks); `skipping` were set by
    /// `preload_from_files` and stay.
    func loadParameters(_ params: [String: Tensor], file: String, skipping: Set<String> = []) throws {
        var values: [String: Tensor] = [:]
        for p in network.parameters { values[p.name] = model.values[p.name] }
        let report = try CheckpointRestore.restore(params, into: &values, file: file, skipping: skipping,
                                                   ignoreMissing: settings.loadIgnoreMissingVars)
        for n in report.missing { log.v3("Note: parameter '\(n)' is not in \(file); it keeps its initial value.") }
        model.values.merge(values) { _, new in new }
    }

    /// Applies `preload_from_files` (entries with `init_for_train` only when training starts at
    /// epoch 1, the others only for non-training tasks); returns the parameters it set.
    func preload(isTraining: Bool, isFirstTrainEpoch: Bool) throws -> Set<String> {
        let pre = try CheckpointPreload(config: config)
        guard !pre.entries.isEmpty else { return [] }
        var values: [String: Tensor] = [:]
        for p in network.parameters { values[p.name] = model.values[p.name] }
        let set = try pre.apply(to: &values, isTraining: isTraining, isFirstTrainEpoch: isFirstTrainEpoch)
        model.values.merge(values) { _, new in new }
        if !set.isEmpty { log.v3("preload_from_files: set \(set.count) parameters: \(set.sorted().joined(separator: ", "))") }
        return set
    }

    func saveModel(_ name: String, epoch: Int, updater: Updater?, lr: Double?) throws {
        log.v4("Save model under \(name)")
        let meta = CheckpointMetadata(epoch: epoch, globalStep: model.globalStep, effectiveLearningRate: lr)
        var params: [String: Tensor] = [:]
        for p in network.parameters { params[p.name] = model.values[p.name] }
        try Checkpoint(params: params, optimizerState: updater?.state() ?? [:], metadata: meta).save(to: name, format: settings.checkpointFormat)
    }

    /// Restores the optimizer state of a resumed model. A model written by another program
    /// (upstream RETURNN's TF checkpoint, which keeps optimizer slots only with
    /// `debug_save_updater_vars`) may lack it or hold another optimizer's: training then continues
    /// with a fresh optimizer state, as upstream does on every resume, with a note.
    func restoreOptimizerState(_ state: [String: Tensor], file: String, isForeign: Bool, updater: Updater) throws {
        guard isForeign else {
            try updater.loadState(state)
            return
        }
        do {
            let missing = try updater.loadState(state)
            if !missing.isEmpty { log.v3("Note: \(file) has no optimizer state for \(missing.joined(separator: ", ")); these start fresh.") }
        } catch let e as UpdaterError {
            updater.resetSlots()
            log.v3("Note: the optimizer state in \(file) does not fit the optimizer (\(e)); training continues with a fresh optimizer state.")
        }
    }

    func saveBroken(epoch: Int, isPretrain: Bool, updater: Updater, lr: Double) throws {
        guard let m = settings.model else { return }
        try saveModel(ModelFiles.epochModelFilename(model: m, epoch: epoch, isPretrain: isPretrain) + ".broken", epoch: epoch,
                      updater: updater, lr: lr)
    }
}
