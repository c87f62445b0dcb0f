import Testing
@testable import ReturnnTensor

/// `maximum`/`minimum`: forward values with broadcasting, gradient routing, finite differences.
@Suite struct TapeExtremumTests {
    @Test func forwardBroadcasts() {
        let t = Tape(recording: false)
        let a = Variable(Tensor(shape: [2, 2], [1, -2, 3, 0.5]))
        let b = Variable(Tensor(shape: [2], [0, 1]))
        #expect(t.maximum(a, b).value.array == [1, 1, 3, 1])
        #expect(t.minimum(a, b).value.array == [0, -2, 0, 0.5])
    }

    @Test func gradientGoesToTheWinnerAndTiesToTheFirst() {
        let tape = Tape()
        let a = tape.leaf(Tensor(shape: [3], [1, 2, 3]), name: "a")
        let b = tape.leaf(Tensor(shape: [3], [2, 2, 1]), name: "b")
        let g = tape.backward(tape.reduce(tape.maximum(a, b), .sum, axes: [0]))
        #expect(g["a"]!.array == [0, 1, 1])
        #expect(g["b"]!.array == [1, 0, 0])
    }

    @Test func finiteDifferences() {
        let a = randomTensor([2, 3, 4], seed: 21), b = randomTensor([3, 1], seed: 22), c = randomTensor([2, 3, 4], seed: 23)
        checkGradients([a, c]) { t, v in t.maximum(v[0], v[1]) }
        checkGradients([a, b]) { t, v in t.maximum(v[0], v[1]) }
        checkGradients([a, b]) { t, v in t.minimum(v[1], v[0]) }
    }
}
