/// Row selection on int tensors (sparse indices, lengths): the int twin of `Tape.take`.
extension IntTensor {
    /// `self` viewed as rows of `rowSize` elements; output row `r` = row `rows[r]`, or `fill` when
    /// `rows[r] < 0`; the result has `shape` (`rows.count * rowSize` elements).
    public func take(rows: IntTensor, rowSize: Int, shape: [Int], fill: Int32 = 0) -> IntTensor {
        precondition(ShapeUtil.count(shape) == rows.count * rowSize,
                     "IntTensor.take: shape \(shape) does not hold \(rows.count) rows of \(rowSize)")
        let n = rowSize == 0 ? 0 : count / rowSize
        var out = [Int32](repeating: fill, count: rows.count * rowSize)
        let src = pointer, idx = rows.pointer
        out.withUnsafeMutableBufferPointer { dst in
            for r in 0..<rows.count {
                let i = Int(idx[r])
                precondition(i < n, "IntTensor.take: row \(i) out of range for \(n) rows")
                guard i >= 0 else { continue }
                for k in 0..<rowSize { dst[r * rowSize + k] = src[i * rowSize + k] }
            }
        }
        return IntTensor(shape: shape, out)
    }
}
