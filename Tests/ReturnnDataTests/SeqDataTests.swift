import Testing

@testable import ReturnnData

@Test func seqDataShapesAndSlices() {
    let d = SeqData.float32([0, 1, 2, 3, 4, 5], dim: 3)
    #expect(d.length == 2 && d.frameSize == 3 && d.dtype == .float32)
    #expect(d.frames(1, 2) == SeqData(.float32([3, 4, 5]), shape: [1, 3]))
    let s = SeqData(.uint8([7, 8, 9]), shape: [3])
    #expect(s.frames(0, 0).length == 0 && s.ints == [7, 8, 9] && s.frameSize == 1)
    #expect(SeqData(.int16([1, -2]), shape: [2]).doubles == [1, -2])
    #expect(DataSpec.sparse(5).ndim == 1 && DataSpec.dense(4).ndim == 2 && DataSpec.dense(4).shape == [4])
}
