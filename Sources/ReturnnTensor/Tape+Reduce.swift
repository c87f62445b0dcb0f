import ReturnnKernels

/// Reductions along axes (RETURNN `reduce` layer modes `sum`, `mean`, `max`), forward and gradient rule.
extension Tape {
    /// Reduction modes with a gradient rule.
    public enum ReduceMode: String, Sendable, CaseIterable {
        /// Sum; the gradient broadcasts back.
        case sum
        /// Mean; the gradient broadcasts back divided by the number of reduced elements.
        case mean
        /// Maximum; the gradient goes to the (first) maximal element only.
        case max
    }

    /// Reduces `x` over `axes` (negative axes count from the end; duplicates not allowed). With
    /// `keepDims`, reduced axes stay as size 1. Reducing over no axes returns `x` unchanged.
    public func reduce(_ x: Variable, _ mode: ReduceMode, axes: [Int], keepDims: Bool = false) -> Variable {
        let norm = axes.map { ShapeUtil.axis($0, rank: x.rank, "Tape.reduce") }.sorted()
        precondition(Set(norm).count == norm.count, "Tape.reduce: duplicate axes \(axes)")
        // Merge consecutive axes into runs; reduce the runs from last to first.
        var runs: [Range<Int>] = []
        for a in norm {
            if let last = runs.last, last.upperBound == a {
                runs[runs.count - 1] = last.lowerBound..<(a + 1)
            } else {
                runs.append(a..<(a + 1))
            }
        }
        var y = x
        for run in runs.reversed() { y = reduceRun(y, mode, run) }
        if keepDims || norm.isEmpty { return y }
        let outShape = x.shape.enumerated().filter { !norm.contains($0.offset) }.map(\.element)
        return reshape(y, outShape)
    }

    /// One reduction primitive over the consecutive axes `run`, keeping them as size 1.
    func reduceRun(_ x: Variable, _ mode: ReduceMode, _ run: Range<Int>) -> Variable {
        let shape = x.shape
        let outer = ShapeUtil.count(Array(shape[..<run.lowerBound]))
        let n = ShapeUtil.count(Array(shape[run]))
        let inner = ShapeUtil.count(Array(shape[run.upperBound...]))
        var outShape = shape
        for a in run { outShape[a] = 1 }
        let y = Tensor(uninitialized: outShape)
        let kernelOp: Reduce.Op = mode == .sum ? .sum : (mode == .mean ? .mean : .max)
        precondition(n > 0 || mode != .max, "Tape.reduce: max over an empty axis of \(shape)")
        Reduce.reduce(kernelOp, x.value.pointer, outer: outer, n: n, inner: inner, y.freshPointer)
        switch mode {
        case .sum, .mean:
            let alpha: Float = mode == .sum ? 1 : 1 / Float(Swift.max(n, 1))
            return record(inputs: [x], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                Tape.broadcastAdd(dy.pointer, alpha: alpha, outer: outer, n: n, inner: inner, into: ctx.gradientBuffer(0))
            }
        case .max:
            guard needsGradient([x]) else { return Variable(y) }
            let arg = IntTensor(shape: outShape, repeating: 0)
            Reduce.argmax(x.value.pointer, outer: outer, n: n, inner: inner, arg.storage.pointer)
            return record(inputs: [x], output: y) { ctx in
                guard let dy = ctx.outputGradient() else { return }
                let dx = ctx.gradientBuffer(0)
                let g = dy.pointer, idx = arg.pointer
                for o in 0..<outer {
                    for i in 0..<inner {
                        let r = o * inner + i
                        dx[(o * n + Int(idx[r])) * inner + i] += g[r]
                    }
                }
            }
        }
    }

    /// `dx[o, j, i] += alpha * dy[o, i]` for all `j < n`: the adjoint of a sum over the middle axis.
    static func broadcastAdd(
        _ dy: UnsafePointer<Float>, alpha: Float, outer: Int, n: Int, inner: Int, into dx: UnsafeMutablePointer<Float>
    ) {
        if inner == 1 {
            for o in 0..<outer {
                let v = alpha * dy[o]
                let row = dx + o * n
                for j in 0..<n { row[j] += v }
            }
        } else {
            for o in 0..<outer {
                for j in 0..<n {
                    Elementwise.axpy(alpha, dy + o * inner, dx + (o * n + j) * inner, count: inner)
                }
            }
        }
    }
}
