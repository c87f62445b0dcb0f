import ReturnnTensor

/// The time loop of the step-by-step `rec` units (`gru`, `basicrnn`): runs a cell step per frame
/// with tape ops, in `direction` 1 (forward) or -1 (backward). Padded frames keep the state and
/// give output 0, so a backward run starts at each sequence's own last frame (as TF's
/// `reverse_sequence` + `dynamic_rnn` in RETURNN).
enum RecStepLoop {
    /// Runs `step(t, h)` → new state over the frames of `x` (`[B, T, ...]` with lengths); the
    /// initial state is `h0`, or zeros `[B, n]`. The output at frame `t` is the (masked) new state. Returns the
    /// outputs `[B, T, n]` and the state after the last step `[B, n]` (each sequence's state after its
    /// last frame, or its first when running backward).
    static func run(_ x: LayerValue, n: Int, direction: Int, h0: Variable? = nil, _ tape: Tape, step: (Int, Variable) -> Variable) -> (Variable, Variable) {
        let (batch, time) = (x.batch, x.time)
        let lens = x.seqLens?.array.map(Int.init) ?? [Int](repeating: time, count: batch)
        var h = h0 ?? Variable(Tensor(zeros: [batch, n]))
        var outs = [Variable?](repeating: nil, count: time)
        let order = direction == 1 ? Array(0..<time) : Array((0..<time).reversed())
        for t in order {
            let valid = lens.map { t < $0 }
            let hNew = step(t, h)
            if valid.allSatisfy({ $0 }) {
                h = hNew
                outs[t] = hNew
            } else {
                let m = Variable(Tensor(shape: [batch, 1], valid.map { $0 ? 1 : 0 }))
                outs[t] = tape.mul(hNew, m)
                h = tape.add(h, tape.mul(tape.sub(hNew, h), m))
            }
        }
        guard time > 0 else { return (Variable(Tensor(zeros: [batch, 0, n])), h) }
        return (tape.concat(outs.map { tape.reshape($0!, [batch, 1, n]) }, axis: 1), h)
    }

    /// Frame `t` of a time-major `[T, B, k]` value as `[B, k]`.
    static func frame(_ xt: Variable, _ t: Int, _ tape: Tape) -> Variable {
        tape.reshape(tape.slice(xt, axis: 0, t..<(t + 1)), Array(xt.shape.dropFirst()))
    }
}
