/// Row selection by a flat index map with a fill value (the primitive under `pad`, `gather`,
/// `slice_nd`, `tile`, `repeat`, `time_chunking`, `shift_axis`, `seq_len_mask`, ...), forward and
/// gradient rule.
extension Tape {
    /// `x` viewed as rows of `rowSize` elements, output row `r` = row `rows[r]` of `x`, or `fill`
    /// everywhere when `rows[r] < 0`; the result has `shape` (whose element count must be
    /// `rows.count * rowSize`). A row may be taken several times or not at all. The gradient adds
    /// each output row into the row it was taken from (filled rows get none).
    public func take(_ x: Variable, rows: IntTensor, rowSize: Int, shape: [Int], fill: Float = 0) -> Variable {
        precondition(rowSize >= 0 && (rowSize == 0 || x.value.count % rowSize == 0),
                     "Tape.take: \(x.shape) is not made of rows of \(rowSize)")
        precondition(ShapeUtil.count(shape) == rows.count * rowSize,
                     "Tape.take: shape \(shape) does not hold \(rows.count) rows of \(rowSize)")
        let n = rowSize == 0 ? 0 : x.value.count / rowSize
        let y = Tensor(uninitialized: shape)
        let src = x.value.pointer, dst = y.freshPointer, idx = rows.pointer
        for r in 0..<rows.count {
            let i = Int(idx[r])
            precondition(i < n, "Tape.take: row \(i) out of range for \(n) rows")
            let d = dst + r * rowSize
            if i < 0 { d.update(repeating: fill, count: rowSize) } else { d.update(from: src + i * rowSize, count: rowSize) }
        }
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = ctx.gradientBuffer(0), g = dy.pointer
            for r in 0..<rows.count {
                let i = Int(idx[r])
                guard i >= 0 else { continue }
                let d = dx + i * rowSize, e = g + r * rowSize
                for k in 0..<rowSize { d[k] += e[k] }
            }
        }
    }
}
