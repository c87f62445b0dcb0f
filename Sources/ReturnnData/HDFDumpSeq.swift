/// One sequence to dump: its tag and its data per key (time first).
public struct HDFDumpSeq: Equatable, Sendable {
    /// Sequence tag.
    public var tag: String
    /// Data per key, shape `[length] + frameShape`.
    public var data: [String: HDFArray]

    /// Creates a sequence.
    public init(tag: String, data: [String: HDFArray]) {
        self.tag = tag
        self.data = data
    }
}
