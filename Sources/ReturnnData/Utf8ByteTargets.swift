import ReturnnConfig

/// The 256 byte values of UTF-8 encoded text as labels (RETURNN `Utf8ByteTargets`).
///
/// Label `i` is the character with code point `i`; `getSeq` gives the UTF-8 bytes of the text
/// plus `seq_postfix`, `seqLabels` decodes the bytes as UTF-8 (invalid UTF-8 throws). There is
/// no unknown label.
///
/// ```python
/// "vocab": {"class": "Utf8ByteTargets"}
/// ```
public final class Utf8ByteTargets: Vocabulary {
    /// RETURNN class name.
    public override class var className: String { "Utf8ByteTargets" }

    /// The byte vocabulary; `options.unknownLabel` is ignored (always none, as upstream).
    public init(options: VocabularyOptions = VocabularyOptions(unknownLabel: nil)) throws {
        var o = options
        o.unknownLabel = nil
        let labels = (0..<256).map { String(Unicode.Scalar(UInt8($0))) }
        try super.init(vocabFile: nil, table: VocabularyTable(labels: labels), options: o)
    }

    /// UTF-8 bytes of `text`, then `seqPostfix`.
    public override func getSeq(_ text: String) throws -> [Int] {
        text.utf8.map { Int($0) } + seqPostfix
    }

    /// The ids as bytes, decoded as UTF-8.
    public override func seqLabels(_ ids: [Int]) throws -> String {
        let bytes = try ids.map { i in
            guard (0..<256).contains(i) else { throw VocabularyError("\(self): invalid byte value \(i), must be within 0-255") }
            return UInt8(i)
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw VocabularyError("\(self): the byte sequence is not valid UTF-8")
        }
        return s
    }

    /// `Utf8ByteTargets(seq_postfix=None, **opts)`: `Vocabulary`'s keyword options except
    /// `unknown_label`, `vocab_file` and `labels` (fixed by the class).
    public override class func make(_ r: inout OptionReader) throws -> Vocabulary {
        try Utf8ByteTargets(options: try VocabularyOptions.read(&r, unknownLabel: nil, withUnknownLabel: false))
    }
}
