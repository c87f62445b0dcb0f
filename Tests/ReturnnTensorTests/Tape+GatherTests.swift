import Testing
@testable import ReturnnTensor

/// Embedding lookup: forward values and scatter-add gradient with repeated indices.
@Suite struct TapeGatherTests {
    @Test func forwardShapeAndValues() {
        let table = Variable(Tensor(shape: [3, 2], [1, 2, 3, 4, 5, 6]))
        let y = Tape(recording: false).gather(table, indices: IntTensor(shape: [2, 2], [2, 0, 2, 1]))
        #expect(y.shape == [2, 2, 2] && y.value.array == [5, 6, 1, 2, 5, 6, 3, 4])
    }

    @Test func gradientWithRepeatedIndices() {
        let idx = IntTensor(shape: [2, 3], [1, 3, 1, 0, 1, 4])
        checkGradients([randomTensor([5, 3], seed: 1)]) { t, v in t.tanh(t.gather(v[0], indices: idx)) }
        let tape = Tape()
        let w = tape.leaf(Tensor(zeros: [5, 3]))
        let g = tape.backward(tape.reduce(tape.gather(w, indices: idx), .sum, axes: [0, 1, 2]))
        #expect(g[w]?.array == [1, 1, 1, 3, 3, 3, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    }
}
