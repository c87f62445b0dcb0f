import ReturnnConfig

/// A vocabulary of subword-nmt BPE units, encoding text on the fly (RETURNN `BytePairEncoding`).
///
/// `getSeq` splits the text into BPE units with `bpe_file` (see `StandardBytePairEncoder`), looks
/// the units up in `vocab_file` (inner units carry `@@`: `"kod"` → `k@@ o@@ d`), maps unknown
/// units to `unknown_label` (default "UNK") and appends `seq_postfix`. `seqLabels` joins the
/// units with spaces and keeps the `@@` marks, as upstream's `get_seq_labels`
/// (`"k@@ o@@ d"`; `sed "s/@@ //g"` gives the words).
///
/// ```python
/// "vocab": {"class": "BytePairEncoding", "bpe_file": "bpe.codes", "vocab_file": "bpe.vocab",
///           "unknown_label": "<unk>"}
/// ```
public final class BytePairEncoding: Vocabulary {
    /// RETURNN class name.
    public override class var className: String { "BytePairEncoding" }

    /// `bpe_file`.
    public let bpeFile: String
    /// The encoder of `bpe_file` with this vocabulary.
    public let bpe: StandardBytePairEncoder

    /// `BytePairEncoding(vocab_file, bpe_file, seq_postfix=None, **kwargs)` over a label table.
    public init(vocabFile: String?, table: VocabularyTable, bpeFile: String, options: VocabularyOptions = VocabularyOptions()) throws {
        self.bpeFile = bpeFile
        self.bpe = try StandardBytePairEncoder(codesFile: bpeFile, labels: table.labels)
        try super.init(vocabFile: vocabFile, table: table, options: options)
    }

    /// Reads `vocab_file` and `bpe_file`.
    public convenience init(vocabFile: String, bpeFile: String, options: VocabularyOptions = VocabularyOptions()) throws {
        try self.init(vocabFile: vocabFile, table: try VocabularyTable.read(vocabFile), bpeFile: bpeFile, options: options)
    }

    /// BPE units of `text` → ids, then `seqPostfix`.
    public override func getSeq(_ text: String) throws -> [Int] {
        try seqIndices(bpe.segmentSentence(text)) + seqPostfix
    }

    /// `bpe_file`, `vocab_file` (or `labels`), and `Vocabulary`'s keyword options.
    public override class func make(_ r: inout OptionReader) throws -> Vocabulary {
        let options = try VocabularyOptions.read(&r, unknownLabel: .label("UNK"))
        let (file, table) = try readTable(&r)
        let bpeFile = try r.string("bpe_file")
        do {
            return try BytePairEncoding(vocabFile: file, table: table, bpeFile: bpeFile, options: options)
        } catch let e as DatasetError {
            throw ConfigError(.io, "\(r.context).bpe_file: \(e)", at: r.dict.get("bpe_file")?.location ?? r.location)
        }
    }
}
