import ReturnnKernels

/// Masking primitives: dropout-mask multiply and sequence-length masking, forward and gradient rules.
extension Tape {
    /// `x * mask` where `mask` (a constant, same rank as `x`) is 1 along the axes the dropout mask
    /// is shared over (RETURNN's default noise shape broadcasts over batch and time). The mask
    /// holds `0` or `1/keepProb` (inverted dropout); it is built by the caller from its seeded
    /// generator.
    public func applyDropoutMask(_ x: Variable, mask: Tensor) -> Variable {
        precondition(mask.rank == x.rank && Broadcast.broadcasts(mask.shape, to: x.shape),
                     "Tape.applyDropoutMask: mask \(mask.shape) does not broadcast to \(x.shape)")
        let outShape = x.shape
        let y = Broadcast.binary(.mul, x.value, mask, outShape: outShape)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            ctx.accumulate(0, Broadcast.binary(.mul, dy, mask, outShape: outShape))
        }
    }

    /// Zeroes the padded frames of `x`: frames `t >= lengths[b]` of `x` shaped `[B, T, ...]`
    /// (`[T, B, ...]` when `timeMajor`). Lengths above `T` are clamped; negative ones are a
    /// precondition failure. The gradient is masked the same way.
    public func maskSequences(_ x: Variable, lengths: IntTensor, timeMajor: Bool = false) -> Variable {
        precondition(x.rank >= 2, "Tape.maskSequences: needs [B, T, ...] input, got \(x.shape)")
        let (batch, time) = timeMajor ? (x.shape[1], x.shape[0]) : (x.shape[0], x.shape[1])
        precondition(lengths.count == batch, "Tape.maskSequences: \(lengths.count) lengths for batch \(batch)")
        let inner = ShapeUtil.count(Array(x.shape.dropFirst(2)))
        let y = x.value
        let out = Tensor(uninitialized: x.shape)
        out.freshPointer.update(from: y.pointer, count: y.count)
        Tape.zeroPadding(out.freshPointer, batch: batch, time: time, inner: inner, lengths: lengths, timeMajor: timeMajor)
        return record(inputs: [x], output: out) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let g = Tensor(uninitialized: dy.shape)
            g.freshPointer.update(from: dy.pointer, count: dy.count)
            Tape.zeroPadding(g.freshPointer, batch: batch, time: time, inner: inner, lengths: lengths, timeMajor: timeMajor)
            ctx.accumulate(0, g)
        }
    }

    /// Sets frames `t >= lengths[b]` of a `[B, T, inner]` (or `[T, B, inner]`) buffer to 0.
    static func zeroPadding(
        _ p: UnsafeMutablePointer<Float>, batch: Int, time: Int, inner: Int, lengths: IntTensor, timeMajor: Bool
    ) {
        for b in 0..<batch {
            let len = Int(lengths.pointer[b])
            precondition(len >= 0, "Tape.maskSequences: negative length \(len)")
            guard len < time else { continue }
            if timeMajor {
                for t in len..<time { (p + (t * batch + b) * inner).update(repeating: 0, count: inner) }
            } else {
                (p + (b * time + len) * inner).update(repeating: 0, count: (time - len) * inner)
            }
        }
    }
}

extension Tensor {
    /// Sequence mask: `[B, T]` (or `[T, B]` when `timeMajor`) with 1 for frames `t < lengths[b]` and 0
    /// for padding. Lengths above `maxTime` are clamped.
    public static func sequenceMask(lengths: IntTensor, maxTime: Int, timeMajor: Bool = false) -> Tensor {
        let batch = lengths.count
        let m = Tensor(shape: timeMajor ? [maxTime, batch] : [batch, maxTime], repeating: 1)
        Tape.zeroPadding(m.freshPointer, batch: batch, time: maxTime, inner: 1, lengths: lengths, timeMajor: timeMajor)
        return m
    }
}
