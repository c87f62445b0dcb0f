import Foundation
import ReturnnConfig
import ReturnnData
import ReturnnNetwork
import ReturnnTensor

extension Engine {
    /// The `search` task (upstream `Engine.search`): builds the network with the search flag,
    /// runs it over `search_data` (default "eval"; a dataset name or dict), prints every
    /// sequence's hypotheses (v4) and the final scores, and writes `search_output_file` in
    /// `search_output_file_format` ("txt" or "py"; `.gz` names are compressed).
    ///
    /// Keys as upstream: `search_output_layer` ("output"; a list gives a dict per sequence, "py"
    /// only), `search_do_eval` (True: losses are computed and the references printed),
    /// `max_seq_length` (must be 0), `batch_size`, `max_seqs`. Hypotheses of a sparse output become
    /// strings through the vocabulary of the output's target (or the data's labels); an output that
    /// still has the beam gives the n-best list `[(score, text), ...]`; a softmax with a `ctc` loss is
    /// decoded greedily (repeats merged, the blank, its last class, removed).
    /// ```python
    /// task = "search"
    /// search_data = "dev"
    /// search_output_layer = "decision"
    /// search_output_file = "search.dev.py"
    /// search_output_file_format = "py"
    /// ```
    public static func search(config: Config, log: Log, interrupt: InterruptSignal = .none()) throws {
        let doEval = try config.bool("search_do_eval", default: true) ?? true
        let factory = DatasetFactory(config: config)
        let dataValue = config.typedValue("search_data") ?? .str("eval")
        let data: (any Dataset)?
        if let s = dataValue.stringValue, ["train", "dev", "eval"].contains(s) { data = try factory.make(configKey: s) } else { data = try factory.make(dataValue, name: "search_data") }
        guard let data else {
            throw EngineError("task 'search' needs data: set search_data (a dataset dict, or \"dev\"/\"eval\") or define 'eval'")
        }
        if let m = config.typedValue("max_seq_length"), m.isTruthy {
            throw EngineError("set max_seq_length = 0 for search (upstream requires it: every sequence is decoded), got \(m.repr)")
        }
        let (engine, epoch) = try forTask(config: config, log: log, task: "search", dataset: data, searchFlag: true, evalFlag: doEval)
        let ep = epoch ?? 1
        log.v1("Search with network on \(data.name).")
        let layerValue = config.typedValue("search_output_layer") ?? .str("output")
        let isList = layerValue.sequenceItems != nil
        let layerNames = layerValue.sequenceItems?.compactMap(\.stringValue) ?? [layerValue.stringValue ?? "output"]
        // Per output layer: the data key whose vocabulary writes its labels (the loss target's,
        // else the default target's, if its size fits) and the key of the references.
        var vocabKeys: [String?] = [], refKeys: [String?] = [], ctcDecoded: [Bool] = []
        for name in layerNames {
            guard let node = engine.network.node(name) else {
                let hint = EditDistance.closest(to: name, in: engine.network.nodes.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw EngineError("search_output_layer '\(name)' is not a layer of the network (built with the search flag)\(hint)")
            }
            // A dense output with a CTC loss is decoded greedily (repeats merged, blanks removed).
            let ctc = !node.output.isSparse && node.loss?.loss is CtcLoss
            guard node.output.isSparse || ctc else {
                throw EngineError("search_output_layer '\(name)' is dense \(node.output); write labels: a choice/decide layer, or a softmax with a 'ctc' loss")
            }
            ctcDecoded.append(ctc)
            let candidates = [node.loss?.targetKey, engine.externData.defaultTarget].compactMap { $0 }
            let dim = ctc ? node.output.featureDim.map { $0 - 1 } : node.output.sparseTag?.size
            vocabKeys.append(candidates.first { k in data.vocabulary(for: k).map { $0.numLabels == dim } ?? false })
            refKeys.append(candidates.first { data.dataKeys.contains($0) })
        }
        var out: SearchOutputFile?
        if let path = try config.value("search_output_file", default: nil), !path.isEmpty {
            let format = try SearchOutputFile.format(named: try config.value("search_output_file_format", default: "txt") ?? "txt")
            if isList && format != .py { throw EngineError("search_output_file_format \"txt\" cannot hold several output layers; use \"py\"") }
            if FileManager.default.fileExists(atPath: path) { throw EngineError("search output file \(path) exists; remove it first") }
            out = try SearchOutputFile(path: path, format: format)
            log.v2("Will write outputs to: \(path)")
        }
        if !log.isVerbose(4) { log.v2("Set log_verbosity to level 4 or higher to see seq info on stdout.") }
        try data.initSeqOrder(epoch: ep)
        let batching = try engine.settings.batching(recurrent: true, usedKeys: engine.network.usedDataKeys.filter { data.dataKeys.contains($0) },
                                                    applyMaxSeqLength: false)
        var runOptions = engine.runOptions
        runOptions.computeLosses = doEval
        var runner = Runner(network: engine.network, log: log, reportPrefix: "epoch \(ep) search", mode: .forward, epoch: ep,
                            seed: engine.settings.randomSeed, runOptions: runOptions, showProgress: engine.showProgress)
        runner.interrupt = interrupt
        // The per-sequence lines are built only when they are printed.
        let verbose = log.isVerbose(4)
        let result = try runner.run(dataset: data, batching: batching, model: engine.model, onBatch: { batch, run in
            guard out != nil || verbose else { return }
            var entries = [[String: SearchOutputEntry]](repeating: [:], count: batch.seqIdx.count)
            for (li, name) in layerNames.enumerated() {
                guard var v = run.values[name] else { throw EngineError("search: layer '\(name)' was not computed") }
                if ctcDecoded[li] { v = v.ctcGreedyDecoded() }
                let texts = try hypothesisTexts(v, data: data, vocabKey: vocabKeys[li])
                let refs = doEval && verbose ? try referenceTexts(batch: batch, data: data, target: refKeys[li]) : nil
                for b in 0..<batch.seqIdx.count {
                    let head = "seq_idx: \(batch.seqIdx[b]), seq_tag: \(PythonRepr.string(batch.seqTags[b])), "
                    if let beam = v.beam {
                        let rows = (b * beam.size)..<((b + 1) * beam.size)
                        if verbose {
                            log.v4(head + "outputs \(PythonRepr.string(name)): " + beamRepr(v, rows: rows))
                            if let refs { log.v4("  ref: \(refs[b])") }
                            for (j, r) in rows.enumerated() { log.v4("  hyp \(j), score \(String(format: "%f", beam.scores[r])): \(texts[r])") }
                        }
                        entries[b][name] = .nBest(rows.map { .init(score: beam.scores[$0], text: texts[$0]) })
                    } else {
                        if verbose {
                            log.v4(head + "output \(PythonRepr.string(name)): \(NumpyRepr.int32(labelRow(v, b)))")
                            if let refs { log.v4("  ref: \(refs[b])") }
                            log.v4("  hyp: \(texts[b])")
                        }
                        entries[b][name] = .text(texts[b])
                    }
                }
            }
            guard let out else { return }
            for b in 0..<batch.seqIdx.count {
                let idx = try data.corpusSeqIdx(batch.seqIdx[b]) ?? batch.seqIdx[b]
                try out.append(seqTag: batch.seqTags[b], corpusSeqIndex: idx, entry: isList ? .layers(entries[b]) : entries[b][layerNames[0]]!)
            }
        })
        log.v1("Search done. Num steps \(result.steps), Final: score \(EpochScores.format(result.scores.score)) " +
               "error \(EpochScores.format(result.scores.error))")
        if let out {
            try out.finish()
            log.v3("search output written to \(out.path)")
        }
    }

    /// Every hypothesis (batch row) of `v` as the text the output file holds: through the
    /// vocabulary of data key `vocabKey`, else label indices joined by spaces.
    static func hypothesisTexts(_ v: LayerValue, data: any Dataset, vocabKey: String?) throws -> [String] {
        let vocab = vocabKey.flatMap { data.vocabulary(for: $0) }
        return try (0..<v.batch).map { r in
            let seq = labelRow(v, r)
            return try vocab?.seqLabels(seq) ?? seq.map(String.init).joined(separator: " ")
        }
    }

    /// The references of the batch, as text.
    static func referenceTexts(batch: Batch, data: any Dataset, target: String?) throws -> [String]? {
        guard let target, data.dataKeys.contains(target) else { return nil }
        let vocab = data.vocabulary(for: target)
        return try batch.seqIdx.map { i in
            let d = try data.data(i, key: target)
            let seq = d.ints
            return try vocab?.seqLabels(seq) ?? seq.map(String.init).joined(separator: " ")
        }
    }

    /// The hypotheses `rows` of a beam as numpy prints them (`array([[1, 0], [1, 1]], dtype=int32)`,
    /// padded to the batch's time axis).
    static func beamRepr(_ v: LayerValue, rows: Range<Int>) -> String {
        guard let ints = v.ints else { return "[]" }
        let t = ints.shape.count > 1 ? ints.shape[1] : 1
        let p = ints.pointer
        return NumpyRepr.int32(rows.flatMap { r in (0..<t).map { Int(p[r * t + $0]) } }, shape: [rows.count, t])
    }

    /// Row `r` of a sparse value `[B, T]` (or `[B]`), cut at its length.
    static func labelRow(_ v: LayerValue, _ r: Int) -> [Int] {
        guard let ints = v.ints else { return [] }
        let shape = ints.shape
        let t = shape.count > 1 ? shape[1] : 1
        let len = v.seqLens.map { Int($0.pointer[r]) } ?? t
        let p = ints.pointer + r * t
        return (0..<min(len, t)).map { Int(p[$0]) }
    }
}
