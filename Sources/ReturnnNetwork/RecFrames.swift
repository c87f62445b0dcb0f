import ReturnnTensor

/// The per-frame outputs of the layers that ran inside a rec loop, for one batch (the value of the
/// loop node; `RecStackedOutputLayer` stacks one layer's frames into a whole sequence).
public final class RecFrames {
    /// Layer name (local to the unit) → its output at each frame, as the loop left them.
    private let raw: [String: [LayerValue]]
    /// After a beam search: per layer, the rows of each frame that make the final hypotheses
    /// (`LayerValue.selectingBatch`), applied when the layer's frames are first read, so only
    /// the frames read after the loop are traced back.
    private let trace: (rows: (String, Int) -> IntTensor?, batchAxis: [String: Int], tape: Tape)?
    private var traced: [String: [LayerValue]] = [:]
    /// The loop's lengths per sequence `[B]`.
    public let lengths: IntTensor

    init(values: [String: [LayerValue]], lengths: IntTensor,
         trace: (rows: (String, Int) -> IntTensor?, batchAxis: [String: Int], tape: Tape)? = nil) {
        raw = values
        self.lengths = lengths
        self.trace = trace
    }

    /// The output of layer `local` at each frame (traced back to the final hypotheses after a
    /// beam search), or nil when it did not run in the loop.
    func frames(of local: String) -> [LayerValue]? {
        guard let fs = raw[local] else { return nil }
        guard let trace, let ba = trace.batchAxis[local] else { return fs }
        if let t = traced[local] { return t }
        let t = fs.enumerated().map { f, v in trace.rows(local, f).map { v.selectingBatch($0, batchAxis: ba, trace.tape) } ?? v }
        traced[local] = t
        return t
    }

    /// Frame `t` of `value` whose frame axis is `axis` (the axis removed).
    static func frame(_ value: LayerValue, axis: Int, _ t: Int, _ tape: Tape) -> LayerValue {
        var shape = value.shape
        shape.remove(at: axis)
        if let ints = value.ints {
            return LayerValue(ints: ints.sliced(axis: axis, t..<(t + 1)).reshaped(shape), seqLens: nil)
        }
        return LayerValue(values: tape.reshape(tape.slice(value.dense, axis: axis, t..<(t + 1)), shape), seqLens: nil)
    }

    /// The frames stacked on a new axis `axis`, with `lengths` as the sequence lengths.
    static func stack(_ frames: [LayerValue], axis: Int, lengths: IntTensor, _ tape: Tape) -> LayerValue {
        precondition(!frames.isEmpty, "RecFrames.stack: no frames")
        var shape = frames[0].shape
        shape.insert(1, at: axis)
        if frames[0].ints != nil {
            return LayerValue(ints: IntTensor.concatenated(frames.map { $0.ints!.reshaped(shape) }, axis: axis), seqLens: lengths)
        }
        let parts = frames.map { tape.reshape($0.dense, shape) }
        return LayerValue(values: parts.count == 1 ? parts[0] : tape.concat(parts, axis: axis), seqLens: lengths)
    }

    /// `value` moved one frame later on `axis`, with `initial` (one frame, without the axis) first:
    /// the whole-sequence form of `prev:`.
    static func shifted(_ value: LayerValue, initial: LayerValue, axis: Int, _ tape: Tape) -> LayerValue {
        let time = value.shape[axis]
        guard time > 0 else { return value }
        var one = initial.shape
        one.insert(1, at: axis)
        if let ints = value.ints {
            let head = initial.ints!.reshaped(one)
            let out = time == 1 ? head : IntTensor.concatenated([head, ints.sliced(axis: axis, 0..<(time - 1))], axis: axis)
            return LayerValue(ints: out, seqLens: value.seqLens)
        }
        let head = tape.reshape(initial.dense, one)
        let out = time == 1 ? head : tape.concat([head, tape.slice(value.dense, axis: axis, 0..<(time - 1))], axis: axis)
        return LayerValue(values: out, seqLens: value.seqLens)
    }
}
