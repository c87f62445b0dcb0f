import Testing
@testable import ReturnnTensor

/// Reductions over axes: forward values, keepDims shapes and gradients (max routes to the argmax).
@Suite struct TapeReduceTests {
    @Test func forwardValues() {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: [2, 3], [1, 5, 3, 4, 2, 6]))
        #expect(t.reduce(x, .sum, axes: [1]).value.array == [9, 12])
        #expect(t.reduce(x, .mean, axes: [0]).value.array == [2.5, 3.5, 4.5])
        #expect(t.reduce(x, .max, axes: [-1]).value.array == [5, 6])
        #expect(t.reduce(x, .max, axes: [0, 1]).value.shape == [])
        #expect(t.reduce(x, .max, axes: [0, 1]).value.scalar == 6)
        #expect(t.reduce(x, .sum, axes: [0], keepDims: true).shape == [1, 3])
        #expect(t.reduce(x, .sum, axes: []).value.array == x.value.array)
    }

    static let cases: [([Int], [Int], Bool)] = [
        ([2, 3, 4], [1], false), ([2, 3, 4], [0, 2], false), ([2, 3, 4], [1, 2], true), ([2, 3, 4], [0, 1, 2], false),
        ([3, 4], [0], true), ([3, 4], [1], false),
    ]

    @Test(arguments: cases)
    func gradients(_ c: ([Int], [Int], Bool)) {
        let x = randomTensor(c.0, seed: 5)  // distinct values: no ties for max
        for mode in Tape.ReduceMode.allCases {
            checkGradients([x], step: 1e-3) { t, v in t.reduce(v[0], mode, axes: c.1, keepDims: c.2) }
        }
    }

    @Test func maxRoutesToArgmax() {
        let tape = Tape()
        let x = tape.leaf(Tensor(shape: [2, 3], [1, 5, 3, 4, 2, 6]))
        let g = tape.backward(tape.reduce(tape.reduce(x, .max, axes: [1]), .sum, axes: [0]))
        #expect(g[x]?.array == [0, 1, 0, 0, 0, 1])
    }
}
