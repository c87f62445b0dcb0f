import ReturnnConfig

/// A set of labels and their ids, and how text maps to ids and back (RETURNN `Vocabulary`,
/// `returnn/datasets/util/vocabulary.py`); the base of `BytePairEncoding`, `SentencePieces`,
/// `CharacterTargets` and `Utf8ByteTargets`.
///
/// The plain `Vocabulary` maps whitespace-separated words: `getSeq("a b")` looks up each word
/// (unknown words become `unknown_label`, default "UNK", which must then be in the vocabulary)
/// and appends `seq_postfix`; `seqLabels` joins labels with one space. Built from a config dict
/// by `BuiltinVocabularies.make` (upstream `Vocabulary.create_vocab`):
///
/// ```python
/// "orth_vocab": {"vocab_file": "words.vocab", "unknown_label": "<unk>", "seq_postfix": [0]}
/// ```
public class Vocabulary: CustomStringConvertible {
    /// RETURNN class name used as `"class"` in vocabulary dicts.
    public class var className: String { "Vocabulary" }

    /// `vocab_file` (nil when the labels came from `labels` or from the class itself).
    public let vocabFile: String?
    /// Labels by id (`labels`).
    public let labels: [String]
    /// Label → id (`_vocab`); several labels may share an id.
    let labelToIndex: [LabelKey: Int]
    /// `unknown_label` as a label (nil: unknown labels are an error).
    public private(set) var unknownLabel: String?
    /// `unknown_label_id`.
    public private(set) var unknownLabelId: Int?
    /// `bos_label_id`.
    public private(set) var bosLabelId: Int?
    /// `eos_label_id`.
    public private(set) var eosLabelId: Int?
    /// `pad_label_id`.
    public private(set) var padLabelId: Int?
    /// `control_symbol_ids` (name → id).
    public private(set) var controlSymbolIds: [String: Int] = [:]
    /// `user_defined_symbol_ids` (name → id).
    public private(set) var userDefinedSymbolIds: [String: Int] = [:]
    /// `seq_postfix`: ids appended by `getSeq`.
    public let seqPostfix: [Int]
    /// `single_whitespace_split`.
    public let singleWhitespaceSplit: Bool

    /// Number of labels (`num_labels`).
    public var numLabels: Int { labels.count }

    /// A vocabulary over `table`; resolves the special labels of `options` as upstream
    /// (`to_id(label, allow_none=True)`: a label must be in the table, an id in range, `-1` is none).
    public init(vocabFile: String?, table: VocabularyTable, options: VocabularyOptions = VocabularyOptions()) throws {
        self.vocabFile = vocabFile
        self.labels = table.labels
        self.labelToIndex = table.labelToIndex
        self.seqPostfix = options.seqPostfix
        self.singleWhitespaceSplit = options.singleWhitespaceSplit
        if let n = options.numLabels, n != labels.count {
            throw VocabularyError("\(self): num_labels=\(n) given, but the vocabulary has \(labels.count) labels", option: "num_labels")
        }
        unknownLabelId = try resolve(options.unknownLabel, option: "unknown_label")
        unknownLabel = unknownLabelId.map { labels[$0] }
        bosLabelId = try resolve(options.bosLabel, option: "bos_label")
        eosLabelId = try resolve(options.eosLabel, option: "eos_label")
        padLabelId = try resolve(options.padLabel, option: "pad_label")
        for (k, l) in options.controlSymbols { controlSymbolIds[k] = try resolve(l, option: "control_symbols") }
        for (k, l) in options.userDefinedSymbols { userDefinedSymbolIds[k] = try resolve(l, option: "user_defined_symbols") }
        for i in seqPostfix where !(0..<labels.count).contains(i) {
            throw VocabularyError("\(self): seq_postfix id \(i) is outside [0, \(labels.count))", option: "seq_postfix")
        }
    }

    /// Reads `vocab_file` (see `VocabularyTable.read`).
    public convenience init(vocabFile: String, options: VocabularyOptions = VocabularyOptions()) throws {
        try self.init(vocabFile: vocabFile, table: try VocabularyTable.read(vocabFile), options: options)
    }

    /// upstream `repr`: `Vocabulary('words.vocab', num_labels=3)`.
    public var description: String {
        "\(Self.className)(\(vocabFile.map { "'\($0)'" } ?? "None"), num_labels=\(labels.count))"
    }

    /// Whether `id` is a label id (`is_id_valid`).
    public func isIdValid(_ id: Int) -> Bool { id >= 0 && id < labels.count }

    func resolve(_ label: VocabularyLabel?, option: String) throws -> Int? {
        switch label {
        case nil: return nil
        case .index(-1): return nil
        case .index(let i):
            guard isIdValid(i) else { throw VocabularyError("\(self): \(option) id \(i) is not a valid label id", option: option) }
            return i
        case .label(let s):
            guard let i = labelToIndex[LabelKey(s)] else {
                let hint = option == "unknown_label" ? "set unknown_label to a label of the vocabulary, or to None to make unknown labels an error" : "use a label of the vocabulary or an id"
                throw VocabularyError("\(self): \(option) '\(s)' is not in the vocabulary; \(hint)", option: option)
            }
            return i
        }
    }

    /// The id of `label` (`label_to_id(label, default=None)`).
    public func index(of label: String) -> Int? { labelToIndex[LabelKey(label)] }

    /// Python's `str.split()`: the words between runs of whitespace.
    public static func pythonSplit(_ text: String) -> [String] {
        var out = [String]()
        var cur = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if Orthography.isSpace(c) {
                if !cur.isEmpty { out.append(String(cur)); cur = String.UnicodeScalarView() }
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty { out.append(String(cur)) }
        return out
    }

    /// upstream's `findall("(label|...|\S+)(?: |$)")` of `single_whitespace_split`: at each
    /// position the first label (in id order), else the run of non-space characters, that is
    /// followed by one space or the end.
    func splitSingleWhitespace(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        let labelScalars = labels.map { Array($0.unicodeScalars) }
        func endsAt(_ p: Int) -> Int? {
            if p < s.count, s[p] == " " { return p + 1 }
            if p == s.count || (p == s.count - 1 && s[p] == "\n") { return p }
            return nil
        }
        var out = [String]()
        var pos = 0
        while pos <= s.count {
            var matched: (String, Int)?
            for (i, l) in labelScalars.enumerated() where pos + l.count <= s.count && Array(s[pos..<(pos + l.count)]) == l {
                if let e = endsAt(pos + l.count) { matched = (labels[i], e); break }
            }
            if matched == nil {
                var p = pos
                while p < s.count, !Orthography.isSpace(s[p]) { p += 1 }
                if p > pos, let e = endsAt(p) { matched = (String(String.UnicodeScalarView(s[pos..<p])), e) }
            }
            guard let (word, end) = matched else { pos += 1; continue }
            out.append(word)
            pos = end > pos ? end : pos + 1
        }
        return out
    }

    /// `get_seq_indices`: ids of `labels`; unknown ones become `unknownLabelId`, or throw without one.
    public func seqIndices(_ seq: [String]) throws -> [Int] {
        try seq.map { l in
            if let i = labelToIndex[LabelKey(l)] { return i }
            guard let u = unknownLabelId else {
                throw VocabularyError("\(self): label '\(l)' is not in the vocabulary and there is no unknown_label; add it, or set unknown_label")
            }
            return u
        }
    }

    /// `get_seq`: text → ids (words split at whitespace), then `seqPostfix`.
    public func getSeq(_ text: String) throws -> [Int] {
        try seqIndices(singleWhitespaceSplit ? splitSingleWhitespace(text) : Vocabulary.pythonSplit(text)) + seqPostfix
    }

    /// The label of every id; throws for ids outside the vocabulary.
    func labelsOf(_ ids: [Int]) throws -> [String] {
        try ids.map { i in
            guard i >= 0 && i < labels.count else {
                throw VocabularyError("\(self): label id \(i) is outside [0, \(labels.count)); the ids do not belong to this vocabulary")
            }
            return labels[i]
        }
    }

    /// `get_seq_labels`: ids → text, the labels joined by one space (also for `BytePairEncoding`
    /// and `SentencePieces`, whose labels keep their `@@`/`▁` marks, as upstream).
    public func seqLabels(_ ids: [Int]) throws -> String {
        try labelsOf(ids).joined(separator: " ")
    }

    /// Reads upstream's `Vocabulary(vocab_file, *, special_symbols_via_file=None,
    /// unknown_label="UNK", bos_label=None, eos_label=None, pad_label=None, control_symbols=None,
    /// user_defined_symbols=None, num_labels=None, seq_postfix=None, labels=None,
    /// single_whitespace_split=False)`. Each subclass reads its own signature.
    public class func make(_ r: inout OptionReader) throws -> Vocabulary {
        let options = try VocabularyOptions.read(&r, unknownLabel: .label("UNK"))
        let (file, table) = try readTable(&r)
        return try Vocabulary(vocabFile: file, table: table, options: options)
    }

    /// `vocab_file` or `labels` (a list of str, or a function returning one), one of them required.
    static func readTable(_ r: inout OptionReader) throws -> (String?, VocabularyTable) {
        if var v = r.optionalValue("labels"), !v.isNone {
            if v.isCallable { v = try v.call() }
            guard let items = v.sequenceItems, v.stringValue == nil else {
                throw ConfigError(.type, "\(r.context).labels: expected a list of str, got \(v.typeName)", at: v.location)
            }
            let labels = try items.map { x in
                guard let s = x.stringValue else { throw ConfigError(.type, "\(r.context).labels: expected str elements, got \(x.repr)", at: x.location) }
                return s
            }
            return (try r.optionalString("vocab_file"), VocabularyTable(labels: labels))
        }
        guard let path = try r.optionalString("vocab_file") else {
            throw ConfigError(.key, "\(r.context): missing required option 'vocab_file' (or 'labels')", at: r.location)
        }
        do { return (path, try VocabularyTable.read(path)) } catch let e as DatasetError {
            throw ConfigError(.io, "\(r.context).vocab_file: \(e)", at: r.dict.get("vocab_file")?.location ?? r.location)
        }
    }

    /// upstream `Vocabulary.create_vocab_from_labels(labels)`: fewer than 1000 labels of one
    /// character each are `CharacterTargets` (the 256 byte values in order: `Utf8ByteTargets`),
    /// anything else a plain `Vocabulary`; no unknown label. This is how upstream's search writes
    /// hypotheses as text from a dataset's `labels`.
    public static func fromLabels(_ labels: [String]) -> Vocabulary {
        let options = VocabularyOptions(unknownLabel: nil)
        do {
            if labels.count < 1000 && labels.allSatisfy({ $0.unicodeScalars.count == 1 }) {
                if labels.count == 256 && labels.enumerated().allSatisfy({ $0.element.unicodeScalars.first!.value == UInt32($0.offset) }) {
                    return try Utf8ByteTargets(options: options)
                }
                return try CharacterTargets(vocabFile: nil, table: VocabularyTable(labels: labels), options: options)
            }
            return try Vocabulary(vocabFile: nil, table: VocabularyTable(labels: labels), options: options)
        } catch {
            preconditionFailure("a vocabulary without special labels cannot fail: \(error)")
        }
    }
}
