import Testing
@testable import ReturnnTensor

/// batchMatmul: forward against per-entry sums, gradients, empty inner dimension.
@Suite struct TapeBatchMatmulTests {
    @Test func forwardMatchesLoopsAndGradients() {
        let a = randomTensor([3, 2, 4], seed: 1), b = randomTensor([3, 4, 5], seed: 2)
        let y = Tape(recording: false).batchMatmul(Variable(a), Variable(b)).value
        #expect(y.shape == [3, 2, 5])
        for r in 0..<3 {
            for i in 0..<2 {
                for j in 0..<5 {
                    var s: Float = 0
                    for k in 0..<4 { s += a[r, i, k] * b[r, k, j] }
                    #expect(Swift.abs(y[r, i, j] - s) < 1e-5)
                }
            }
        }
        checkGradients([a, b]) { t, v in t.batchMatmul(v[0], v[1]) }
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let y = Tape(recording: false).batchMatmul(Variable(Tensor(zeros: [2, 3, 0])), Variable(Tensor(zeros: [2, 0, 4])))
        #expect(y.value == Tensor(zeros: [2, 3, 4]))
    }
}
