import ReturnnTensor

/// The per-frame outputs of the layers that ran inside a rec loop, for one batch (the value of the
/// loop node; `RecStackedOutputLayer` stacks one layer's frames into a whole sequence).
public final class RecFrames {
    /// Layer name (local to the unit) → its output at each frame.
    public let values: [String: [LayerValue]]
    /// The loop's lengths per sequence `[B]`.
    public let lengths: IntTensor

    init(values: [String: [LayerValue]], lengths: IntTensor) {
        self.values = values
        self.lengths = lengths
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
