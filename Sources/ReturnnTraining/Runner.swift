import Foundation
import ReturnnData
import ReturnnNetwork
import ReturnnTensor

/// One pass of the network over a dataset (upstream `Runner.run`): batches, forward, losses,
/// and in training backward + update; accumulates the epoch scores and prints the per-step line
/// (v5), the live progress line (`ProgressLine`, terminal only, v3/v4) and the finish line (v3).
struct Runner {
    /// What the pass is for.
    enum Mode { case train, eval, forward }

    /// Result of a pass.
    struct Result {
        var scores = EpochScores()
        var steps = 0
        var elapsed = 0.0
        var computeTime = 0.0
        /// Valid frames of the default input processed.
        var frames = 0
    }

    let network: Network
    let log: Log
    /// `train epoch 3`, `epoch 3 'dev' eval`, ...
    let reportPrefix: String
    let mode: Mode
    let epoch: Int
    let seed: UInt64
    let runOptions: RunOptions
    /// Whether to draw the live progress line.
    let showProgress: Bool
    /// Checked between steps; a raised flag stops the pass with `Interrupted`.
    var interrupt: InterruptSignal = .none()
    /// A batch whose tensors cannot fit into this is refused before it is allocated.
    var memoryBudget: MemoryBudget = .current()

    /// Runs over all batches of `dataset` (whose seq order is already initialized).
    /// `onBatch` gets every batch's run (forward task); `update` applies the gradients (training).
    func run(dataset: any Dataset, batching: BatchingOptions, model: ModelState,
             update: ((Gradients, ModelState) throws -> Void)? = nil,
             onBatch: ((Batch, NetworkRun) throws -> Void)? = nil) throws -> Result {
        var gen = BatchGenerator(dataset: dataset, options: batching)
        let keys = network.usedDataKeys
        var result = Result()
        let start = Date()
        var lastProgress = Date.distantPast
        defer { if showProgress { log.clearProgress() } }
        while let plan = try gen.next() {
            if let sig = interrupt.signalNumber {
                throw Interrupted(signalNumber: sig, message: "\(reportPrefix): interrupted by signal \(sig) before step \(result.steps)")
            }
            try checkFits(plan, dataset: dataset, keys: keys)
            let batch = try Batch(plan: plan, dataset: dataset, keys: keys)
            let stepStart = Date()
            let data = try BatchFeed.values(batch, externData: network.externData, keys: keys)
            let train = mode == .train
            var opts = runOptions
            opts.epoch = epoch
            opts.step = model.globalStep
            // The tape (and with it every reference to the parameter tensors) is released before
            // the update, so the updater changes the parameters in place without copying them.
            let (run, grads): (NetworkRun, Gradients?) = try {
                let tape = Tape(recording: train)
                let run = try network.run(data: data, parameters: model.values, tape: tape, isTraining: train, options: opts)
                guard train, let objective = run.objective else { return (run, nil) }
                guard objective.value.scalar.isFinite else {
                    throw NonFiniteScore(step: result.steps, message: "Inf/nan score in step \(result.steps).")
                }
                return (run, tape.backward(objective))
            }()
            if let grads { try update?(grads, model) }
            for (name, value) in run.stateUpdates { model.values[name] = value }
            if train { model.globalStep += 1 }
            try onBatch?(batch, run)
            result.scores.add(run.losses)
            result.steps += 1
            if let lens = batch.data[network.externData.defaultInput]?.seqLens { result.frames += lens.reduce(0, +) }
            let now = Date()
            result.computeTime += now.timeIntervalSince(stepStart)
            let elapsed = now.timeIntervalSince(start)
            let frac = Swift.min(1, Swift.max(1e-9, dataset.completeFrac(batch.seqIdx.max() ?? 0)))
            if log.isVerbose(5) {
                var parts = ["\(reportPrefix)", "step \(result.steps - 1)"]
                var info: [(String, Double)] = []
                for l in run.losses {
                    info.append(("cost:\(l.name)", Double(l.value.value.scalar) / Swift.max(l.normalizer, 1e-300)))
                    if let e = l.error { info.append(("error:\(l.name)", e / Swift.max(l.normalizer, 1e-300))) }
                }
                if let o = run.objective { info.append(("loss", Double(o.value.scalar))) }
                for (k, v) in info.sorted(by: { $0.0 < $1.0 }) { parts.append("\(k) \(PythonFloat.repr(v))") }
                parts.append(String(format: "%.3f sec/step", now.timeIntervalSince(stepStart)))
                parts.append("elapsed \(Runner.hms(elapsed))")
                parts.append("exp. remaining \(Runner.hms(elapsed / frac - elapsed))")
                parts.append(String(format: "complete %.02f%%", frac * 100))
                log.v5(parts.joined(separator: ", "))
            } else if showProgress, now.timeIntervalSince(lastProgress) > 0.2 {
                lastProgress = now
                log.progress(ProgressLine(prefix: reportPrefix, steps: result.steps, complete: frac, knownLength: dataset.numSeqs != nil,
                                          frames: result.frames, elapsed: elapsed))
            }
        }
        if gen.skippedSeqs > 0 {
            // Upstream skips these silently; here the count is reported once per pass.
            log.v3("\(reportPrefix): skipped \(gen.skippedSeqs) sequences outside the length limits " +
                   "(max_seq_length \(Runner.limitText(batching.maxSeqLength)), min_seq_length \(Runner.limitText(batching.minSeqLength)))")
        }
        if gen.oversizedSeqs > 0 {
            log.v4("\(reportPrefix): \(gen.oversizedSeqs) sequences longer than batch_size \(Runner.limitText(batching.batchSize)) formed batches of their own")
        }
        result.elapsed = Date().timeIntervalSince(start)
        let pct = result.elapsed > 0 ? 100 * result.computeTime / result.elapsed : 100
        log.v3("\(reportPrefix), finished after \(result.steps) steps, \(Runner.hms(result.elapsed)) elapsed " +
               "(\(String(format: "%.1f", pct))% computing time)")
        return result
    }

    /// Throws when the padded tensors of the batch `plan` cannot fit into the memory budget: an
    /// input of the batch, or the output of a layer (at least batch × time × its feature
    /// dims), larger than all memory there is. Checked before anything of the batch is allocated.
    func checkFits(_ plan: BatchPlan, dataset: any Dataset, keys: [String]) throws {
        let b = plan.numSlices
        let input = network.externData.defaultInput
        let t = plan.maxNumFramesPerSlice[input] ?? plan.maxNumFramesPerSlice.maxValue ?? 0
        func refuse(_ what: String, _ bytes: Int?) -> EngineError {
            EngineError("\(reportPrefix): a batch of \(b) sequences of up to \(t) frames " +
                        "cannot fit: \(what) needs \(MemoryBudget.format(bytes)), more than \(memoryBudget.phrase); " +
                        "lower batch_size or max_seqs, or set max_seq_length")
        }
        for key in keys {
            let t = plan.maxNumFramesPerSlice[key] ?? 0
            let frame = try dataset.dataSpec(key).shape
            let bytes = MemoryBudget.bytes(elements: [b, t] + frame, elementSize: 4)
            if memoryBudget.exceeded(by: bytes) { throw refuse("the input '\(key)' of shape \([b, t] + frame)", bytes) }
        }
        let inputTime = network.externData[input]?.timeDim
        for node in network.nodes {
            let out = node.output
            // The input's time axis counts t frames; other dynamic axes are not known before the batch.
            let shape = out.dims.map { d in d.isBatch ? b : d == inputTime ? t : d.size ?? 1 }
            let bytes = MemoryBudget.bytes(elements: shape, elementSize: 4)
            if memoryBudget.exceeded(by: bytes) { throw refuse("the output of layer '\(node.name)' (\(out))", bytes) }
        }
    }

    /// A length limit for messages: "unlimited" for the default, else the number or dict.
    static func limitText(_ n: NumbersDict) -> String {
        if n.keys.isEmpty, let v = n.value { return v == Int.max ? "unlimited" : String(v) }
        return n.description
    }

    /// Upstream `hms`: `H:MM:SS` (negative and non-finite as 0, capped at 1e9 s).
    static func hms(_ seconds: Double) -> String {
        let s = Int(Swift.max(0, seconds.isFinite ? Swift.min(seconds, 1e9) : 0))
        return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }
}

/// The current parameters and global step of the model being trained or evaluated.
public final class ModelState {
    /// Parameter values by RETURNN name.
    public var values: [String: Tensor]
    /// Training steps done so far (TF `global_step`).
    public var globalStep: Int

    /// Creates a state.
    public init(values: [String: Tensor], globalStep: Int = 0) {
        self.values = values
        self.globalStep = globalStep
    }
}

/// A non-finite training score (upstream "Inf/nan score in step N").
struct NonFiniteScore: Error {
    let step: Int
    let message: String
}
