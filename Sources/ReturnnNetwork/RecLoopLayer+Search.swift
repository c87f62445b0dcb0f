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
/// at `max_seq_len`; a sequence whose hypotheses all ended leaves the loop before (its rows are
/// not computed any more, which changes nothing but the time). Afterwards the frames are traced
/// back from the final hypotheses.
extension RecLoopLayer {
    func searchForward(_ rawInputs: [LayerValue], _ search: RecLoopSearch, _ outer: ForwardContext) throws -> LayerValue {
        let tape = outer.tape
        let beam = search.settings.beamSize
        guard let batch = loopBatch(rawInputs, outer) else {
            throw NetworkError(.invalidNetwork, "cannot tell the batch size of the search (the loop reads no batched input)", layer: recLayer)
        }
        let total = batch * beam
        var ctx = outer.tiled(beam: beam)
        let tile = SearchBeam.tileRows(batch: batch, size: beam)
        var batched = Set<Int>()
        var inputs = rawInputs.enumerated().map { i, v -> LayerValue in
            guard i < inputTemplates.count, let ba = inputTemplates[i].batchAxis, v.beam == nil, ba < v.shape.count, v.shape[ba] == batch else { return v }
            batched.insert(i)
            return v.selectingBatch(tile, batchAxis: ba, tape)
        }
        // How many frames.
        let fixedLens = ctx.sizes(of: loopTime)
        var limit: Int
        // The `end` layer decides where hypotheses end, unless the lengths are known.
        let end = search.knownLengths ? nil : search.end
        if let fixedLens {
            limit = Int(fixedLens.array.max() ?? 0)
            if search.end != nil, let m = try search.maxFrames(rawInputs) { limit = min(limit, m) }
        } else {
            guard let m = try search.maxFrames(rawInputs) else { preconditionFailure("RecLoopLayer: a search without input length needs max_seq_len") }
            limit = m
        }
        var batchAxisOf: [String: Int] = [:]
        for s in steps { batchAxisOf[s.local] = s.node.output.batchAxis }
        // Layers computed before the choice in a frame have the hypotheses of the frame before;
        // reordered at the choice are only those read after it in the frame or at the next frame
        // (their stored frames keep the old order, which the trace-back knows).
        let choiceAt = steps.firstIndex { $0.local == search.choice }!
        let preChoice = Set(steps[..<choiceAt].map(\.local))
        var readAfter = Set<String>(), prevReadAfter = Set<String>()
        for s in steps[(choiceAt + 1)...] {
            for src in s.sources + s.references {
                if case .computed(let x) = src { readAfter.insert(x) }
                if case .prevInside(let x) = src { prevReadAfter.insert(x) }
            }
        }
        let reorderedAtChoice = preChoice.intersection(readAfter.union(prevInside.map(\.local)))
        var prev: [String: LayerValue] = [:]
        for (x, i) in prevInside { prev[x] = initialValue(i, rows: total, inputs: inputs, ctx) }
        var states = try initialStates(rows: total, inputs: inputs, ctx)
        // The sequences still searched (all their hypotheses are rows, `beam` per sequence, in
        // this order); sequences whose hypotheses all ended leave the loop (their rows are no
        // longer computed) with their scores, lengths and the frame count so far, once they are a
        // quarter of the rows.
        var active = Array(0..<batch)
        var activePerFrame: [[Int]] = []
        var frames: [String: [LayerValue]] = [:]
        for s in steps { frames[s.local] = [] }
        var scores = [Float](repeating: -.infinity, count: total)
        for b in 0..<batch { scores[b * beam] = 0 }
        var ended = [Bool](repeating: false, count: total)
        var lengths = [Int32](repeating: 0, count: total)
        var finalScores = [Float](repeating: 0, count: total), finalLengths = [Int32](repeating: 0, count: total)
        var leftAt = [Int](repeating: 0, count: batch)
        var sourceBeams: [[Int32]] = []
        var t = 0
        while t < limit && !active.isEmpty {
            let n = active.count * beam
            activePerFrame.append(active)
            if end == nil, fixedLens != nil {
                // A hypothesis has ended once the frame before was beyond its known length
                // (upstream's end flag of frame i is `i >= seq_len`; the choice reads the previous one).
                for (p, b) in active.enumerated() {
                    for j in 0..<beam where t > Int(fixedLens!.pointer[b * beam + j]) { ended[p * beam + j] = true }
                }
            }
            var cur: [String: LayerValue] = [:]
            var done: [String] = []
            func resolve(_ src: Source) -> LayerValue { sourceValue(src, t: t, rows: n, cur: cur, prev: prev, inputs: inputs, ctx) }
            for s in steps {
                var ins = s.sources.map(resolve)
                if s.node.concatenates && !ins.isEmpty { ins = [ins.count == 1 ? ins[0] : Network.concat(ins, tape: tape)] }
                ins += s.references.map(resolve)
                let out: LayerValue
                if s.local == search.choice {
                    let gold = search.settings.cheating == .off ? nil : RecLoopLayer.trueLabels(ins[1], frame: t, rows: n)
                    let step = try chooseStep(ins[0], search.settings, t: t, batch: active.count, scores: scores, ended: ended, gold: gold, tape)
                    scores = step.scores
                    sourceBeams.append(step.sources)
                    let rows = IntTensor(shape: [n], (0..<n).map { Int32($0 / beam * beam) + step.sources[$0] })
                    func reorder(_ v: LayerValue, _ local: String) -> LayerValue {
                        guard let ba = batchAxisOf[local] else { return v }
                        return v.selectingBatch(rows, batchAxis: ba, tape)
                    }
                    for x in done where reorderedAtChoice.contains(x) { cur[x] = reorder(cur[x]!, x) }
                    for (x, v) in prev where prevReadAfter.contains(x) { prev[x] = reorder(v, x) }
                    for (x, st) in states { states[x] = RecLoopLayer.selectingRows(st, rows, tape) }
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
            if let e = end {
                let flags = cur[e]!.ints?.array ?? cur[e]!.dense.value.array.map { $0 != 0 ? 1 : 0 }
                precondition(flags.count == n, "RecLoopLayer: the end layer gave \(flags.count) flags for \(n) hypotheses")
                for i in 0..<n {
                    let now = ended[i] || flags[i] != 0
                    if !(search.includeEos ? ended[i] : now) { lengths[i] += 1 }
                    ended[i] = now
                }
            } else {
                for (p, b) in active.enumerated() {
                    for j in 0..<beam where t < Int(fixedLens!.pointer[b * beam + j]) { lengths[p * beam + j] += 1 }
                }
            }
            for (x, _) in prevInside { prev[x] = cur[x] }
            t += 1
            // Sequences whose hypotheses all ended leave the loop.
            let finished = end == nil ? [] : active.indices.filter { p in (0..<beam).allSatisfy { ended[p * beam + $0] } }
            // Leaving copies the loop's inputs: done when a quarter of the sequences (or all) ended.
            if !finished.isEmpty && (finished.count * 4 >= active.count || finished.count == active.count) {
                for p in finished {
                    let b = active[p]
                    for j in 0..<beam {
                        finalScores[b * beam + j] = scores[p * beam + j]
                        finalLengths[b * beam + j] = lengths[p * beam + j]
                    }
                    leftAt[b] = t
                }
                let keep = active.indices.filter { !finished.contains($0) }
                guard !keep.isEmpty else { active = []; break }
                let rows = IntTensor(shape: [keep.count * beam], keep.flatMap { p in (0..<beam).map { Int32(p * beam + $0) } })
                let r = rows.array.map(Int.init)
                for (x, v) in prev { prev[x] = batchAxisOf[x].map { v.selectingBatch(rows, batchAxis: $0, tape) } ?? v }
                for (x, st) in states { states[x] = RecLoopLayer.selectingRows(st, rows, tape) }
                for i in batched { inputs[i] = inputs[i].selectingBatch(rows, batchAxis: inputTemplates[i].batchAxis!, tape) }
                scores = r.map { scores[$0] }
                ended = r.map { ended[$0] }
                lengths = r.map { lengths[$0] }
                active = keep.map { active[$0] }
                ctx = outer.tiled(beam: beam, sequences: active)
            }
        }
        for (p, b) in active.enumerated() {
            for j in 0..<beam {
                finalScores[b * beam + j] = scores[p * beam + j]
                finalLengths[b * beam + j] = lengths[p * beam + j]
            }
            leftAt[b] = t
        }
        // A sequence that left early missed the length normalization of the frames after it
        // (RETURNN scales ended hypotheses by (t+1)/t per frame until the loop ends).
        if search.settings.lengthNormalization {
            for b in 0..<batch where leftAt[b] < t && leftAt[b] > 0 {
                let f = Float(pow(Double(t) / Double(leftAt[b]), search.settings.lengthNormalizationExponent))
                for j in 0..<beam where finalScores[b * beam + j].isFinite { finalScores[b * beam + j] *= f }
            }
            // As upstream's `post_process_final_rec_vars_outputs`: the scores carry a factor of
            // the frame count, removed with the longest length (+1 for the end frame).
            let steps = Float(Int(finalLengths.max() ?? 0) + (search.includeEos ? 0 : 1))
            if steps > 0 { for i in 0..<total { finalScores[i] /= steps } }
        }
        // Trace back: frame f of final hypothesis (b, j), or nothing after its sequence left;
        // `rowsBefore` for the layers computed before the choice (in the frame's old order).
        var slot = (0..<total).map { Int32($0 % beam) }
        var rowsAfter = [IntTensor](repeating: IntTensor(shape: [0], []), count: t)
        var rowsBefore = rowsAfter
        for f in stride(from: t - 1, through: 0, by: -1) {
            var position = [Int](repeating: -1, count: batch)
            for (p, b) in activePerFrame[f].enumerated() { position[b] = p }
            var after = [Int32](repeating: -1, count: total), before = after
            for r in 0..<total {
                let p = position[r / beam]
                guard p >= 0 else { continue }
                let row = p * beam + Int(slot[r])
                after[r] = Int32(row)
                slot[r] = sourceBeams[f][row]
                before[r] = Int32(p * beam) + slot[r]
            }
            rowsAfter[f] = IntTensor(shape: [total], after)
            rowsBefore[f] = IntTensor(shape: [total], before)
        }
        let lens = IntTensor(shape: [total], finalLengths)
        var value = LayerValue(ints: lens, seqLens: nil)
        value.recFrames = RecFrames(values: frames, lengths: lens, trace: (rows: { local, f in
            preChoice.contains(local) ? rowsBefore[f] : rowsAfter[f]
        }, batchAxis: batchAxisOf, tape: tape))
        value.beam = SearchBeam(size: beam, scores: finalScores)
        if fixedLens == nil { outer.setSizes(lens, for: loopTime) }
        return value
    }

    /// A step state with its rows (batch axis 0 of every tensor) reindexed.
    static func selectingRows(_ state: RecStepState, _ rows: IntTensor, _ tape: Tape) -> RecStepState {
        RecStepState(values: state.values.map { v in LayerValue(values: v, seqLens: nil).selectingBatch(rows, batchAxis: 0, tape).dense })
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
                            gold: [Int32]?, _ tape: Tape) throws -> (sources: [Int32], labels: [Int32], scores: [Float]) {
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
        // Cheating (upstream's `beam_search` with gold targets): the true label continues the last
        // hypothesis (the first at the first frame) and takes the last place of the beam.
        let goldBeam = t == 0 ? 0 : beam - 1
        var goldLabel = [Int](repeating: 0, count: batch), goldScore = [Float](repeating: 0, count: batch)
        if let gold {
            for b in 0..<batch {
                goldLabel[b] = Swift.min(Swift.max(Int(gold[b * beam]), 0), dim - 1)
                let i = (b * beam + goldBeam) * dim + goldLabel[b]
                goldScore[b] = combined[i]
                if settings.cheating == .exclusive { combined[i] = -.infinity }
            }
        }
        var src = [Int32](repeating: 0, count: n), labels = [Int32](repeating: 0, count: n), out = [Float](repeating: 0, count: n)
        combined.withUnsafeBufferPointer { c in
            BeamTopK.run(scores: c.baseAddress!, batch: batch, beamIn: beam, dim: dim, beamSize: beam,
                         srcBeams: &src, labels: &labels, outScores: &out)
        }
        if gold != nil {
            for b in 0..<batch {
                let j = b * beam + beam - 1
                (src[j], labels[j], out[j]) = (Int32(goldBeam), Int32(goldLabel[b]), goldScore[b])
            }
        }
        return (src, labels, out)
    }

    /// The true label of each row at frame `t` for cheating: the target `[rows]` of this frame,
    /// or frame `t` of the whole target `[rows, T]` (0 after its end, as upstream's padding).
    static func trueLabels(_ target: LayerValue, frame t: Int, rows: Int) -> [Int32] {
        guard let ints = target.ints else { return [Int32](repeating: 0, count: rows) }
        if ints.shape.count == 1 { return ints.array }
        let time = ints.shape[1], p = ints.pointer
        let lens = target.seqLens?.array
        return (0..<rows).map { r in t < time && t < Int(lens?[r] ?? Int32(time)) ? p[r * time + t] : 0 }
    }
}
