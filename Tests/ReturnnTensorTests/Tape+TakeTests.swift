import Testing
@testable import ReturnnTensor

/// `take` (rows by an index map with fill) and its int twin: values, repeats and fills, gradients.
@Suite struct TapeTakeTests {
    @Test func forwardValues() {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: [3, 2], [0, 1, 2, 3, 4, 5]))
        let y = t.take(x, rows: IntTensor([2, -1, 0, 2]), rowSize: 2, shape: [2, 4], fill: 9)
        #expect(y.shape == [2, 4] && y.value.array == [4, 5, 9, 9, 0, 1, 4, 5])
        let e = t.take(x, rows: IntTensor(shape: [0], []), rowSize: 2, shape: [0, 2])
        #expect(e.shape == [0, 2])
        let i = IntTensor(shape: [3], [7, 8, 9]).take(rows: IntTensor(shape: [2, 2], [2, 0, -1, 1]), rowSize: 1, shape: [2, 2], fill: -3)
        #expect(i.shape == [2, 2] && i.array == [9, 7, -3, 8])
    }

    @Test func finiteDifferences() {
        let x = randomTensor([4, 3], seed: 5)
        // Rows taken twice, once, never, and filled.
        checkGradients([x]) { t, v in t.take(v[0], rows: IntTensor([1, 1, -1, 3, 0, 3]), rowSize: 3, shape: [2, 3, 3], fill: 0.5) }
        checkGradients([x]) { t, v in t.take(v[0], rows: IntTensor([11, 0, 5, 5, -1]), rowSize: 1, shape: [5]) }
    }
}
