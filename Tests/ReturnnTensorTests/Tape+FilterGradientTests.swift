import Testing
@testable import ReturnnTensor

/// filterGradient: identity forward; a batch entry whose max(grad²) reaches the threshold gets no gradient.
@Suite struct TapeFilterGradientTests {
    @Test func dropsLargeGradientsPerBatchEntry() {
        let x = Tensor(shape: [3, 2], [1, 2, 3, 4, 5, 6])
        let tape = Tape()
        let v = tape.leaf(x, name: "x")
        let y = tape.filterGradient(v, threshold: 4)
        #expect(y.value == x)
        // d(loss)/dy = the seed: entry 0 max² = 1 (kept), entry 1 max² = 9 (dropped), entry 2 max² = 3.24 (kept).
        let seed = Tensor(shape: [3, 2], [1, -0.5, 3, 0, 1.8, -1])
        let g = tape.backward(y, seed: seed)["x"]!
        #expect(g.array == [1, -0.5, 0, 0, 1.8, -1])
    }
}
