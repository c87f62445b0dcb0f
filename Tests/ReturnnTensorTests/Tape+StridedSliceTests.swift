import Testing
@testable import ReturnnTensor

/// `stridedSlice`: forward values on inner and outer axes, finite-difference gradients.
@Suite struct TapeStridedSliceTests {
    @Test func forwardValues() {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: [2, 5], (0..<10).map(Float.init)))
        #expect(t.stridedSlice(x, axis: 1, start: 1, count: 2, step: 2).value.array == [1, 3, 6, 8])
        #expect(t.stridedSlice(x, axis: -1, start: 0, count: 3, step: 2).value.array == [0, 2, 4, 5, 7, 9])
        #expect(t.stridedSlice(x, axis: 0, start: 1, count: 1, step: 3).value.array == [5, 6, 7, 8, 9])
        #expect(t.stridedSlice(x, axis: 1, start: 2, count: 0, step: 2).shape == [2, 0])
    }

    @Test func finiteDifferences() {
        let x = randomTensor([2, 7, 3], seed: 31)
        checkGradients([x]) { t, v in t.stridedSlice(v[0], axis: 1, start: 1, count: 3, step: 2) }
        checkGradients([x]) { t, v in t.stridedSlice(v[0], axis: 2, start: 0, count: 2, step: 2) }
        checkGradients([x]) { t, v in t.stridedSlice(v[0], axis: 1, start: 0, count: 3, step: 3) }
    }
}
