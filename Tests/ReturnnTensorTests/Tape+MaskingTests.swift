import Testing
@testable import ReturnnTensor

/// Dropout-mask multiply and sequence masking: values and gradients.
@Suite struct TapeMaskingTests {
    @Test func dropoutMaskBroadcastsOverBatchAndTime() {
        // [B=2, T=2, F=3] with one feature mask shared by all frames (RETURNN's default noise shape).
        let x = Tensor(shape: [2, 2, 3], (0..<12).map { Float($0) })
        let mask = Tensor(shape: [1, 1, 3], [2, 0, 2])
        let y = Tape(recording: false).applyDropoutMask(Variable(x), mask: mask)
        #expect(y.value.array == [0, 0, 4, 6, 0, 10, 12, 0, 16, 18, 0, 22])
        checkGradients([randomTensor([2, 2, 3], seed: 1)]) { t, v in t.applyDropoutMask(v[0], mask: mask) }
        let full = Tensor(shape: [2, 2, 3], (0..<12).map { Float($0 % 3) })
        checkGradients([randomTensor([2, 2, 3], seed: 2)]) { t, v in t.applyDropoutMask(v[0], mask: full) }
    }

    @Test func sequenceMaskValues() {
        let lengths = IntTensor([2, 0, 5])
        #expect(Tensor.sequenceMask(lengths: lengths, maxTime: 3).array == [1, 1, 0, 0, 0, 0, 1, 1, 1])
        #expect(Tensor.sequenceMask(lengths: lengths, maxTime: 3, timeMajor: true).array == [1, 0, 1, 1, 0, 1, 0, 0, 1])
    }

    @Test func maskSequencesBatchMajor() {
        let x = Tensor(shape: [2, 3, 2], (1...12).map { Float($0) })
        let lengths = IntTensor([1, 3])
        let y = Tape(recording: false).maskSequences(Variable(x), lengths: lengths)
        #expect(y.value.array == [1, 2, 0, 0, 0, 0, 7, 8, 9, 10, 11, 12])
        #expect(x.array == (1...12).map { Float($0) })
        checkGradients([randomTensor([2, 3, 2], seed: 3)]) { t, v in t.tanh(t.maskSequences(v[0], lengths: lengths)) }
    }

    @Test func maskSequencesTimeMajor() {
        let x = Tensor(shape: [3, 2, 1], (1...6).map { Float($0) })
        let y = Tape(recording: false).maskSequences(Variable(x), lengths: IntTensor([1, 2]), timeMajor: true)
        #expect(y.value.array == [1, 2, 0, 4, 0, 0])
        checkGradients([randomTensor([3, 2, 2], seed: 4)]) { t, v in
            t.maskSequences(v[0], lengths: IntTensor([3, 1]), timeMajor: true)
        }
    }
}
