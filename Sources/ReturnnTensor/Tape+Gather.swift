import ReturnnKernels

/// Gather along axis 0 (embedding lookup), forward and gradient rule (scatter-add).
extension Tape {
    /// `table[indices]` along axis 0: `table` is `[V, ...]`, the result is `indices.shape + table.shape[1...]`
    /// (RETURNN `linear` on sparse input / `gather` on axis 0). An index outside `0..<V` is a
    /// precondition failure. The gradient adds each output row into its table row.
    public func gather(_ table: Variable, indices: IntTensor) -> Variable {
        precondition(table.rank >= 1, "Tape.gather: table must be at least 1-D")
        let rows = table.shape[0]
        let width = table.value.count / Swift.max(rows, 1)
        let y = Tensor(uninitialized: indices.shape + Array(table.shape.dropFirst()))
        Gather.rows(table.value.pointer, rows: rows, width: width, indices: indices.pointer, count: indices.count,
                    y.freshPointer)
        return record(inputs: [table], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Gather.scatterAddRows(dy.pointer, indices: indices.pointer, count: indices.count, width: width,
                                  ctx.gradientBuffer(0), rows: rows)
        }
    }
}
