import Testing

@testable import ReturnnData

@Test func contextWindowSplitsLikeUpstream() {
    // n frames in total: (n-1)/2 left, the rest right (even windows put the extra frame right).
    for (n, l, r) in [(1, 0, 0), (2, 0, 1), (3, 1, 1), (4, 1, 2), (5, 2, 2)] {
        let c = ContextWindow(size: n)
        #expect(c.left["data"] == l && c.right["data"] == r, "window \(n)")
        #expect(c.left["classes"] == nil)
    }
    let none = ContextWindow.none
    #expect(none.left.keys.isEmpty && none.left.value == nil)
}
