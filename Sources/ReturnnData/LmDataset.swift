import Foundation

/// Language-model text corpus: one sequence of symbol indices per line (RETURNN `LmDataset`).
///
/// Corpus files are plain or gzipped (`.gz`) text, concatenated in order; they are read lazily on
/// the first `initSeqOrder` with an epoch (or `allTags`/`totalNumSeqs`), never at construction.
/// Lines are parsed as upstream `parse_orthography` (see `Orthography`) into characters or words,
/// `[SPECIAL]` tokens kept whole, then mapped through the vocabulary of `orth_symbols_file` or
/// `orth_symbols_map_file`. Tags are `tag_prefix` + line index over all files, or the tags of
/// `seq_list_file`. Data key "data" (sparse, dim = number of labels), plus "delayed" with
/// `add_delayed_seq_data`; the target list is `["data"]` as upstream.
///
/// Invalid sequences (unknown symbols) throw with `error_on_invalid_seq` (default); otherwise
/// they are skipped and, as upstream, the number of sequences of the epoch is only known once
/// its end is reached (`numSeqs` is `nil` until then).
public final class LmDataset: SeqDictDataset {
    /// RETURNN class name.
    public static let className = "LmDataset"

    /// Common options.
    public let options: DatasetOptions
    /// `corpus_file`: text files (optionally `.gz`), concatenated.
    public let corpusFile: [String]
    /// `skip_empty_lines` (True).
    public let skipEmptyLines: Bool
    /// `seq_list_file` (None): one tag file for the whole corpus, or one per corpus file.
    public let seqListFile: [String]?
    /// `word_based` (False): words instead of characters.
    public let wordBased: Bool
    /// `word_end_symbol` (None): in char mode, replaces spaces and is added before the seq end.
    public let wordEndSymbol: String?
    /// `seq_end_symbol` ("[END]"): appended to every sequence; `nil` appends nothing.
    public let seqEndSymbol: String?
    /// `unknown_symbol` ("[UNKNOWN]"): replacement with `auto_replace_unknown_symbol`.
    public let unknownSymbol: String?
    /// `auto_replace_unknown_symbol` (False).
    public let autoReplaceUnknownSymbol: Bool
    /// `error_on_invalid_seq` (True): throw for sequences with unknown symbols instead of skipping.
    public let errorOnInvalidSeq: Bool
    /// `add_delayed_seq_data` (False): adds key "delayed" = `[start] + data[:-1]`.
    public let addDelayedSeqData: Bool
    /// `delayed_seq_data_start_symbol` ("[START]").
    public let delayedSeqDataStartSymbol: String
    /// `dtype` (None: int8 for ≤ 128 labels, uint8 for ≤ 256, else int32).
    public let dtype: DataType
    /// `tag_prefix` (None → "line-").
    public let tagPrefix: String
    /// The symbol inventory.
    public let vocabulary: LmDatasetVocabulary
    /// `orth_vocab`: when set, every (stripped) line is encoded by this vocabulary's `getSeq`
    /// instead of the orthography symbols (no `seq_end_symbol`/`word_end_symbol`).
    public let orthVocab: Vocabulary?
    /// Keys: "data", then "delayed" if enabled.
    public let dataKeys: [String]
    /// `["data"]` (upstream swaps the usual logic: "delayed" would be the input).
    public let targetList: [String] = ["data"]
    /// Labels of "data" (and "delayed").
    public let labels: [String: [String]]
    /// Current epoch.
    public private(set) var epoch: Int?
    /// Sequences skipped in this epoch because of unknown symbols.
    public private(set) var numSkipped = 0
    /// Unknown symbols counted in this epoch (after auto-replacement).
    public private(set) var numUnknown = 0

    let postfix: [String]
    /// Index of every one-code-point symbol, for the char-based fast path.
    let scalarIndex: [UInt32: Int]
    var replaceMap: [String: [String]]
    var corpus: LmDatasetCorpus?
    var seqList: [String]?
    var order: [Int] = []
    /// Positions in `order` of the valid sequences found so far (only when skipping is possible).
    var positions: [Int] = []
    var scanPos = 0
    var cache: [Int: [String: SeqData]] = [:]
    static let cacheLimit = 4096

    /// `LmDataset(corpus_file, skip_empty_lines=True, seq_list_file=None, orth_symbols_file=None,
    /// orth_symbols_map_file=None, orth_replace_map_file=None, word_based=False,
    /// word_end_symbol=None, seq_end_symbol="[END]", unknown_symbol="[UNKNOWN]",
    /// auto_replace_unknown_symbol=False, error_on_invalid_seq=True, add_delayed_seq_data=False,
    /// delayed_seq_data_start_symbol="[START]", dtype=None, tag_prefix=None, orth_vocab=None)`.
    /// Reads the vocabulary now, the corpus lazily. `phone_info` and `orth_post_process` are not
    /// supported.
    public init(
        corpusFile: [String], skipEmptyLines: Bool = true, seqListFile: [String]? = nil,
        orthVocab: Vocabulary? = nil, orthSymbolsFile: String? = nil, orthSymbolsMapFile: String? = nil, orthReplaceMapFile: String? = nil,
        wordBased: Bool = false, wordEndSymbol: String? = nil, seqEndSymbol: String? = "[END]",
        unknownSymbol: String? = "[UNKNOWN]", autoReplaceUnknownSymbol: Bool = false, errorOnInvalidSeq: Bool = true,
        addDelayedSeqData: Bool = false, delayedSeqDataStartSymbol: String = "[START]", dtype: DataType? = nil,
        tagPrefix: String? = nil, options: DatasetOptions
    ) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard !corpusFile.isEmpty else { throw bad("corpus_file", "needs at least one file") }
        if let s = seqListFile, s.count != 1 && s.count != corpusFile.count {
            throw bad("seq_list_file", "give one file for the whole corpus or one per corpus file (\(corpusFile.count)), got \(s.count)")
        }
        let vocab: LmDatasetVocabulary
        switch (orthSymbolsFile, orthSymbolsMapFile) {
        case _ where orthVocab != nil:
            for (o, set) in [("orth_symbols_file", orthSymbolsFile != nil), ("orth_symbols_map_file", orthSymbolsMapFile != nil),
                             ("orth_replace_map_file", orthReplaceMapFile != nil)] where set {
                throw bad(o, "give either orth_vocab or \(o), not both")
            }
            if autoReplaceUnknownSymbol {
                throw bad("auto_replace_unknown_symbol", "unknown symbols are handled by orth_vocab's unknown_label; remove auto_replace_unknown_symbol")
            }
            if addDelayedSeqData { throw bad("add_delayed_seq_data", "is not possible with orth_vocab (as upstream); use orth_symbols_file") }
            vocab = LmDatasetVocabulary(labels: orthVocab!.labels, symbolToIndex: Dictionary(orthVocab!.labelToIndex.map { ($0.key.label, $0.value) }, uniquingKeysWith: { a, _ in a }))
        case (let f?, nil): vocab = try LmDatasetVocabulary.symbolsFile(f)
        case (nil, let f?): vocab = try LmDatasetVocabulary.symbolsMapFile(f)
        case (_?, _?): throw bad("orth_symbols_file", "give either orth_symbols_file or orth_symbols_map_file, not both")
        case (nil, nil):
            throw bad("orth_symbols_file", "LmDataset needs orth_vocab, orth_symbols_file or orth_symbols_map_file (phone_info is not supported)")
        }
        guard !vocab.labels.isEmpty else { throw bad("orth_symbols_file", "the vocabulary is empty") }
        if let t = dtype, !t.isInteger { throw bad("dtype", "must be an integer type, got \(t.rawValue)") }
        if autoReplaceUnknownSymbol, let u = unknownSymbol, vocab.symbolToIndex[u] == nil {
            throw bad("unknown_symbol", "'\(u)' is not in the vocabulary, so auto_replace_unknown_symbol cannot map unknown symbols to it; add it or set unknown_symbol=None")
        }
        if addDelayedSeqData, vocab.symbolToIndex[delayedSeqDataStartSymbol] == nil {
            throw bad("delayed_seq_data_start_symbol", "'\(delayedSeqDataStartSymbol)' is not in the vocabulary (needed by add_delayed_seq_data)")
        }
        var replace = [String: [String]]()
        if let path = orthReplaceMapFile {
            let text = try LmDatasetVocabulary.readText(path, what: "orth_replace_map_file")
            guard let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else {
                throw DatasetError.file(path: path, message: "orth_replace_map_file must be a JSON object mapping symbols to strings")
            }
            for (k, v) in obj { replace[k] = Orthography.parseIntoSymbols(Array(v.unicodeScalars), wordBased: wordBased) }
        }
        if let w = wordEndSymbol, !wordBased {
            replace[" "] = [w]
            postfix = seqEndSymbol.map { [w, $0] } ?? [w]
        } else {
            postfix = seqEndSymbol.map { [$0] } ?? []
        }
        let n = vocab.labels.count
        self.options = options
        self.corpusFile = corpusFile
        self.skipEmptyLines = skipEmptyLines
        self.seqListFile = seqListFile
        self.wordBased = wordBased
        self.wordEndSymbol = wordEndSymbol
        self.seqEndSymbol = seqEndSymbol
        self.unknownSymbol = unknownSymbol
        self.autoReplaceUnknownSymbol = autoReplaceUnknownSymbol
        self.errorOnInvalidSeq = errorOnInvalidSeq
        self.addDelayedSeqData = addDelayedSeqData
        self.delayedSeqDataStartSymbol = delayedSeqDataStartSymbol
        self.dtype = dtype ?? (n <= 128 ? .int8 : n <= 256 ? .uint8 : .int32)
        self.tagPrefix = tagPrefix ?? "line-"
        self.vocabulary = vocab
        self.orthVocab = orthVocab
        var scalarIndex = [UInt32: Int]()
        for (sym, i) in vocab.symbolToIndex where sym.unicodeScalars.count == 1 {
            scalarIndex[sym.unicodeScalars.first!.value] = i
        }
        self.scalarIndex = scalarIndex
        self.replaceMap = replace
        self.dataKeys = addDelayedSeqData ? ["data", "delayed"] : ["data"]
        self.labels = addDelayedSeqData ? ["data": vocab.labels, "delayed": vocab.labels] : ["data": vocab.labels]
    }

    /// Whether the corpus files have been read (they are read lazily).
    public var isCorpusLoaded: Bool { corpus != nil }

    /// Reads the corpus files and the seq list, once (upstream `_lazy_init`).
    public func lazyInit() throws {
        guard corpus == nil else { return }
        let c = try LmDatasetCorpus(files: corpusFile, skipEmptyLines: skipEmptyLines)
        if let files = seqListFile {
            var tags = [String]()
            if files.count == 1 {
                tags = try DatasetOptions.loadSeqList(path: files[0], dataset: name)
                guard tags.count == c.count else {
                    throw DatasetError.file(path: files[0], message: "seq_list_file has \(tags.count) tags but the corpus has \(c.count) lines")
                }
            } else {
                for (i, f) in files.enumerated() {
                    let part = try DatasetOptions.loadSeqList(path: f, dataset: name)
                    guard part.count == c.linesPerFile[i] else {
                        throw DatasetError.file(path: f, message: "seq_list_file has \(part.count) tags but \(corpusFile[i]) has \(c.linesPerFile[i]) lines")
                    }
                    tags += part
                }
            }
            seqList = tags
        }
        corpus = c
    }

    /// Spec of "data"/"delayed": sparse with one class per label.
    public func dataSpec(_ key: String) throws -> DataSpec {
        try checkKey(key)
        return .sparse(vocabulary.labels.count, dtype: dtype)
    }

    var canSkip: Bool { !errorOnInvalidSeq && !autoReplaceUnknownSymbol }

    func resetEpochState(epoch: Int?) {
        self.epoch = epoch
        positions = []
        scanPos = 0
        cache = [:]
        numSkipped = 0
        numUnknown = 0
    }

    /// Orders the corpus for `epoch` (sorting uses the byte length of each line). Loads the corpus.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        resetEpochState(epoch: epoch)
        guard epoch != nil else {
            order = []
            return true
        }
        try lazyInit()
        let lens = corpus!.lengths
        order = try options.seqOrder(epoch: epoch, numSeqs: lens.count, seqLength: { lens[$0] }, allTags: { try self.allTags() })
        return true
    }

    /// Starts `epoch` with a given order of line indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        try lazyInit()
        let n = corpus!.count
        if let b = corpusOrder.first(where: { $0 < 0 || $0 >= n }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(b) outside [0, \(n))")
        }
        resetEpochState(epoch: epoch)
        order = corpusOrder
    }

    /// The current epoch's order of line indices (`get_current_seq_order`).
    public var currentSeqOrder: [Int] { order }

    /// Sequences in this epoch; `nil` while skipping is possible and the end was not reached yet.
    public var numSeqs: Int? {
        guard canSkip else { return order.count }
        return scanPos >= order.count ? positions.count : nil
    }

    /// Lines of the corpus (reads it if needed; `nil` if it cannot be read).
    public var totalNumSeqs: Int? {
        try? lazyInit()
        return corpus?.count
    }

    /// Whether sequence `n` exists (decodes ahead to find it when sequences may be skipped).
    public func isLessThanNumSeqs(_ n: Int) throws -> Bool {
        try orderPosition(n) != nil
    }

    /// Position in `order` of sequence `seqIdx`, or `nil` past the end.
    func orderPosition(_ seqIdx: Int) throws -> Int? {
        guard epoch != nil else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard seqIdx >= 0 else { return nil }
        guard canSkip else { return seqIdx < order.count ? seqIdx : nil }
        while positions.count <= seqIdx && scanPos < order.count {
            let p = scanPos
            scanPos += 1
            if let s = try encode(corpusIdx: order[p]) {
                positions.append(p)
                cache[positions.count - 1] = s
            } else {
                numSkipped += 1
            }
        }
        return seqIdx < positions.count ? positions[seqIdx] : nil
    }

    func position(_ seqIdx: Int) throws -> Int {
        guard let p = try orderPosition(seqIdx) else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside the \(numSeqs.map(String.init) ?? "?") seqs of epoch \(epoch!)")
        }
        return p
    }

    /// The symbols of line `corpusIdx` after parsing, replacement and space collapsing.
    public func symbols(corpusIdx: Int) throws -> [String] {
        try lazyInit()
        let bytes = corpus!.line(corpusIdx)
        guard let orth = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError.invalidData(dataset: name, message: "line \(try tagOf(corpusIdx)) is not valid UTF-8")
        }
        var syms = Orthography.parse(orth, postfix: postfix, wordBased: wordBased)
        let space = wordEndSymbol != nil && !wordBased ? wordEndSymbol! : " "
        while true {
            if !replaceMap.isEmpty { syms = syms.flatMap { replaceMap[$0] ?? [$0] } }
            var i = 0
            while i < syms.count - 1 {
                if syms[i] == space && syms[i + 1] == space { syms.remove(at: i + 1) } else { i += 1 }
            }
            if autoReplaceUnknownSymbol, let unk = syms.first(where: { vocabulary.symbolToIndex[$0] == nil }) {
                replaceMap[unk] = unknownSymbol.map { [$0] } ?? []
                continue
            }
            return syms
        }
    }

    func values(_ idx: [Int]) -> SeqData {
        switch dtype {
        case .int8: return SeqData(.int8(idx.map { Int8(truncatingIfNeeded: $0) }), shape: [idx.count])
        case .uint8: return SeqData(.uint8(idx.map { UInt8(truncatingIfNeeded: $0) }), shape: [idx.count])
        case .int16: return SeqData(.int16(idx.map { Int16(truncatingIfNeeded: $0) }), shape: [idx.count])
        case .int64: return SeqData(.int64(idx.map { Int64($0) }), shape: [idx.count])
        default: return SeqData(.int32(idx.map { Int32(truncatingIfNeeded: $0) }), shape: [idx.count])
        }
    }

    /// Char-based lines without replacements, where every symbol is found: indices straight from
    /// code points (same result as `symbols` + lookup, without building a string per symbol);
    /// `nil` sends the line through the general path.
    func fastCharIndices(corpusIdx: Int) -> [Int]? {
        guard !wordBased, replaceMap.isEmpty, let orth = String(validating: corpus!.line(corpusIdx), as: UTF8.self) else { return nil }
        let remove: Set<Unicode.Scalar> = ["(", ")", "{", "}"]
        let scalars = Orthography.strip(Orthography.collapseSpaces(orth.unicodeScalars.filter { !remove.contains($0) }))
        var idx = [Int]()
        idx.reserveCapacity(scalars.count + postfix.count)
        for c in scalars {
            if c == "[" || c == "]" { return nil }
            guard let i = scalarIndex[c.value] else { return nil }
            idx.append(i)
        }
        for p in postfix {
            guard let i = vocabulary.symbolToIndex[p] else { return nil }
            idx.append(i)
        }
        return idx
    }

    /// The vocabulary of "data" (and "delayed"): `orth_vocab`, else the symbols as a plain vocabulary
    /// (as upstream's search builds it from `labels`).
    public func vocabulary(for key: String) -> Vocabulary? {
        guard dataKeys.contains(key) else { return nil }
        return orthVocab ?? Vocabulary.fromLabels(vocabulary.labels)
    }

    /// Encodes line `corpusIdx`; `nil` if it has unknown symbols and may be skipped.
    func encode(corpusIdx: Int) throws -> [String: SeqData]? {
        try lazyInit()
        var idx = [Int]()
        if let orthVocab {
            guard let orth = String(validating: corpus!.line(corpusIdx), as: UTF8.self) else {
                throw DatasetError.invalidData(dataset: name, message: "line \(try tagOf(corpusIdx)) is not valid UTF-8")
            }
            do {
                idx = try orthVocab.getSeq(String(String.UnicodeScalarView(Orthography.strip(Array(orth.unicodeScalars)))))
            } catch let e as VocabularyError {
                throw DatasetError.invalidData(dataset: name, message: "invalid seq \(try tagOf(corpusIdx)): \(e)")
            }
        } else if let fast = fastCharIndices(corpusIdx: corpusIdx) {
            idx = fast
            if let u = unknownSymbol, let ui = vocabulary.symbolToIndex[u] { numUnknown += idx.filter { $0 == ui }.count }
        } else {
            let syms = try symbols(corpusIdx: corpusIdx)
            if let u = unknownSymbol { numUnknown += syms.filter { $0 == u }.count }
            idx.reserveCapacity(syms.count)
            for s in syms {
                guard let i = vocabulary.symbolToIndex[s] else {
                    if !errorOnInvalidSeq { return nil }
                    let shown = wordBased ? "\(syms)" : "'\(syms.joined())'"
                    throw DatasetError.invalidData(dataset: name, message: "invalid seq \(try tagOf(corpusIdx)) \(shown): unknown orth symbol '\(s)'; add it to the symbols file, or set auto_replace_unknown_symbol=True or error_on_invalid_seq=False")
                }
                idx.append(i)
            }
        }
        var seq = ["data": values(idx)]
        if addDelayedSeqData {
            let start = vocabulary.symbolToIndex[delayedSeqDataStartSymbol]!
            seq["delayed"] = values(idx.isEmpty ? [] : [start] + idx.dropLast())
        }
        return seq
    }

    /// Every key of sequence `seqIdx`, loaded once and kept until `loadSeqs` moves on.
    public func seqDict(_ seqIdx: Int) throws -> [String: SeqData] {
        if let s = cache[seqIdx] { return s }
        let p = try position(seqIdx)
        if let s = cache[seqIdx] { return s }
        guard let s = try encode(corpusIdx: order[p]) else {
            preconditionFailure("LmDataset: a sequence found valid became invalid")
        }
        if cache.count >= LmDataset.cacheLimit {
            cache = cache.filter { $0.key >= seqIdx - LmDataset.cacheLimit / 2 }
        }
        cache[seqIdx] = s
        return s
    }

    /// Decodes sequences `[start, end)` and drops earlier cached ones.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        cache = cache.filter { $0.key >= start }
        var i = start
        while i < end, try orderPosition(i) != nil {
            _ = try seqDict(i)
            i += 1
        }
    }



    func tagOf(_ corpusIdx: Int) throws -> String {
        try lazyInit()
        return seqList?[corpusIdx] ?? tagPrefix + String(corpusIdx)
    }

    /// `tag_prefix` + line index, or the `seq_list_file` tag.
    public func tag(_ seqIdx: Int) throws -> String {
        try tagOf(order[try position(seqIdx)])
    }

    /// Tags of all lines (reads the corpus).
    public func allTags() throws -> [String] {
        try lazyInit()
        return seqList ?? (0..<corpus!.count).map { tagPrefix + String($0) }
    }

    /// Line index of sequence `seqIdx`.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        order[try position(seqIdx)]
    }
}
