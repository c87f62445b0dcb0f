/// Broadcasting elementwise kernels and their gradient reductions.
///
/// Shapes are row-major; a stride is counted in elements, and stride 0 repeats (broadcasts) an
/// operand along that axis. Outputs are always contiguous. Every function has a twin in
/// `Elementwise.Naive` (the test oracle).
extension Elementwise {
    /// General N-d broadcast: `out[idx] = op(a[idx · aStrides], b[idx · bStrides])` for every
    /// multi-index `idx` of `shape`, `out` contiguous row-major of `shape`.
    ///
    /// Shape contract: `aStrides.count == bStrides.count == shape.count`; all strides `>= 0`
    /// (0 = broadcast along that axis); `a`/`b` must be readable at every index reached.
    /// Axes of size 1 are dropped and adjacent axes that are contiguous for both operands are
    /// merged; the innermost run is vectorised when its strides are 0 or 1. Large outputs are
    /// split over `threads` by rows. Bit-identical to `Naive.binaryBroadcast`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func binaryBroadcast(
        _ op: BinaryOp, _ a: UnsafePointer<Float>, aStrides: [Int], _ b: UnsafePointer<Float>, bStrides: [Int],
        _ out: UnsafeMutablePointer<Float>, shape: [Int],
        threads: Int = Parallel.defaultThreads
    ) {
        precondition(aStrides.count == shape.count && bStrides.count == shape.count,
                     "binaryBroadcast: strides \(aStrides), \(bStrides) do not match shape \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 }, "binaryBroadcast: negative dimension in \(shape)")
        let total = shape.reduce(1, *)
        if total == 0 { return }
        let dims = mergedDims(shape: shape, strides: [aStrides, bStrides])
        let inner = dims.shape.last!
        let sa = dims.strides[0].last!, sb = dims.strides[1].last!
        let outerShape = Array(dims.shape.dropLast())
        let outerA = Array(dims.strides[0].dropLast()), outerB = Array(dims.strides[1].dropLast())
        let rows = total / inner
        let aS = SendablePointer(a), bS = SendablePointer(b), oS = SendablePointer(out)
        let minRows = max(1, parallelThreshold / 2 / inner)
        Parallel.forChunks(count: rows, threads: threads, minPerThread: minRows) { _, range in
            var idx = unravel(range.lowerBound, outerShape)
            for row in range {
                var offA = 0, offB = 0
                for d in 0..<idx.count {
                    offA += idx[d] * outerA[d]
                    offB += idx[d] * outerB[d]
                }
                binaryStrided(op, aS.p + offA, aStride: sa, bS.p + offB, bStride: sb, oS.p + row * inner, count: inner)
                increment(&idx, outerShape)
            }
        }
    }

    /// Bias add: `out[r, c] = x[r, c] + v[c]` (RETURNN `linear` layer bias, `combine` with a
    /// broadcast feature vector).
    ///
    /// Shape contract: `x` and `out` are `[rows, cols]` contiguous (may alias), `v` is `[cols]`.
    /// Bit-identical to `Naive.addRowVector`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func addRowVector(
        _ x: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        binaryBroadcast(.add, x, aStrides: [cols, 1], v, bStrides: [0, 1], out, shape: [rows, cols], threads: threads)
    }

    /// Row scaling: `out[r, c] = x[r, c] * s[r]` (sequence masks, per-frame weights).
    ///
    /// Shape contract: `x` and `out` are `[rows, cols]` contiguous (may alias), `s` is `[rows]`.
    /// Bit-identical to `Naive.scaleRows`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func scaleRows(
        _ x: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        binaryBroadcast(.mul, x, aStrides: [cols, 1], s, bStrides: [1, 0], out, shape: [rows, cols], threads: threads)
    }

    /// Bias gradient: `out[c] (+)= sum over r of x[r, c]`.
    ///
    /// Shape contract: `x` is `[rows, cols]` contiguous, `out` is `[cols]`. Sums in Float in
    /// blocks of 256 rows (error about `(256 + rows / 256) * eps * sum |x|`, in tests within
    /// 1e-6 relative of the Double `Naive.sumOverRows`).
    /// - Parameter accumulate: add into `out` instead of overwriting it.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func sumOverRows(
        _ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Float>, accumulate: Bool,
        threads: Int = Parallel.defaultThreads
    ) {
        Reduce.sumMiddle(x, outer: 1, n: rows, inner: cols, out, accumulate: accumulate, threads: threads)
    }

    /// Reduces a broadcast result back to an operand's shape (the gradient of broadcasting):
    /// `out[j] (+)= sum of x[i]` over every index `i` of `shape` that maps to `j` in `targetShape`.
    ///
    /// Shape contract: numpy alignment from the right: `targetShape.count <= shape.count`, and
    /// each target dim equals the matching `shape` dim or is 1 (missing leading dims count as 1).
    /// `x` is contiguous `shape`, `out` contiguous `targetShape`. Sums in Float (error in tests
    /// within 1e-6 relative of the Double `Naive.sumToShape`).
    /// - Parameter accumulate: add into `out` instead of overwriting it.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func sumToShape(
        _ x: UnsafePointer<Float>, shape: [Int], _ out: UnsafeMutablePointer<Float>, targetShape: [Int],
        accumulate: Bool,
        threads: Int = Parallel.defaultThreads
    ) {
        let outStrides = broadcastStrides(of: targetShape, in: shape)
        let outCount = targetShape.reduce(1, *)
        if !accumulate { for i in 0..<outCount { out[i] = 0 } }
        let total = shape.reduce(1, *)
        if total == 0 { return }
        let dims = mergedDims(shape: shape, strides: [contiguousStrides(shape), outStrides])
        let os = dims.strides[1]
        let k = dims.shape.count
        // The two patterns that gradients hit most: keep the last axis or reduce the last axis.
        if k == 1 {
            if os[0] == 1 {
                axpy(1, x, out, count: total, threads: threads)
            } else {
                Reduce.sumMiddle(x, outer: 1, n: total, inner: 1, out, accumulate: true, threads: threads)
            }
            return
        }
        if k == 2 && os[0] == 0 && os[1] == 1 {
            Reduce.sumMiddle(x, outer: 1, n: dims.shape[0], inner: dims.shape[1], out, accumulate: true, threads: threads)
            return
        }
        if k == 2 && os[0] == 1 && os[1] == 0 {
            Reduce.sumMiddle(x, outer: dims.shape[0], n: dims.shape[1], inner: 1, out, accumulate: true, threads: threads)
            return
        }
        // General case: walk x row by row (one row = the innermost merged axis).
        let inner = dims.shape[k - 1], si = os[k - 1]
        let outerShape = Array(dims.shape.dropLast()), outerS = Array(os.dropLast())
        var idx = [Int](repeating: 0, count: k - 1)
        for row in 0..<(total / inner) {
            var off = 0
            for d in 0..<idx.count { off += idx[d] * outerS[d] }
            let src = x + row * inner
            if si == 0 {
                var s: Float = 0
                Reduce.sumMiddle(src, outer: 1, n: inner, inner: 1, &s, accumulate: false, threads: 1)
                out[off] += s
            } else {
                axpy(1, src, out + off, count: inner, threads: 1)
            }
            increment(&idx, outerShape)
        }
    }

    // MARK: shape helpers

    /// Row-major contiguous strides of `shape`.
    @usableFromInline
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            s[d] = acc
            acc *= shape[d]
        }
        return s
    }

    /// Strides (0 on broadcast axes) of a contiguous `target` aligned from the right inside `shape`.
    @usableFromInline
    static func broadcastStrides(of target: [Int], in shape: [Int]) -> [Int] {
        precondition(target.count <= shape.count, "sumToShape: target \(target) has more axes than \(shape)")
        let pad = shape.count - target.count
        let padded = [Int](repeating: 1, count: pad) + target
        let ts = contiguousStrides(padded)
        var out = [Int](repeating: 0, count: shape.count)
        for d in 0..<shape.count {
            precondition(padded[d] == shape[d] || padded[d] == 1,
                         "sumToShape: target \(target) is not broadcastable to \(shape)")
            out[d] = (padded[d] == 1 && shape[d] != 1) ? 0 : ts[d]
        }
        return out
    }

    /// Drops axes of size 1 and merges neighbours that are contiguous for every stride set.
    /// Always returns at least one axis. `shape` must have no zero dimension.
    @usableFromInline
    static func mergedDims(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var sh: [Int] = []
        var st: [[Int]] = strides.map { _ in [] }
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = sh.last,
               strides.indices.allSatisfy({ st[$0].last! == strides[$0][d] * shape[d] }) {
                sh[sh.count - 1] = last * shape[d]
                for k in strides.indices { st[k][st[k].count - 1] = strides[k][d] }
            } else {
                sh.append(shape[d])
                for k in strides.indices { st[k].append(strides[k][d]) }
            }
        }
        if sh.isEmpty { return ([1], strides.map { _ in [0] }) }
        return (sh, st)
    }

    /// Multi-index of the flat row-major position `flat` in `shape`.
    @usableFromInline
    static func unravel(_ flat: Int, _ shape: [Int]) -> [Int] {
        var idx = [Int](repeating: 0, count: shape.count)
        var f = flat
        for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
            idx[d] = f % shape[d]
            f /= shape[d]
        }
        return idx
    }

    /// Advances a row-major multi-index by one (wrapping to all zeros after the last).
    @usableFromInline
    static func increment(_ idx: inout [Int], _ shape: [Int]) {
        var d = idx.count - 1
        while d >= 0 {
            idx[d] += 1
            if idx[d] < shape[d] { return }
            idx[d] = 0
            d -= 1
        }
    }
}

extension Elementwise.Naive {
    /// Naive `Elementwise.binaryBroadcast`: one scalar `op` per output element.
    public static func binaryBroadcast(
        _ op: BinaryOp, _ a: UnsafePointer<Float>, aStrides: [Int], _ b: UnsafePointer<Float>, bStrides: [Int],
        _ out: UnsafeMutablePointer<Float>, shape: [Int]
    ) {
        let total = shape.reduce(1, *)
        for flat in 0..<total {
            var f = flat, offA = 0, offB = 0
            for d in stride(from: shape.count - 1, through: 0, by: -1) {
                let i = f % shape[d]
                f /= shape[d]
                offA += i * aStrides[d]
                offB += i * bStrides[d]
            }
            out[flat] = apply(op, a[offA], b[offB])
        }
    }

    /// Naive `Elementwise.addRowVector`.
    public static func addRowVector(
        _ x: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int
    ) {
        for r in 0..<rows { for c in 0..<cols { out[r * cols + c] = x[r * cols + c] + v[c] } }
    }

    /// Naive `Elementwise.scaleRows`.
    public static func scaleRows(
        _ x: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int
    ) {
        for r in 0..<rows { for c in 0..<cols { out[r * cols + c] = x[r * cols + c] * s[r] } }
    }

    /// Naive `Elementwise.sumOverRows`, accumulating in Double.
    public static func sumOverRows(
        _ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        for c in 0..<cols {
            var s = accumulate ? Double(out[c]) : 0
            for r in 0..<rows { s += Double(x[r * cols + c]) }
            out[c] = Float(s)
        }
    }

    /// Naive `Elementwise.sumToShape`, accumulating in Double.
    public static func sumToShape(
        _ x: UnsafePointer<Float>, shape: [Int], _ out: UnsafeMutablePointer<Float>, targetShape: [Int],
        accumulate: Bool
    ) {
        let pad = shape.count - targetShape.count
        let padded = [Int](repeating: 1, count: pad) + targetShape
        let outCount = targetShape.reduce(1, *)
        var acc = [Double](repeating: 0, count: outCount)
        for flat in 0..<shape.reduce(1, *) {
            var f = flat, off = 0, mul = 1
            for d in stride(from: shape.count - 1, through: 0, by: -1) {
                let i = f % shape[d]
                f /= shape[d]
                if padded[d] != 1 { off += i * mul }
                mul *= padded[d]
            }
            acc[off] += Double(x[flat])
        }
        for j in 0..<outCount { out[j] = Float((accumulate ? Double(out[j]) : 0) + acc[j]) }
    }
}
