/// Extra frames added around each chunk (RETURNN `context_window`, default none).
///
/// `context_window=n` (an int applies to key "data", a dict per key) adds `n - 1` frames in total:
/// `(n-1)/2` on the left and the rest on the right (an even window puts the extra frame on the
/// right, like a 1-D convolution with an even kernel). A pair of dicts gives left/right directly.
public struct ContextWindow: Sendable, Equatable {
    /// Frames added before each chunk, per key (RETURNN `ctx_left`).
    public var left: NumbersDict
    /// Frames added after each chunk, per key (RETURNN `ctx_right`).
    public var right: NumbersDict

    /// No context (the default).
    public static let none = ContextWindow(left: NumbersDict(nil), right: NumbersDict(nil))

    /// Explicit left/right context.
    public init(left: NumbersDict, right: NumbersDict) {
        self.left = left
        self.right = right
    }

    /// Total window sizes per key (`context_window={"data": n}` or an int for "data").
    public init(sizes: NumbersDict) {
        let total = NumbersDict.max([sizes, NumbersDict.constantLike(1, sizes)]) - NumbersDict.constantLike(1, sizes)
        left = NumbersDict.binaryOp(total, NumbersDict.constantLike(2, total), zero: 1) { a, b in a / b }
        right = total - left
    }

    /// `context_window=n`: a window of `n` frames on key "data".
    public init(size: Int) {
        self.init(sizes: NumbersDict(["data": size]))
    }
}
