import ReturnnTensor

/// Index maps for `Tape.take` / `IntTensor.take`: the shape layers (`pad`, `gather`, `tile`,
/// `repeat`, `time_chunking`, ...) describe their output as "this output row comes from that input
/// row (or is filled)", built here once per batch, and move values (and gradients) with one
/// primitive.
enum RowMap {
    /// For every multi-index of `shape` in row-major order, the source row `body(index)` (`-1`:
    /// fill). `index` is only valid during the call.
    static func build(_ shape: [Int], _ body: ([Int]) throws -> Int) rethrows -> IntTensor {
        let n = ShapeUtil.count(shape)
        var out = [Int32](repeating: -1, count: n)
        guard n > 0 else { return IntTensor(shape: shape, out) }
        var idx = [Int](repeating: 0, count: shape.count)
        for r in 0..<n {
            out[r] = Int32(try body(idx))
            var a = shape.count - 1
            while a >= 0 {
                idx[a] += 1
                if idx[a] < shape[a] { break }
                idx[a] = 0
                a -= 1
            }
        }
        return IntTensor(shape: shape, out)
    }

    /// The flat row of `index` in a tensor of `shape` (row-major).
    static func flat(_ index: [Int], _ strides: [Int]) -> Int {
        var r = 0
        for (i, s) in zip(index, strides) { r += i * s }
        return r
    }
}

extension LayerValue {
    /// The values (dense or int) moved by a row map: output row `r` is row `rows[r]` of this value
    /// viewed as rows of `rowSize` elements, `fill` where `rows[r] < 0`; the result has `shape` and
    /// the given lengths.
    func take(rows: IntTensor, rowSize: Int, shape: [Int], fill: Double = 0, seqLens: IntTensor?, tape: Tape) -> LayerValue {
        if let ints { return LayerValue(ints: ints.take(rows: rows, rowSize: rowSize, shape: shape, fill: Int32(fill)), seqLens: seqLens) }
        return LayerValue(values: tape.take(dense, rows: rows, rowSize: rowSize, shape: shape, fill: Float(fill)), seqLens: seqLens)
    }

    /// The value with its axes permuted (output axis `i` is axis `perm[i]`), dense or int.
    func transposed(_ perm: [Int], seqLens: IntTensor?, tape: Tape) -> LayerValue {
        if perm == Array(perm.indices) { return LayerValue(values: values, ints: ints, seqLens: seqLens) }
        if let v = values { return LayerValue(values: tape.transpose(v, perm), seqLens: seqLens) }
        let inShape = shape, strides = ShapeUtil.strides(inShape)
        let outShape = perm.map { inShape[$0] }
        let rows = RowMap.build(outShape) { idx in
            var r = 0
            for (o, a) in perm.enumerated() { r += idx[o] * strides[a] }
            return r
        }
        return take(rows: rows, rowSize: 1, shape: outShape, seqLens: seqLens, tape: tape)
    }

    /// The value as flat Int32 indices (int values, or float values truncated), for layers that
    /// read positions or repetitions from another layer.
    var intArray: [Int32] { ints?.array ?? dense.value.array.map { Int32($0) } }
}

extension ForwardContext {
    /// The lengths `[B]` of `t`'s time axis in this batch (nil when it has none or they are unknown).
    func seqLens(of t: DataTemplate) -> IntTensor? { t.timeDim.flatMap { sizes(of: $0) } }

    /// The sizes of `dim`; a precondition that the network registered them (every dynamic axis of
    /// a computed layer output is).
    func requireSizes(of dim: Dim, _ what: String) -> IntTensor {
        guard let s = sizes(of: dim) else { preconditionFailure("\(what): no run-time sizes for \(dim)") }
        return s
    }
}

/// Which output indices of a template lie in the padding of one of its dynamic axes (at or
/// beyond the sequence's length), from the sizes registered in this batch.
struct PaddingFrames {
    /// (axis, lengths) of the dynamic axes with known `[B]` sizes.
    let axes: [(axis: Int, lens: [Int32])]
    let batchAxis: Int?

    /// The padding test for `t` in this batch.
    init(_ t: DataTemplate, _ ctx: ForwardContext) {
        batchAxis = t.batchAxis
        axes = t.dims.indices.compactMap { i in
            guard t.dims[i].isDynamic, let s = ctx.sizes(of: t.dims[i]), s.rank == 1 else { return nil }
            return (i, s.array)
        }
    }

    /// Whether the multi-index `o` (over at least the leading axes named here) is padding.
    func contains(_ o: [Int]) -> Bool {
        guard let b = batchAxis, b < o.count else { return false }
        return axes.contains { $0.axis < o.count && o[$0.axis] >= Int($0.lens[o[b]]) }
    }
}
