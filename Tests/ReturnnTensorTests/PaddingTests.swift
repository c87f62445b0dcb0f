import Testing
@testable import ReturnnTensor

/// Output lengths and left padding follow TensorFlow's "same"/"valid" rules.
@Suite struct PaddingTests {
    @Test func sameRule() {
        #expect(Padding.same.geometry(time: 5, size: 3, stride: 1, dilation: 1) == (5, 1))
        #expect(Padding.same.geometry(time: 5, size: 2, stride: 2, dilation: 1) == (3, 0))
        #expect(Padding.same.geometry(time: 6, size: 3, stride: 2, dilation: 1) == (3, 0))
        #expect(Padding.same.geometry(time: 7, size: 3, stride: 2, dilation: 1) == (4, 1))
        #expect(Padding.same.geometry(time: 5, size: 3, stride: 1, dilation: 2) == (5, 2))
        #expect(Padding.same.geometry(time: 4, size: 4, stride: 1, dilation: 1) == (4, 1))  // total 3: 1 left, 2 right
        #expect(Padding.same.geometry(time: 0, size: 3, stride: 1, dilation: 1).outTime == 0)
    }

    @Test func validRule() {
        #expect(Padding.valid.geometry(time: 5, size: 3, stride: 1, dilation: 1) == (3, 0))
        #expect(Padding.valid.geometry(time: 5, size: 3, stride: 2, dilation: 1) == (2, 0))
        #expect(Padding.valid.geometry(time: 6, size: 2, stride: 2, dilation: 1) == (3, 0))
        #expect(Padding.valid.geometry(time: 7, size: 3, stride: 1, dilation: 2) == (3, 0))
        #expect(Padding.valid.geometry(time: 2, size: 3, stride: 1, dilation: 1) == (0, 0))
        #expect(Padding.valid.outputLength(time: 9, size: 2, stride: 3, dilation: 1) == 3)
    }
}
