import ReturnnTensor

/// Masks along a dynamic axis by the sequence lengths of its tag (RETURNN `get_sequence_mask_broadcast`
/// with `where_bc`), for layers whose masked axis is not the usual time axis 1 (`dot`,
/// `softmax_over_spatial`, `conv` with `use_time_mask`, `math_norm`).
enum AxisMask {
    /// A constant broadcastable to `shape`: size 1 except at `batchAxis` and `axis`; 1 where the
    /// index along `axis` is below the batch entry's length, else 0.
    static func mask(shape: [Int], batchAxis: Int?, axis: Int, lengths: IntTensor) -> Tensor {
        var mshape = [Int](repeating: 1, count: shape.count)
        mshape[axis] = shape[axis]
        if let batchAxis { mshape[batchAxis] = shape[batchAxis] }
        let n = shape[axis]
        let lens = lengths.array
        var out = Tensor(zeros: mshape)
        out.withUnsafeMutableBufferPointer { p in
            let strides = ShapeUtil.strides(mshape)
            for b in 0..<(batchAxis.map { shape[$0] } ?? 1) {
                let len = Int(batchAxis == nil ? (lens.min() ?? 0) : lens[b])
                for t in 0..<Swift.min(len, n) { p[(batchAxis.map { b * strides[$0] } ?? 0) + t * strides[axis]] = 1 }
            }
        }
        return out
    }

    /// `x` (laid out as `template`) with the entries beyond each sequence's length along `axis`
    /// replaced by `value`; the lengths are the run-time sizes of that axis' tag.
    static func masked(_ x: Variable, template: DataTemplate, axis: Int, value: Float, ctx: ForwardContext) -> Variable {
        let m = mask(shape: x.shape, batchAxis: template.batchAxis, axis: axis, lengths: lengths(template.dims[axis], ctx))
        return ctx.tape.select(m, x, Variable(Tensor(scalar: value)))
    }

    /// The run-time sizes of the dynamic axis `dim` (registered by the network or the layer that made it).
    static func lengths(_ dim: Dim, _ ctx: ForwardContext) -> IntTensor {
        guard let l = ctx.sizes(of: dim) else { preconditionFailure("AxisMask: no run-time sizes for the dynamic axis \(dim)") }
        return l
    }
}
