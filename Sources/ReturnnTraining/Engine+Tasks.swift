import Foundation
import ReturnnConfig
import ReturnnData
import ReturnnNetwork
import ReturnnTensor

extension Engine {
    /// Builds the engine for a non-training task and loads the model chosen by `load` /
    /// `load_epoch` / `epoch` (spec §5.3); returns the engine and the loaded epoch.
    static func forTask(config: Config, log: Log, task: String, dataset: (any Dataset)?, searchFlag: Bool = false,
                        evalFlag: Bool = true) throws -> (Engine, Int?) {
        let trainData = try DatasetFactory(config: config).make(configKey: "train")
        let engine = try Engine(config: config, log: log, trainDataset: trainData ?? dataset, searchFlag: searchFlag, evalFlag: evalFlag)
        var opts = try StartEpochOptions(config: config)
        opts.task = task
        let choice = try StartEpoch.decide(opts)
        for n in choice.notes { log.v4(n) }
        let preloaded = try engine.preload(isTraining: false, isFirstTrainEpoch: false)
        if let file = choice.modelName {
            log.v4("Load model \(file)")
            let (params, meta) = try Checkpoint.loadParams(from: file)
            try engine.loadParameters(params, file: file, skipping: preloaded)
            engine.model.globalStep = meta?.globalStep ?? 0
        } else {
            log.v2("Note: using a randomly initialized model (allow_random_model_init)")
        }
        return (engine, choice.modelEpoch)
    }

    /// The `eval` task: scores every eval dataset; with `load_epoch`/`epoch` (and no `load`) the
    /// scores go into the learning_rate_file, as upstream.
    public static func eval(config: Config, log: Log) throws {
        let (engine, epoch) = try forTask(config: config, log: log, task: "eval", dataset: nil)
        let evals = try engine.evalDatasets()
        guard !evals.isEmpty else { throw EngineError("task 'eval' needs a 'dev' or 'eval' dataset (or eval_datasets)") }
        let ep = epoch ?? 0
        let updateLR = !config.has("load") && epoch != nil
        let lrc = updateLR ? try LearningRateControl(config: config, log: log) : nil
        var parts: [String] = []
        for (name, d) in evals {
            try d.initSeqOrder(epoch: ep)
            let s = try engine.evaluate(name, d, epoch: ep)
            if let lrc {
                try lrc.setEpochError(ep, [("\(name)_score", .dict(s.score)), ("\(name)_error", .dict(s.error))])
                try lrc.save()
            }
            parts.append("\(name): score \(EpochScores.format(s.score)) error \(EpochScores.format(s.error))")
        }
        log.v1(parts.joined(separator: " "))
    }

    /// The `forward` task (`hpx`): the output layer's values for the `eval` dataset into an HDF
    /// file (upstream `forward_to_hdf`). A raised `interrupt` (Ctrl-C) stops between batches with
    /// `Interrupted`; the output file is then not written (HDFWriter writes to a temporary file and
    /// renames it only on `close()`).
    public static func forward(config: Config, log: Log, interrupt: InterruptSignal = .none()) throws {
        guard let data = try DatasetFactory(config: config).make(configKey: "eval") else {
            throw EngineError("task 'forward' needs an 'eval' dataset in the config")
        }
        let useSearch = try config.bool("forward_use_search", default: false) ?? false
        let (engine, epoch) = try forTask(config: config, log: log, task: "forward", dataset: data, searchFlag: useSearch)
        // A randomly initialized model counts as epoch 1, as upstream ("epoch 1 forward").
        let ep = epoch ?? 1
        guard let bs = try config.int("forward_batch_size", default: nil), bs > 0 else {
            throw EngineError("task 'forward' needs forward_batch_size (e.g. forward_batch_size = 5000)")
        }
        let layerName = try config.value("forward_output_layer", default: nil) ?? engine.network.defaultOutputLayer?.name
        guard let layerName, let node = engine.network.node(layerName) else {
            throw EngineError("cannot tell the output layer; set forward_output_layer to a layer of the network")
        }
        let path = try config.value("output_file", default: nil) ?? "dump-fwd-epoch-\(ep).hdf"
        let override = try config.bool("forward_override_hdf_output", default: false) ?? false
        if FileManager.default.fileExists(atPath: path) {
            guard override else { throw EngineError("output file \(path) exists; remove it or set forward_override_hdf_output = True") }
            try FileManager.default.removeItem(atPath: path)
        }
        log.v2("Forwarding to HDF file: \(path)")
        let out = node.output
        let labels = data.labels[engine.externData.defaultTarget].flatMap { $0.count == out.dim ? $0 : nil }
        let writer = try HDFWriter(path: path, dim: out.isSparse ? nil : out.featureDim, ndim: out.rank - 1, labels: labels)
        try data.initSeqOrder(epoch: ep)
        var batching = try engine.settings.batching(recurrent: true, usedKeys: engine.network.usedDataKeys.filter { data.dataKeys.contains($0) },
                                                    applyMaxSeqLength: false, batchSize: bs)
        batching.recurrent = true
        var runner = Runner(network: engine.network, log: log, reportPrefix: "epoch \(ep) forward", mode: .forward, epoch: ep,
                            seed: engine.settings.randomSeed, runOptions: engine.runOptions, showProgress: engine.showProgress)
        runner.interrupt = interrupt
        do {
            try forwardBatches(runner, data: data, batching: batching, engine: engine, layerName: layerName, hasTime: out.hasTime,
                               writer: writer)
        } catch let e as Interrupted {
            // The writer is abandoned unclosed: its temporary file goes, `path` is not created.
            throw Interrupted(signalNumber: e.signalNumber, message: "\(e.message); the output file \(path) was not written")
        }
        try writer.close()
        log.v3("forward output written to \(path)")
    }

    /// Runs the forward pass over `data`, each batch's output values into `writer`.
    static func forwardBatches(_ runner: Runner, data: any Dataset, batching: BatchingOptions, engine: Engine, layerName: String,
                               hasTime: Bool, writer: HDFWriter) throws {
        _ = try runner.run(dataset: data, batching: batching, model: engine.model, onBatch: { batch, run in
            guard let v = run.values[layerName] else { return }
            if v.beam != nil {
                throw EngineError("forward: layer '\(layerName)' still has the search beam; forward a 'decide' layer (forward_output_layer)")
            }
            let lens = v.seqLens.map { $0.array.map(Int.init) } ?? [Int](repeating: 1, count: batch.batchSize)
            let arr: HDFArray
            if let ints = v.ints { arr = HDFArray(shape: ints.shape, ints.array) } else { arr = HDFArray(shape: v.dense.shape, v.dense.value.array) }
            try writer.insertBatch(inputs: arr, seqLengths: hasTime ? [lens] : [], seqTags: batch.seqTags)
        })
    }

    /// The `compute_priors` task (upstream `Engine.compute_priors`): `log(mean posterior)` of the
    /// output layer over the train data in the order of config `epoch` (default 1), one value per
    /// line in `output_file` as `numpy.savetxt` writes it (`%.18e`), the file i6_core's
    /// `ReturnnComputePriorJobV2` reads with `numpy.loadtxt`.
    public static func computePriors(config: Config, log: Log) throws {
        guard let data = try DatasetFactory(config: config).make(configKey: "train") else {
            throw EngineError("task 'compute_priors' needs a 'train' dataset")
        }
        let (engine, epoch) = try forTask(config: config, log: log, task: "compute_priors", dataset: data)
        guard let node = engine.network.defaultOutputLayer, let dim = node.output.featureDim else {
            throw EngineError("compute_priors needs a dense output layer named 'output'")
        }
        guard let path = try config.value("output_file", default: nil) else { throw EngineError("compute_priors needs output_file") }
        log.v2("Compute priors, using output layer '\(node.name)', writing to '\(path)'.")
        // As upstream, the train data's order is that of config `epoch` (default 1), not the model's epoch.
        let dataEpoch = try config.int("epoch", default: 1) ?? 1
        try data.initSeqOrder(epoch: dataEpoch)
        var sums = [Double](repeating: 0, count: dim)
        var frames = 0.0
        let batching = try engine.settings.batching(recurrent: true, usedKeys: engine.network.usedDataKeys, applyMaxSeqLength: false)
        let runner = Runner(network: engine.network, log: log, reportPrefix: "epoch \(epoch ?? 1) forward", mode: .forward, epoch: epoch ?? 1,
                            seed: engine.settings.randomSeed, runOptions: engine.runOptions, showProgress: engine.showProgress)
        _ = try runner.run(dataset: data, batching: batching, model: engine.model, onBatch: { _, run in
            guard let v = run.values[node.name] else { return }
            let x = v.dense.value.array
            let (b, t) = (v.batch, v.time)
            let lens = v.seqLens?.array.map(Int.init) ?? [Int](repeating: t, count: b)
            for bi in 0..<b {
                for ti in 0..<lens[bi] {
                    let off = (bi * t + ti) * dim
                    for f in 0..<dim { sums[f] += Double(x[off + f]) }
                }
                frames += Double(lens[bi])
            }
        })
        let average = sums.map { $0 / Swift.max(frames, 1) }
        log.v1("Prior sum in std-space (should be close to 1.0): \(PythonFloat.repr(average.reduce(0, +)))")
        let text = average.map { NumpyText.format(Foundation.log($0)) }.joined(separator: "\n") + "\n"
        try AtomicFile.write(text, to: path)
        log.v1("Saved prior in '\(path)' in +log space.")
    }

    /// The `initialize_model` task: builds the network and saves its fresh parameters under
    /// `model` (or "dummy").
    public static func initializeModel(config: Config, log: Log) throws {
        let trainData = try DatasetFactory(config: config).make(configKey: "train")
        let engine = try Engine(config: config, log: log, trainDataset: trainData)
        let name = engine.settings.model ?? "dummy"
        try engine.saveModel(name, epoch: 0, updater: nil, lr: nil)
    }

    /// The `nop_init_net_train` task: builds datasets and the network, trains nothing.
    public static func nopInitNetTrain(config: Config, log: Log) throws {
        let trainData = try DatasetFactory(config: config).make(configKey: "train")
        _ = try Engine(config: config, log: log, trainDataset: trainData)
        log.v1("Task: No-operation (network initialized)")
    }
}

/// numpy `savetxt` default formatting (`%.18e`).
enum NumpyText {
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.18e", x)
    }
}
