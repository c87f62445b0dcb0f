import Testing
@testable import ReturnnTensor

/// select: broadcasting of condition and operands, -inf without NaN, gradients split by the condition.
@Suite struct TapeSelectTests {
    @Test func forwardBroadcastsAndKeepsInfinity() {
        let cond = Tensor(shape: [2, 1], [1, 0])
        let a = Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
        let y = Tape(recording: false).select(cond, Variable(a), Variable(Tensor(scalar: -.infinity))).value
        #expect(y.shape == [2, 3])
        #expect(y.array == [1, 2, 3, -.infinity, -.infinity, -.infinity])
    }

    @Test func gradientsGoToTheChosenOperand() {
        let cond = Tensor(shape: [2, 3, 1], [1, 0, 1, 1, 0, 0])
        let a = randomTensor([2, 3, 4], seed: 4), b = randomTensor([4], seed: 5)
        checkGradients([a, b]) { t, v in t.select(cond, v[0], v[1]) }
        let tape = Tape()
        let av = tape.leaf(a, name: "a"), bv = tape.leaf(b, name: "b")
        let g = tape.backward(tape.reduce(tape.select(cond, av, bv), .sum, axes: [0, 1, 2]))
        // b is chosen in 3 of the 6 rows, once per element of its 4 values.
        #expect(g["b"]!.array == [3, 3, 3, 3])
        #expect(g["a"]!.array.reduce(0, +) == 12)
    }
}
