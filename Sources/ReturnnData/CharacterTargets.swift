import ReturnnConfig

/// Characters (Unicode code points) as labels (RETURNN `CharacterTargets`).
///
/// `getSeq` maps every character of the text, spaces included, to its id (unknown ones to
/// `unknown_label`, default "@"), then appends `seq_postfix`; `seqLabels` concatenates the labels
/// without separator.
///
/// ```python
/// "vocab": {"class": "CharacterTargets", "vocab_file": "chars.txt", "unknown_label": None}
/// ```
public final class CharacterTargets: Vocabulary {
    /// RETURNN class name.
    public override class var className: String { "CharacterTargets" }

    /// Code points of `text` → ids, then `seqPostfix`.
    public override func getSeq(_ text: String) throws -> [Int] {
        try seqIndices(text.unicodeScalars.map { String($0) }) + seqPostfix
    }

    /// The labels concatenated (`"".join`).
    public override func seqLabels(_ ids: [Int]) throws -> String {
        try labelsOf(ids).joined()
    }

    /// `CharacterTargets(vocab_file, seq_postfix=None, unknown_label="@", labels=None, **kwargs)`.
    public override class func make(_ r: inout OptionReader) throws -> Vocabulary {
        let options = try VocabularyOptions.read(&r, unknownLabel: .label("@"))
        let (file, table) = try readTable(&r)
        return try CharacterTargets(vocabFile: file, table: table, options: options)
    }
}
