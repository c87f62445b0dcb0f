import ReturnnKernels

/// Matrix multiplication primitive (linear layers), forward and gradient rule.
extension Tape {
    /// `op(a) · op(b)` with `op` = optional transpose.
    ///
    /// - 2-D: `a` is `[m, k]` (`[k, m]` when `transposeA`), `b` is `[k, n]` (`[n, k]` when
    ///   `transposeB`); the result is `[m, n]`.
    /// - Batched: `a` of rank > 2 is `[..., k]` (no `transposeA`), `b` is 2-D; the result is `[..., n]`
    ///   (e.g. `[B, T, F_in]·[F_in, F_out]`).
    /// Mismatched inner dimensions are a precondition failure.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        precondition(b.rank == 2, "Tape.matmul: b must be 2-D, got shape \(b.shape)")
        precondition(a.rank >= 2, "Tape.matmul: a must be at least 2-D, got shape \(a.shape)")
        precondition(a.rank == 2 || !transposeA, "Tape.matmul: transposeA needs a 2-D a, got shape \(a.shape)")
        let k = transposeA ? a.shape[0] : a.shape[a.rank - 1]
        let mm = transposeA ? a.shape[1] : ShapeUtil.count(Array(a.shape.dropLast()))
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(k == kb, "Tape.matmul: inner dimensions differ: a \(a.shape)\(transposeA ? "ᵀ" : ""), b \(b.shape)\(transposeB ? "ᵀ" : "")")
        let outShape: [Int] = transposeA ? [mm, n] : Array(a.shape.dropLast()) + [n]
        let y = Tensor(uninitialized: outShape)
        let lda = Swift.max(1, transposeA ? mm : k), ldb = Swift.max(1, b.shape[1])
        let empty = k == 0 || mm == 0 || n == 0
        if empty {
            y.freshPointer.update(repeating: 0, count: y.count)
        } else {
            Gemm.sgemm(transA: transposeA, transB: transposeB, m: mm, n: n, k: k, alpha: 1,
                       a: a.value.pointer, lda: lda, b: b.value.pointer, ldb: ldb, beta: 0, c: y.freshPointer, ldc: n)
        }
        let av = a.value, bv = b.value
        let tA = transposeA, tB = transposeB
        return record(inputs: [a, b], output: y) { ctx in
            guard let dy = ctx.outputGradient(), !empty else { return }
            if ctx.needsGradient(0) {
                let da = ctx.gradientBuffer(0)
                if !tA {
                    // dA[m,k] += dY · op(B)ᵀ
                    Gemm.sgemm(transA: false, transB: !tB, m: mm, n: k, k: n, alpha: 1, a: dy.pointer, lda: n,
                               b: bv.pointer, ldb: ldb, beta: 1, c: da, ldc: k)
                } else {
                    // dA[k,m] += op(B) · dYᵀ
                    Gemm.sgemm(transA: tB, transB: true, m: k, n: mm, k: n, alpha: 1, a: bv.pointer, lda: ldb,
                               b: dy.pointer, ldb: n, beta: 1, c: da, ldc: mm)
                }
            }
            if ctx.needsGradient(1) {
                let db = ctx.gradientBuffer(1)
                if !tB {
                    // dB[k,n] += op(A)ᵀ · dY
                    Gemm.sgemm(transA: !tA, transB: false, m: k, n: n, k: mm, alpha: 1, a: av.pointer, lda: lda,
                               b: dy.pointer, ldb: n, beta: 1, c: db, ldc: n)
                } else {
                    // dB[n,k] += dYᵀ · op(A)
                    Gemm.sgemm(transA: true, transB: tA, m: n, n: k, k: mm, alpha: 1, a: dy.pointer, lda: n,
                               b: av.pointer, ldb: lda, beta: 1, c: db, ldc: k)
                }
            }
        }
    }
}
