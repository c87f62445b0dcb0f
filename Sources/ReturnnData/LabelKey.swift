/// A label as a dictionary key that compares code point by code point, as Python's `str` does.
///
/// Swift's `String` equality is Unicode canonical equivalence: `"é"` (U+00E9) equals `"e\u{301}"`,
/// so a `[String: Int]` would merge two labels that upstream's vocabularies keep apart.
public struct LabelKey: Hashable, Sendable {
    /// The label.
    public let label: String

    /// The key of `label`.
    public init(_ label: String) { self.label = label }

    /// Equal when the UTF-8 bytes are equal.
    public static func == (a: LabelKey, b: LabelKey) -> Bool { a.label.utf8.elementsEqual(b.label.utf8) }

    /// Hashes the UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var s = label
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
