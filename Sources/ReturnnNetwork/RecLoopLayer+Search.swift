import Foundation
import ReturnnKernels
import ReturnnTensor

/// Beam search in the loop of a `rec` unit (RETURNN's `_SubnetworkRecCell` with a searching
/// `ChoiceLayer`, `beam_search`, `filter_ended_scores`, `_opt_search_resolve`).
///
/// Every value in the loop has `batch × beam` rows from the first frame on (upstream also runs
/// with the final beam size everywhere); at the first frame only the first hypothesis of each
/// sequence is live (the others score -inf, as upstream's beam of 1). At the choice, the scores of
/// its source (log space) are added to the hypotheses' scores and the `beam_size` best
/// continuations of each sequence are kept; every value computed so far in the frame, every
/// `prev:` value and every layer state is then reordered by the chosen source hypotheses. An
/// ended hypothesis (`end` True, or-ed over frames) continues only with label 0 at no cost and
/// keeps its length; with `length_normalization` its score is scaled by `(t+1)/t` per frame so
/// that hypotheses compare by score per frame. The loop stops when every hypothesis ended or
/// at `max_seq_len`. Afterwards the frames are traced back from the final hypotheses.
extension RecLoopLayer {
    func searchForward(_ rawInputs: [LayerValue], _ search: RecLoopSearch, _ outer: ForwardContext) throws -> LayerValue {
        let tape = outer.tape
        let beam = search.settings.beamSize
        guard let batch = loopBatch(rawInputs, outer) else {
            throw NetworkError(.invalidNetwork, "cannot tell the batch size of the search (the loop reads no batched input)", layer: recLayer)
        }
        let n = batch * beam
        let ctx = outer.tiled(beam: beam)
        let tile = SearchBeam.tileRows(batch: batch, size: beam)
        let inputs = rawInputs.enumerated().map { i, v -> LayerValue in
            guard i < inputTemplates.count, let ba = inputTemplates[i].batchAxis, v.beam == nil, ba < v.shape.count, v.shape[ba] == batch else { return v }
            return v.selectingBatch(tile, batchAxis: ba, tape)
        }
        // How many frames.
        let fixedLens = ctx.sizes(of: loopTime)
        var limit: Int
        if let fixedLens {
            limit = Int(fixedLens.array.max() ?? 0)
            if search.end != nil, let m = try search.maxFrames(rawInputs) { limit = min(limit, m) }
        } else {
            guard let m = try search.maxFrames(rawInputs) else { preconditionFailure("RecLoopLayer: a search without input length needs max_seq_len") }
            limit = m
        }
        var batchAxisOf: [String: Int] = [:]
        for s in steps { batchAxisOf[s.local] = s.node.output.batchAxis }
        func initialValue(_ i: Initial) -> LayerValue {
            i.value.value(frame: i.frame, batch: n, layer: i.input.map { inputs[$0] }, ctx)
        }
        var prev: [String: LayerValue] = [:]
        for (x, i) in prevInside { prev[x] = initialValue(i) }
        var states: [String: RecStepState] = [:]
        for s in steps {
            guard let sl = s.node.layer as? any RecStepLayer else { continue }
            let refs = s.references.map { src -> LayerValue in
                if case .whole(let i) = src { return inputs[i] }
                preconditionFailure("RecLoopLayer: '\(s.node.name)' references a value of the loop for its initial state")
            }
            states[s.local] = try sl.initialStepState(batch: n, references: refs, ctx)
        }
        var frames: [String: [LayerValue]] = [:]
        for s in steps { frames[s.local] = [] }
        var scores = [Float](repeating: -.infinity, count: n)
        for b in 0..<batch { scores[b * beam] = 0 }
        var ended = [Bool](repeating: false, count: n)
        var lengths = [Int32](repeating: 0, count: n)
        var sourceBeams: [[Int32]] = []
        var t = 0
        while t < limit && (search.end == nil || ended.contains(false)) {
            var cur: [String: LayerValue] = [:]
            var done: [String] = []
            func resolve(_ src: Source) -> LayerValue {
                switch src {
                case .computed(let x): return cur[x]!
                case .frame(let i, let axis, let lengths):
                    var v = RecFrames.frame(inputs[i], axis: axis, t, tape)
                    if let lengths { v.seqLens = ctx.sizes(of: lengths) }
                    return v
                case .whole(let i): return inputs[i]
                case .prevInside(let x): return prev[x]!
                case .prevFrame(let i, let axis, let initial):
                    return t == 0 ? initialValue(initial) : RecFrames.frame(inputs[i], axis: axis, t - 1, tape)
                case .stepIndex: return LayerValue(ints: IntTensor(shape: [], [Int32(t)]), seqLens: nil)
                }
            }
            for s in steps {
                var ins = s.sources.map(resolve)
                if s.node.concatenates && !ins.isEmpty { ins = [ins.count == 1 ? ins[0] : Network.concat(ins, tape: tape)] }
                ins += s.references.map(resolve)
                let out: LayerValue
                if s.local == search.choice {
                    let step = try chooseStep(ins[0], search.settings, t: t, batch: batch, scores: scores, ended: ended, tape)
                    scores = step.scores
                    sourceBeams.append(step.sources)
                    let rows = IntTensor(shape: [n], (0..<n).map { Int32($0 / beam * beam) + step.sources[$0] })
                    func reorder(_ v: LayerValue, _ local: String) -> LayerValue {
                        guard let ba = batchAxisOf[local] else { return v }
                        return v.selectingBatch(rows, batchAxis: ba, tape)
                    }
                    for x in done {
                        cur[x] = reorder(cur[x]!, x)
                        frames[x]![t] = cur[x]!
                    }
                    for (x, v) in prev { prev[x] = reorder(v, x) }
                    for (x, st) in states {
                        states[x] = RecStepState(values: st.values.map { v in
                            LayerValue(values: v, seqLens: nil).selectingBatch(rows, batchAxis: 0, tape).dense
                        })
                    }
                    ended = rows.array.map { ended[Int($0)] }
                    lengths = rows.array.map { lengths[Int($0)] }
                    out = LayerValue(ints: IntTensor(shape: [n], step.labels), seqLens: nil)
                } else if let sl = s.node.layer as? any RecStepLayer {
                    let r = try sl.step(ins, state: states[s.local]!, ctx)
                    states[s.local] = r.state
                    out = r.output
                } else {
                    out = try s.node.layer.forward(ins, ctx)
                }
                cur[s.local] = out
                frames[s.local]!.append(out)
                done.append(s.local)
            }
            if let e = search.end {
                let flags = cur[e]!.ints?.array ?? cur[e]!.dense.value.array.map { $0 != 0 ? 1 : 0 }
                precondition(flags.count == n, "RecLoopLayer: the end layer gave \(flags.count) flags for \(n) hypotheses")
                for i in 0..<n {
                    let now = ended[i] || flags[i] != 0
                    if !(search.includeEos ? ended[i] : now) { lengths[i] += 1 }
                    ended[i] = now
                }
            } else {
                for i in 0..<n where t < Int(fixedLens!.pointer[i]) { lengths[i] += 1 }
            }
            for (x, _) in prevInside { prev[x] = cur[x] }
            t += 1
        }
        // Trace back: frame t of final hypothesis (b, j).
        var index = (0..<n).map { Int32($0) }
        var rowsPerFrame = [IntTensor](repeating: IntTensor(shape: [0], []), count: t)
        for f in stride(from: t - 1, through: 0, by: -1) {
            rowsPerFrame[f] = IntTensor(shape: [n], index)
            if f < sourceBeams.count {
                index = index.map { i in Int32(Int(i) / beam * beam) + sourceBeams[f][Int(i)] }
            }
        }
        var traced: [String: [LayerValue]] = [:]
        for (x, fs) in frames {
            guard let ba = batchAxisOf[x] else { traced[x] = fs; continue }
            traced[x] = fs.enumerated().map { f, v in v.selectingBatch(rowsPerFrame[f], batchAxis: ba, tape) }
        }
        let lens = IntTensor(shape: [n], lengths)
        var value = LayerValue(ints: lens, seqLens: nil)
        value.recFrames = RecFrames(values: traced, lengths: lens)
        value.beam = SearchBeam(size: beam, scores: scores)
        if fixedLens == nil { outer.setSizes(lens, for: loopTime) }
        return value
    }

    /// The batch size (sequences) of the loop's inputs.
    private func loopBatch(_ inputs: [LayerValue], _ ctx: ForwardContext) -> Int? {
        for (i, v) in inputs.enumerated() where i < inputTemplates.count {
            if let ba = inputTemplates[i].batchAxis, ba < v.shape.count { return v.shape[ba] }
        }
        return ctx.data.values.first.map(\.batch)
    }

    /// One choice: the scores of the source in log space, combined with the hypotheses' scores,
    /// and the best `beam_size` continuations of each sequence.
    private func chooseStep(_ source: LayerValue, _ settings: ChoiceLayer.Settings, t: Int, batch: Int, scores: [Float], ended: [Bool],
                            _ tape: Tape) throws -> (sources: [Int32], labels: [Int32], scores: [Float]) {
        let beam = settings.beamSize
        let n = batch * beam
        let logp: Variable
        switch settings.inputType {
        case "log_prob": logp = source.dense
        case "logits": logp = tape.logSoftmax(source.dense)
        default: logp = source.logits.map { tape.logSoftmax($0) } ?? tape.safeLog(source.dense)
        }
        let dim = logp.shape.last ?? 1
        precondition(logp.value.count == n * dim, "RecLoopLayer: the choice's scores have shape \(logp.shape), expected [\(n), \(dim)]")
        var combined = [Float](repeating: 0, count: n * dim)
        let p = logp.value.pointer
        let probScale = Float(settings.probScale), baseScale = Float(settings.baseBeamScoreScale)
        let lengthFactor = settings.lengthNormalization && t > 0 ? Float(pow(Double(t + 1) / Double(t), settings.lengthNormalizationExponent)) : 1
        for i in 0..<n {
            var base = scores[i]
            if base.isFinite {
                if ended[i] { base *= lengthFactor }
                base *= baseScale
            }
            let row = i * dim
            if ended[i] {
                combined[row] = base
                for v in 1..<dim { combined[row + v] = -1e30 * probScale + base }
            } else {
                for v in 0..<dim { combined[row + v] = p[row + v] * probScale + base }
            }
        }
        var src = [Int32](repeating: 0, count: n), labels = [Int32](repeating: 0, count: n), out = [Float](repeating: 0, count: n)
        combined.withUnsafeBufferPointer { c in
            BeamTopK.run(scores: c.baseAddress!, batch: batch, beamIn: beam, dim: dim, beamSize: beam,
                         srcBeams: &src, labels: &labels, outScores: &out)
        }
        return (src, labels, out)
    }
}
