import Testing
@testable import ReturnnTensor

/// Reshape, transpose, concat, split and slice: forward values and gradients.
@Suite struct TapeLayoutTests {
    @Test func forwardValues() {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]))
        #expect(t.reshape(x, [3, -1]).shape == [3, 2])
        #expect(t.transpose(x, [1, 0]).value.array == [1, 4, 2, 5, 3, 6])
        let c = t.concat([x, Variable(Tensor(shape: [2, 1], [7, 8]))], axis: -1)
        #expect(c.shape == [2, 4] && c.value.array == [1, 2, 3, 7, 4, 5, 6, 8])
        let c0 = t.concat([x, x], axis: 0)
        #expect(c0.shape == [4, 3] && c0.value.array == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
        #expect(t.slice(x, axis: 1, 1..<3).value.array == [2, 3, 5, 6])
        let parts = t.split(x, axis: 0, sizes: [1, 1])
        #expect(parts.map(\.value.array) == [[1, 2, 3], [4, 5, 6]])
    }

    @Test func reshapeAndTransposeGradients() {
        let x = randomTensor([2, 3, 4], seed: 1)
        checkGradients([x]) { t, v in t.reshape(v[0], [4, -1]) }
        checkGradients([x]) { t, v in t.transpose(v[0], [2, 0, 1]) }
        checkGradients([x]) { t, v in t.transpose(v[0], [1, 0, 2]) }
    }

    @Test func concatSplitSliceGradients() {
        let a = randomTensor([2, 3, 2], seed: 2), b = randomTensor([2, 1, 2], seed: 3)
        checkGradients([a, b]) { t, v in t.concat([v[0], v[1], v[0]], axis: 1) }
        checkGradients([a]) { t, v in
            let p = t.split(v[0], axis: 2, sizes: [1, 1])
            return t.mul(p[0], t.tanh(p[1]))
        }
        checkGradients([a]) { t, v in t.slice(v[0], axis: 1, 1..<3) }
        checkGradients([a]) { t, v in t.slice(v[0], axis: -1, 0..<1) }
    }
}
