import ReturnnKernels

/// What a gradient rule sees while `Tape.backward` runs it: the gradients of the op's outputs and
/// write access to the gradient buffers of its inputs.
///
/// Input gradients accumulate in place (one buffer per slot, zero-initialised on first use), so a
/// value used by several ops never has its gradient copied. `accumulate(_:_:)` adopts a fresh
/// tensor without copying when the slot has no gradient yet.
public final class BackwardContext {
    /// The tape being differentiated.
    unowned let tape: Tape
    /// Input slots of the op (nil = constant input).
    let inputs: [Int?]
    /// Output slots of the op.
    let outputs: [Int]

    /// Creates the context for one op.
    init(tape: Tape, inputs: [Int?], outputs: [Int]) {
        self.tape = tape
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Gradient of output `i`, or `nil` when no gradient reached that output.
    public func outputGradient(_ i: Int = 0) -> Tensor? {
        tape.grads[outputs[i]]
    }

    /// Gradient of output `i`, zeros when no gradient reached it.
    public func outputGradientOrZeros(_ i: Int = 0) -> Tensor {
        tape.grads[outputs[i]] ?? Tensor(zeros: tape.shapes[outputs[i]])
    }

    /// Whether input `i` wants a gradient (false for constants).
    public func needsGradient(_ i: Int) -> Bool {
        inputs[i] != nil
    }

    /// Writable gradient buffer of input `i` (zero-filled on first use; add into it). Valid until
    /// the rule returns. Only for inputs that `needsGradient`.
    public func gradientBuffer(_ i: Int) -> UnsafeMutablePointer<Float> {
        guard let id = inputs[i] else { preconditionFailure("BackwardContext: input \(i) is a constant") }
        if tape.grads[id] == nil {
            tape.grads[id] = Tensor(zeros: tape.shapes[id])
        } else {
            tape.grads[id]!.makeUnique()
        }
        return tape.grads[id]!.storage.pointer
    }

    /// Adds `g` (same element count as input `i`) to the gradient of input `i`; adopts `g`'s
    /// storage without copying when input `i` has no gradient yet. No-op for constant inputs.
    public func accumulate(_ i: Int, _ g: Tensor) {
        guard let id = inputs[i] else { return }
        let shape = tape.shapes[id]
        precondition(g.count == ShapeUtil.count(shape),
                     "BackwardContext: gradient of \(g.count) values for input of shape \(shape)")
        if tape.grads[id] == nil {
            tape.grads[id] = g.reshaped(shape)
        } else {
            let dst = gradientBuffer(i)
            Elementwise.axpy(1, g.pointer, dst, count: g.count)
        }
    }
}
