import ReturnnKernels

/// Identity whose gradient is dropped per batch entry when it is too large (RETURNN `filter_grad`,
/// the `grad_filter` option of `linear`/`softmax`).
extension Tape {
    /// `x` (`[B, ...]`, batch first) unchanged in the forward pass; on the way back each batch
    /// entry keeps its gradient only if `max(grad²)` over its other axes is below `threshold`, and
    /// gets zero otherwise.
    public func filterGradient(_ x: Variable, threshold: Float) -> Variable {
        precondition(x.rank >= 1, "Tape.filterGradient: x needs a batch axis, got shape \(x.shape)")
        let batch = x.shape[0], per = x.shape.dropFirst().reduce(1, *)
        return record(inputs: [x], output: x.value) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let g = ctx.gradientBuffer(0)
            for b in 0..<batch {
                let row = dy.pointer + b * per
                var m: Float = 0
                for i in 0..<per { m = Swift.max(m, row[i] * row[i]) }
                if m < threshold { Elementwise.axpy(1, row, g + b * per, count: per) }
            }
        }
    }
}
