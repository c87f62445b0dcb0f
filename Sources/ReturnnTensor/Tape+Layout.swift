import ReturnnKernels

/// Layout primitives: reshape, transpose (axis permutation), concat, split and slice along an axis.
/// Each primitive's forward sits next to its gradient rule.
extension Tape {
    /// The same values with `shape` (at most one `-1`, inferred). Shares storage; no copy.
    public func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
        var newShape = shape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        precondition(unknown.count <= 1, "Tape.reshape: at most one -1 allowed in \(shape)")
        if let u = unknown.first {
            var known = 1
            for (i, d) in shape.enumerated() where i != u { known *= d }
            precondition(known > 0 && x.value.count % known == 0,
                         "Tape.reshape: cannot infer -1 in \(shape) for \(x.value.count) values")
            newShape[u] = x.value.count / known
        }
        let y = x.value.reshaped(newShape)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            ctx.accumulate(0, dy)
        }
    }

    /// Permutes the axes: output axis `i` is input axis `perm[i]` (numpy `transpose`).
    public func transpose(_ x: Variable, _ perm: [Int]) -> Variable {
        precondition(Permute.isPermutation(perm, rank: x.rank), "Tape.transpose: \(perm) is not a permutation of rank \(x.rank)")
        let inShape = x.shape
        let y = Tensor(uninitialized: Permute.shape(inShape, perm))
        Permute.apply(x.value.pointer, shape: inShape, perm: perm, y.freshPointer)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = Tensor(uninitialized: inShape)
            Permute.apply(dy.pointer, shape: dy.shape, perm: Permute.inverse(perm), dx.freshPointer)
            ctx.accumulate(0, dx)
        }
    }

    /// Concatenates `xs` along `axis` (negative counts from the end); all other dimensions must agree.
    public func concat(_ xs: [Variable], axis: Int) -> Variable {
        precondition(!xs.isEmpty, "Tape.concat: no inputs")
        let rank = xs[0].rank
        let ax = ShapeUtil.axis(axis, rank: rank, "Tape.concat")
        var reference = xs[0].shape
        reference[ax] = 0
        var outShape = reference
        for x in xs {
            precondition(x.rank == rank, "Tape.concat: ranks differ: \(xs.map(\.shape))")
            var s = x.shape
            s[ax] = 0
            precondition(s == reference, "Tape.concat: shapes \(xs.map(\.shape)) differ outside axis \(ax)")
            outShape[ax] += x.shape[ax]
        }
        let (outer, total, inner) = ShapeUtil.split(outShape, at: ax)
        let sizes = xs.map { $0.shape[ax] }
        let y = Tensor(uninitialized: outShape)
        var start = 0
        for (x, n) in zip(xs, sizes) {
            let run = n * inner
            for o in 0..<outer {
                (y.freshPointer + (o * total + start) * inner).update(from: x.value.pointer + o * run, count: run)
            }
            start += n
        }
        return record(inputs: xs, output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            var start = 0
            for (i, n) in sizes.enumerated() {
                defer { start += n }
                guard ctx.needsGradient(i) else { continue }
                let dx = ctx.gradientBuffer(i)
                let run = n * inner
                for o in 0..<outer {
                    Elementwise.axpy(1, dy.pointer + (o * total + start) * inner, dx + o * run, count: run)
                }
            }
        }
    }

    /// Splits `x` along `axis` into pieces of `sizes` (which must sum to the axis length).
    /// A multi-output primitive: each piece is its own output.
    public func split(_ x: Variable, axis: Int, sizes: [Int]) -> [Variable] {
        let ax = ShapeUtil.axis(axis, rank: x.rank, "Tape.split")
        precondition(sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == x.shape[ax],
                     "Tape.split: sizes \(sizes) do not sum to dimension \(x.shape[ax]) of \(x.shape)")
        let (outer, total, inner) = ShapeUtil.split(x.shape, at: ax)
        var outs: [Tensor] = []
        var start = 0
        for n in sizes {
            var s = x.shape
            s[ax] = n
            let t = Tensor(uninitialized: s)
            let run = n * inner
            for o in 0..<outer {
                (t.freshPointer + o * run).update(from: x.value.pointer + (o * total + start) * inner, count: run)
            }
            outs.append(t)
            start += n
        }
        return record(inputs: [x], outputs: outs) { ctx in
            let dx = ctx.gradientBuffer(0)
            var start = 0
            for (j, n) in sizes.enumerated() {
                defer { start += n }
                guard let dy = ctx.outputGradient(j) else { continue }
                let run = n * inner
                for o in 0..<outer {
                    Elementwise.axpy(1, dy.pointer + o * run, dx + (o * total + start) * inner, count: run)
                }
            }
        }
    }

    /// `x[..., start..<end, ...]` along `axis` (negative axis counts from the end).
    public func slice(_ x: Variable, axis: Int, _ range: Range<Int>) -> Variable {
        let ax = ShapeUtil.axis(axis, rank: x.rank, "Tape.slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= x.shape[ax],
                     "Tape.slice: range \(range) out of bounds for dimension \(x.shape[ax]) of \(x.shape)")
        let (outer, total, inner) = ShapeUtil.split(x.shape, at: ax)
        var s = x.shape
        s[ax] = range.count
        let y = Tensor(uninitialized: s)
        let run = range.count * inner
        let start = range.lowerBound
        for o in 0..<outer {
            (y.freshPointer + o * run).update(from: x.value.pointer + (o * total + start) * inner, count: run)
        }
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let dx = ctx.gradientBuffer(0)
            for o in 0..<outer {
                Elementwise.axpy(1, dy.pointer + o * run, dx + (o * total + start) * inner, count: run)
            }
        }
    }
}
