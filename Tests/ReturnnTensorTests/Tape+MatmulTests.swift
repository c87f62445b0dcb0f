import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// Matmul: forward against the naive GEMM, gradients for every transpose combination and the batched form.
@Suite struct TapeMatmulTests {
    @Test func forwardHandComputed() {
        let t = Tape(recording: false)
        let a = Variable(Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]))
        let b = Variable(Tensor(shape: [3, 2], [1, 0, 0, 1, 1, 1]))
        #expect(t.matmul(a, b).value.array == [4, 5, 10, 11])
        #expect(t.matmul(a, a, transposeB: true).value.array == [14, 32, 32, 77])
        #expect(t.matmul(a, a, transposeA: true).value.shape == [3, 3])
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func transposeGradients(_ tr: (Bool, Bool)) {
        let (m, k, n) = (3, 4, 2)
        let a = randomTensor(tr.0 ? [k, m] : [m, k], seed: 1)
        let b = randomTensor(tr.1 ? [n, k] : [k, n], seed: 2)
        checkGradients([a, b]) { t, v in t.matmul(v[0], v[1], transposeA: tr.0, transposeB: tr.1) }
        // Forward against the naive kernel.
        let y = Tape(recording: false).matmul(Variable(a), Variable(b), transposeA: tr.0, transposeB: tr.1)
        var ref = [Float](repeating: 0, count: m * n)
        Gemm.Naive.sgemm(transA: tr.0, transB: tr.1, m: m, n: n, k: k, alpha: 1, a: a.pointer, lda: tr.0 ? m : k,
                         b: b.pointer, ldb: tr.1 ? k : n, beta: 0, c: &ref, ldc: n)
        expectClose(y.value, Tensor(shape: [m, n], ref))
    }

    @Test func batchedLinear() {
        // [B, T, F_in] · [F_in, F_out] as in a linear layer.
        let x = randomTensor([2, 3, 4], seed: 3), w = randomTensor([4, 5], seed: 4)
        let y = Tape(recording: false).matmul(Variable(x), Variable(w))
        #expect(y.shape == [2, 3, 5])
        let flat = Tape(recording: false).matmul(Variable(x.reshaped([6, 4])), Variable(w))
        #expect(y.value.array == flat.value.array)
        checkGradients([x, w]) { t, v in t.matmul(v[0], v[1]) }
    }
}
