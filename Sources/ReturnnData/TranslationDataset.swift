import Foundation

/// A parallel text corpus in the RWTH translation layout (RETURNN `TranslationDataset`).
///
/// The directory `path` holds `source.<file_postfix>` and `target.<file_postfix>` (each plain or
/// gzipped as `<name>.gz`; the plain file wins when both exist) with one sentence per line, and
/// `source.vocab.pkl`/`target.vocab.pkl` (pickled dicts word → index). Every line is stripped,
/// `source_postfix`/`target_postfix` is appended (e.g. `" </S>"`), and the words (split at
/// whitespace) are looked up; unknown words become `unknown_label` (a str for both keys, or a
/// dict per data key) or are an error without one. Keys: "data" (source) and "classes" (target,
/// not with `source_only`), sparse int32 with the dims of the vocab files (highest index + 1).
/// Tags are `line-<n>`; sorting orderings use the source length. The corpus is read on the first
/// epoch (upstream reads it in a background thread at construction).
public final class TranslationDataset: Dataset {
    /// RETURNN class name.
    public static let className = "TranslationDataset"

    /// Common options.
    public let options: DatasetOptions
    /// `path`: the corpus directory.
    public let path: String
    /// `file_postfix`: e.g. "train" or "dev".
    public let filePostfix: String
    /// `source_postfix` (""): appended to every source line before splitting.
    public let sourcePostfix: String
    /// `target_postfix` (""): appended to every target line.
    public let targetPostfix: String
    /// `source_only` (False): no target file, no "classes".
    public let sourceOnly: Bool
    /// `search_without_reference` (False): "classes" is declared (for its vocabulary) but the
    /// target file is not read.
    public let searchWithoutReference: Bool
    /// `unknown_label` per data key (nil: unknown words are an error).
    public let unknownLabel: [String: String]
    /// `seq_list_file` line numbers: the fixed order of every epoch (repeats allowed).
    public let seqList: [Int]?
    /// "data", then "classes" unless `source_only`.
    public let dataKeys: [String]
    /// `["classes"]`, or none with `source_only`.
    public let targetList: [String]
    /// Labels per key, from the vocab files.
    public let labels: [String: [String]]
    /// Word → index per data key (`source.vocab.pkl`, `target.vocab.pkl`).
    public let vocabs: [String: [LabelKey: Int]]
    /// The corpus files per data key.
    public let files: [String: String]

    /// Current epoch.
    public private(set) var epoch: Int?
    var corpus: [String: [[Int32]]]?
    var order: [Int] = []

    /// `TranslationDataset(path, file_postfix, source_postfix="", target_postfix="",
    /// source_only=False, search_without_reference=False, unknown_label=None, seq_list_file=None,
    /// use_cache_manager=False)`. Checks the files and reads the vocabularies now, the corpus on
    /// the first epoch. `unknownLabel` maps a data key to its unknown label.
    public init(path: String, filePostfix: String, sourcePostfix: String = "", targetPostfix: String = "",
                sourceOnly: Bool = false, searchWithoutReference: Bool = false, unknownLabel: [String: String] = [:],
                seqListFile: String? = nil, options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw bad("path", "'\(path)' is not a directory; give the directory with source.\(filePostfix) and source.vocab.pkl")
        }
        let prefixes = sourceOnly ? [("source", "data")] : [("source", "data"), ("target", "classes")]
        var files = [String: String](), vocabs = [String: [LabelKey: Int]](), labels = [String: [String]]()
        for (prefix, key) in prefixes {
            let name = "\(path)/\(prefix).\(filePostfix)"
            if !(key == "classes" && searchWithoutReference) {
                if FileManager.default.fileExists(atPath: name) {
                    files[key] = name
                } else if FileManager.default.fileExists(atPath: name + ".gz") {
                    files[key] = name + ".gz"
                } else {
                    throw DatasetError.file(path: name, message: "data file not found (also not as \(prefix).\(filePostfix).gz)")
                }
            }
            let vocabFile = "\(path)/\(prefix).vocab.pkl"
            guard FileManager.default.fileExists(atPath: vocabFile) else {
                throw DatasetError.file(path: vocabFile, message: "vocab file not found; TranslationDataset needs \(prefix).vocab.pkl (a pickled dict word -> index)")
            }
            var vocab = [LabelKey: Int]()
            for (w, i) in try VocabularyTable.readPickle(vocabFile) { vocab[LabelKey(w)] = i }
            guard let maxIndex = vocab.values.max(), vocab.values.min()! >= 0 else {
                throw DatasetError.file(path: vocabFile, message: "the vocabulary is empty or has negative indices")
            }
            // Upstream: {idx: word for (word, idx) in sorted(vocab.items())}, the last word of an index wins.
            var byIndex = [Int: String]()
            for (k, i) in vocab {
                let w = k.label
                if let old = byIndex[i], VocabularyTable.pythonLess(w, old) { continue }
                byIndex[i] = w
            }
            if let gap = (0...maxIndex).first(where: { byIndex[$0] == nil }) {
                throw DatasetError.file(path: vocabFile, message: "index \(gap) has no word; the indices must be 0...\(maxIndex) without gaps")
            }
            vocabs[key] = vocab
            labels[key] = (0...maxIndex).map { byIndex[$0]! }
        }
        let keys = prefixes.map(\.1)
        if let k = unknownLabel.keys.sorted().first(where: { !keys.contains($0) }) {
            throw bad("unknown_label", "data key '\(k)' is not one of \(keys)")
        }
        for k in keys {
            guard let l = unknownLabel[k] else { continue }
            guard vocabs[k]![LabelKey(l)] != nil else {
                throw bad("unknown_label", "'\(l)' is not in the vocabulary of '\(k)'; add it to the vocab file or change unknown_label")
            }
        }
        if let f = seqListFile {
            let text = try VocabularyTable.readText(f)
            seqList = try LmDatasetVocabulary.splitLines(text).enumerated().map { n, line in
                guard let i = Int(line.trimmingCharacters(in: .whitespaces)), i >= 0 else {
                    throw DatasetError.file(path: f, message: "line \(n + 1) '\(line)' is not a line number")
                }
                return i
            }
        } else {
            seqList = nil
        }
        self.options = options
        self.path = path
        self.filePostfix = filePostfix
        self.sourcePostfix = sourcePostfix
        self.targetPostfix = targetPostfix
        self.sourceOnly = sourceOnly
        self.searchWithoutReference = searchWithoutReference
        self.unknownLabel = unknownLabel
        self.dataKeys = keys
        self.targetList = Array(keys.dropFirst())
        self.labels = labels
        self.vocabs = vocabs
        self.files = files
    }

    /// The lines of a corpus file (gunzipped for `.gz`), split at `\n` as Python's `readlines`.
    static func lines(_ file: String) throws -> [ArraySlice<UInt8>] {
        let bytes: [UInt8]
        if file.hasSuffix(".gz") {
            bytes = try LmDatasetGzip.decompress(path: file)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DatasetError.file(path: file, message: "cannot read the corpus file")
            }
            bytes = [UInt8](data)
        }
        var out = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A || bytes.isEmpty { out.removeLast() }
        return out
    }

    /// Reads the corpus files once.
    public func loadCorpus() throws {
        guard corpus == nil else { return }
        var c = [String: [[Int32]]]()
        for key in dataKeys {
            guard let file = files[key] else { continue }
            let postfix = key == "data" ? sourcePostfix : targetPostfix
            let vocab = vocabs[key]!
            let unknown = unknownLabel[key].map { Int32(vocab[LabelKey($0)]!) }
            c[key] = try TranslationDataset.lines(file).enumerated().map { n, line in
                guard let text = String(validating: line, as: UTF8.self) else {
                    throw DatasetError.file(path: file, message: "line \(n + 1) is not valid UTF-8")
                }
                let stripped = String(String.UnicodeScalarView(Orthography.strip(Array(text.unicodeScalars))))
                return try Vocabulary.pythonSplit(stripped + postfix).map { w in
                    if let i = vocab[LabelKey(w)] { return Int32(i) }
                    guard let unknown else {
                        throw DatasetError.file(path: file, message: "line \(n + 1): word '\(w)' is not in the vocabulary of '\(key)'; set unknown_label (e.g. \"<UNK>\") or add the word")
                    }
                    return unknown
                }
            }
        }
        let n = c["data"]!.count
        for (key, seqs) in c where seqs.count != n {
            throw DatasetError.file(path: files[key]!, message: "has \(seqs.count) lines but \(files["data"]!) has \(n); source and target must be line-parallel")
        }
        if let bad = seqList?.first(where: { $0 >= n }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_list_file", message: "line number \(bad) is beyond the \(n) lines of the corpus")
        }
        corpus = c
    }

    /// Sparse int32 with the key's vocabulary size.
    public func dataSpec(_ key: String) throws -> DataSpec {
        try checkKey(key)
        return .sparse(labels[key]!.count)
    }

    /// Orders the lines for `epoch` (the `seq_list_file` order when given). Reads the corpus.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        guard epoch != nil else { order = []; return true }
        try loadCorpus()
        if let seqList { order = seqList; return true }
        let src = corpus!["data"]!
        order = try options.seqOrder(epoch: epoch, numSeqs: src.count, seqLength: { src[$0].count }, allTags: { try self.allTags() })
        return true
    }

    /// Starts `epoch` with a given order of line numbers.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        try loadCorpus()
        let n = corpus!["data"]!.count
        if let b = corpusOrder.first(where: { $0 < 0 || $0 >= n }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "line number \(b) outside [0, \(n))")
        }
        self.epoch = epoch
        order = corpusOrder
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { order.count }

    /// Lines of the corpus (reads it if needed; nil if it cannot be read).
    public var totalNumSeqs: Int? {
        try? loadCorpus()
        return corpus?["data"]?.count
    }

    func line(_ seqIdx: Int) throws -> Int {
        try entry(of: order, at: seqIdx, epoch: epoch)
    }

    /// Everything is in memory after `loadCorpus`.
    public func loadSeqs(_ start: Int, _ end: Int) throws { try loadCorpus() }

    /// Lengths of the keys that have data.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let l = try line(seqIdx)
        return NumbersDict(orderedPairs: dataKeys.compactMap { k in corpus![k].map { (k, $0[l].count) } })
    }

    /// The word indices of `key`.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        try checkKey(key)
        let l = try line(seqIdx)
        guard let seqs = corpus![key] else {
            throw DatasetError.unavailable(dataset: name, message: "'\(key)' is not read with search_without_reference=True")
        }
        return SeqData(.int32(seqs[l]), shape: [seqs[l].count])
    }

    /// `line-<n>`.
    public func tag(_ seqIdx: Int) throws -> String { "line-\(try line(seqIdx))" }

    /// `line-0 ... line-(n-1)` (reads the corpus).
    public func allTags() throws -> [String] {
        try loadCorpus()
        return (0..<corpus!["data"]!.count).map { "line-\($0)" }
    }

    /// The line number of sequence `seqIdx`.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try line(seqIdx) }
}
