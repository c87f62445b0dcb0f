import Testing

@testable import ReturnnData

@Test func slidingWindowConcatenatesNeighbours() {
    let x = SeqData.float32([1, 2, 3, 4, 5, 6], dim: 2)  // frames (1,2) (3,4) (5,6)
    let w = SlidingWindow.apply(x, window: 3)
    #expect(w.shape == [3, 6])
    #expect(w.doubles == [0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 3, 4, 5, 6, 0, 0])
    #expect(SlidingWindow.apply(x, window: 1) == x)
    let w5 = SlidingWindow.apply(x, window: 5)
    #expect(Array(w5.doubles[0..<10]) == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6])
}
