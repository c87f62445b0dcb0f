import ReturnnTensor

/// A name a layer reads per frame inside a rec loop whose value the loop fills in at each frame:
/// `prev:x`, `data:source`, `data:<key>` (a frame of extern data on the loop's time axis), `:i`.
/// Only used while the unit is built; the loop node resolves it (`RecLoopLayer`).
final class RecPlaceholderLayer: Layer {
    /// What the loop puts in.
    enum Kind {
        /// `prev:x`: x's output at the frame before (a unit layer, by local name).
        case prev(String)
        /// A frame of a whole-sequence node outside the loop (`data:source`, `data:<key>`).
        case frame(String)
        /// `:i`, the frame index (int32 scalar per sequence).
        case stepIndex
    }

    static let className = "rec_placeholder"
    static var defaultSources: [String] { [] }
    let output: DataTemplate
    let kind: Kind

    init(output: DataTemplate, kind: Kind) {
        self.output = output
        self.kind = kind
    }

    init(_ b: LayerBuilder) throws { preconditionFailure("RecPlaceholderLayer is made by the rec unit builder") }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        preconditionFailure("RecPlaceholderLayer: the rec loop fills in its value")
    }
}

/// The value of a `rec` layer with a unit dict: its unit's `output` over whole sequences (the
/// node's only source).
final class RecUnitLayer: Layer {
    static let className = "rec"
    static var concatenatesSources: Bool { false }
    static var mixesFrames: Bool { true }
    let output: DataTemplate

    init(output: DataTemplate) { self.output = output }
    init(_ b: LayerBuilder) throws { preconditionFailure("RecUnitLayer is made by the rec unit builder") }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}

/// `prev:x` over whole sequences, for layers moved out of the loop: x one frame later, with x's
/// `initial_output` first. Sources: x, then the initial layer if `initial_output` names one.
final class RecPrevShiftLayer: Layer {
    static let className = "rec_prev"
    static var concatenatesSources: Bool { false }
    let output: DataTemplate
    let frameTemplate: DataTemplate
    let axis: Int
    let initial: RecInitialOutput

    init(output: DataTemplate, frameTemplate: DataTemplate, axis: Int, initial: RecInitialOutput) {
        self.output = output
        self.frameTemplate = frameTemplate
        self.axis = axis
        self.initial = initial
    }

    init(_ b: LayerBuilder) throws { preconditionFailure("RecPrevShiftLayer is made by the rec unit builder") }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let first = initial.value(frame: frameTemplate, batch: x.batch, layer: inputs.count > 1 ? inputs[1] : nil, ctx)
        return RecFrames.shifted(x, initial: first, axis: axis, ctx.tape)
    }
}

/// One layer of a rec unit that ran inside the loop, over whole sequences: its frames stacked on
/// the loop's time axis. Source: the loop node.
final class RecStackedOutputLayer: Layer {
    static let className = "rec_stacked"
    static var concatenatesSources: Bool { false }
    let output: DataTemplate
    let layer: String
    let axis: Int

    init(output: DataTemplate, layer: String, axis: Int) {
        self.output = output
        self.layer = layer
        self.axis = axis
    }

    init(_ b: LayerBuilder) throws { preconditionFailure("RecStackedOutputLayer is made by the rec unit builder") }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        guard let frames = inputs[0].recFrames, let xs = frames.frames(of: layer) else {
            preconditionFailure("RecStackedOutputLayer: the loop computed no frames of '\(layer)'")
        }
        if xs.isEmpty {
            let shape = output.dims.map { d in d.isBatch ? inputs[0].batch : d.size ?? 0 }
            if output.isInt { return LayerValue(ints: IntTensor(shape: shape, repeating: 0), seqLens: frames.lengths) }
            return LayerValue(values: Variable(Tensor(zeros: shape)), seqLens: frames.lengths)
        }
        return RecFrames.stack(xs, axis: axis, lengths: frames.lengths, ctx.tape)
    }
}
