import ReturnnKernels

/// Batched matrix multiplication (RETURNN `dot` layer), forward and gradient rule.
extension Tape {
    /// `a[r] · b[r]` for every batch entry `r`: `a` `[R, M, K]`, `b` `[R, K, N]` give `[R, M, N]`
    /// (TF `matmul` on rank-3 operands). Mismatched batch or inner dimensions are a precondition
    /// failure. The gradient is `dA[r] = dY[r] · B[r]ᵀ`, `dB[r] = A[r]ᵀ · dY[r]`.
    public func batchMatmul(_ a: Variable, _ b: Variable) -> Variable {
        precondition(a.rank == 3 && b.rank == 3, "Tape.batchMatmul: operands must be [R, M, K] and [R, K, N], got \(a.shape) and \(b.shape)")
        let (r, m, k) = (a.shape[0], a.shape[1], a.shape[2])
        let n = b.shape[2]
        precondition(b.shape[0] == r && b.shape[1] == k, "Tape.batchMatmul: shapes \(a.shape) and \(b.shape) do not fit")
        let y = Tensor(uninitialized: [r, m, n])
        let empty = r == 0 || m == 0 || n == 0
        if !empty {
            if k == 0 {
                y.freshPointer.update(repeating: 0, count: y.count)
            } else {
                let pa = a.value.pointer, pb = b.value.pointer, py = y.freshPointer
                for i in 0..<r {
                    Gemm.sgemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: pa + i * m * k, lda: k,
                               b: pb + i * k * n, ldb: n, beta: 0, c: py + i * m * n, ldc: n)
                }
            }
        }
        let av = a.value, bv = b.value
        return record(inputs: [a, b], output: y) { ctx in
            guard let dy = ctx.outputGradient(), !empty, k > 0 else { return }
            if ctx.needsGradient(0) {
                let da = ctx.gradientBuffer(0)
                for i in 0..<r {
                    // dA[m,k] += dY[m,n] · B[k,n]ᵀ
                    Gemm.sgemm(transA: false, transB: true, m: m, n: k, k: n, alpha: 1, a: dy.pointer + i * m * n, lda: n,
                               b: bv.pointer + i * k * n, ldb: n, beta: 1, c: da + i * m * k, ldc: k)
                }
            }
            if ctx.needsGradient(1) {
                let db = ctx.gradientBuffer(1)
                for i in 0..<r {
                    // dB[k,n] += A[m,k]ᵀ · dY[m,n]
                    Gemm.sgemm(transA: true, transB: false, m: k, n: n, k: m, alpha: 1, a: av.pointer + i * m * k, lda: k,
                               b: dy.pointer + i * m * n, ldb: n, beta: 1, c: db + i * k * n, ldc: n)
                }
            }
        }
    }
}
