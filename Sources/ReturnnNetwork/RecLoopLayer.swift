import ReturnnTensor

/// The loop of a `rec` layer with a unit dict (RETURNN `_SubnetworkRecCell`'s while loop): runs the
/// unit's layers that stayed in the loop frame by frame over the loop's time axis, on the tape (so
/// gradients flow back through every frame), and keeps each layer's frames (`RecFrames`).
///
/// Its sources are the whole-sequence nodes the loop reads: layers moved out before the loop and
/// `data:source` (read a frame at a time), layers outside the unit (`base:`, read whole), and the
/// layers `initial_output` names. `prev:x` is x's output at the frame before (inside the loop) or
/// the frame before of a moved-out x, with x's `initial_output` at the first frame.
final class RecLoopLayer: Layer {
    static let className = "rec_loop"
    static var concatenatesSources: Bool { false }
    static var mixesFrames: Bool { true }

    /// Where a value read in the loop comes from.
    enum Source {
        /// This frame's output of a layer in the loop (local name).
        case computed(String)
        /// This frame of loop input `input` (frame axis `axis`; `lengths` of the frame's own time axis).
        case frame(input: Int, axis: Int, lengths: Dim?)
        /// Loop input `input` as it is.
        case whole(Int)
        /// The previous frame's output of a layer in the loop (local name).
        case prevInside(String)
        /// The previous frame of loop input `input`, or `initial` at the first frame.
        case prevFrame(input: Int, axis: Int, initial: Initial)
        /// `:i`.
        case stepIndex
    }

    /// A first-frame value: how to make it, the per-frame template, and the loop input that holds
    /// the layer `initial_output` names.
    struct Initial {
        let value: RecInitialOutput
        let frame: DataTemplate
        let input: Int?
    }

    /// One layer computed per frame.
    struct Step {
        let node: LayerNode
        let local: String
        let sources: [Source]
        let references: [Source]
    }

    /// `[B]` int: the loop's lengths.
    let output: DataTemplate
    let steps: [Step]
    /// Layers whose previous frame is read, with their first-frame values.
    let prevInside: [(local: String, initial: Initial)]
    let loopTime: Dim
    let recLayer: String
    /// The beam search of the loop, when a choice in it searches (`RecLoopLayer+Search.swift`).
    let search: RecLoopSearch?
    /// The templates of the loop's inputs (where their batch axes are).
    let inputTemplates: [DataTemplate]

    init(recLayer: String, loopTime: Dim, steps: [Step], prevInside: [(local: String, initial: Initial)], search: RecLoopSearch? = nil,
         inputTemplates: [DataTemplate] = []) {
        self.recLayer = recLayer
        self.loopTime = loopTime
        self.steps = steps
        self.prevInside = prevInside
        self.search = search
        self.inputTemplates = inputTemplates
        output = DataTemplate(dims: [.batch], isInt: true)
    }

    init(_ b: LayerBuilder) throws { preconditionFailure("RecLoopLayer is made by the rec unit builder") }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        if let search { return try searchForward(inputs, search, ctx) }
        guard let lens = ctx.sizes(of: loopTime) else {
            throw NetworkError(.invalidNetwork, "the lengths of the loop's time axis \(loopTime) are not known in this batch", layer: recLayer)
        }
        let batch = lens.count
        let time = Int(lens.array.max() ?? 0)
        let tape = ctx.tape
        var prev: [String: LayerValue] = [:]
        for (x, i) in prevInside { prev[x] = initialValue(i, rows: batch, inputs: inputs, ctx) }
        var states = try initialStates(rows: batch, inputs: inputs, ctx)
        var frames: [String: [LayerValue]] = [:]
        for s in steps { frames[s.local] = [] }
        for t in 0..<time {
            var cur: [String: LayerValue] = [:]
            func resolve(_ src: Source) -> LayerValue { sourceValue(src, t: t, rows: batch, cur: cur, prev: prev, inputs: inputs, ctx) }
            for s in steps {
                var ins = s.sources.map(resolve)
                if s.node.concatenates && !ins.isEmpty {
                    var x = ins.count == 1 ? ins[0] : Network.concat(ins, tape: tape)
                    if ctx.isTraining && s.node.dropout > 0, let v = x.values {
                        x.values = Network.dropout(v, rate: s.node.dropout, generator: ctx.generator(RandomGenerator.Stream.dropout,
                                                   layer: s.node.name + "@\(t)"), tape: tape)
                    }
                    ins = [x]
                }
                ins += s.references.map(resolve)
                let out: LayerValue
                if let sl = s.node.layer as? any RecStepLayer {
                    let r = try sl.step(ins, state: states[s.local]!, ctx)
                    states[s.local] = r.state
                    out = r.output
                } else {
                    out = try s.node.layer.forward(ins, ctx)
                }
                cur[s.local] = out
                frames[s.local]!.append(out)
            }
            for (x, _) in prevInside { prev[x] = cur[x] }
        }
        var value = LayerValue(ints: lens, seqLens: nil)
        value.recFrames = RecFrames(values: frames, lengths: lens)
        return value
    }

    /// The first-frame value `i` for `rows` rows.
    func initialValue(_ i: Initial, rows: Int, inputs: [LayerValue], _ ctx: ForwardContext) -> LayerValue {
        i.value.value(frame: i.frame, batch: rows, layer: i.input.map { inputs[$0] }, ctx)
    }

    /// The state of every `RecStepLayer` of the loop before the first frame, for `rows` rows.
    func initialStates(rows: Int, inputs: [LayerValue], _ ctx: ForwardContext) throws -> [String: RecStepState] {
        var states: [String: RecStepState] = [:]
        for s in steps {
            guard let sl = s.node.layer as? any RecStepLayer else { continue }
            let refs = s.references.map { src -> LayerValue in
                if case .whole(let i) = src { return inputs[i] }
                preconditionFailure("RecLoopLayer: '\(s.node.name)' references a value of the loop for its initial state")
            }
            states[s.local] = try sl.initialStepState(batch: rows, references: refs, ctx)
        }
        return states
    }

    /// The value `src` stands for at frame `t` (`rows` rows), given this frame's outputs so far
    /// (`cur`) and the previous frame's (`prev`).
    func sourceValue(_ src: Source, t: Int, rows: Int, cur: [String: LayerValue], prev: [String: LayerValue], inputs: [LayerValue],
               _ ctx: ForwardContext) -> LayerValue {
        switch src {
        case .computed(let x): return cur[x]!
        case .frame(let i, let axis, let lengths):
            var v = RecFrames.frame(inputs[i], axis: axis, t, ctx.tape)
            if let lengths { v.seqLens = ctx.sizes(of: lengths) }
            return v
        case .whole(let i): return inputs[i]
        case .prevInside(let x): return prev[x]!
        case .prevFrame(let i, let axis, let initial):
            return t == 0 ? initialValue(initial, rows: rows, inputs: inputs, ctx) : RecFrames.frame(inputs[i], axis: axis, t - 1, ctx.tape)
        case .stepIndex: return LayerValue(ints: IntTensor(shape: [], [Int32(t)]), seqLens: nil)
        }
    }
}
