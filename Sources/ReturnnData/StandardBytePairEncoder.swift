import Foundation

/// Applies subword-nmt BPE merge operations to text, as RETURNN's `StandardBytePairEncoder`
/// (`returnn/util/bpe.py`, after subword-nmt's `apply_bpe.py`).
///
/// The codes file has one merge `left right` per line in priority order, optionally after a
/// `#version: 0.2` line (without it: version 0.1, where the end-of-word mark `</w>` is its own
/// symbol; 0.2 attaches it to the last character). A word is split into code points and merged
/// pair by pair, lowest rank first; every unit but the word's last gets `@@` appended. With a
/// vocabulary (`labels`), units that are not in it (`unit@@` for inner units, `unit` for the
/// last) are split again by reversing merges. `$category {...}` tokens pass through unchanged,
/// as upstream. Like upstream, the version line also counts as a merge (it never applies).
public final class StandardBytePairEncoder {
    /// The mark of a unit that continues in the next one (`BpePostMergeSymbol`).
    public static let separator = "@@"
    static let endOfWord = "</w>"

    /// A merge: two adjacent symbols.
    struct Pair: Hashable {
        let left: String
        let right: String
    }

    /// `(0, 1)` or `(0, 2)`, from the `#version:` line.
    public let version: [Int]
    /// Merge → rank (first occurrence in the file wins).
    let codes: [Pair: Int]
    /// Merged symbol → the merge that made it (`_bpe_codes_reverse`).
    let codesReverse: [String: Pair]
    /// The vocabulary for `_check_vocab_and_split` (nil: no check).
    let vocab: Set<String>?
    var cache: [String: [String]] = [:]

    /// Reads the codes file at `codesFile`; `labels` (if not empty) enables the vocabulary check.
    public convenience init(codesFile: String, labels: [String]?) throws {
        guard let data = FileManager.default.contents(atPath: codesFile) else {
            throw DatasetError.file(path: codesFile, message: "cannot read the BPE codes file (bpe_file); check the path")
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw DatasetError.file(path: codesFile, message: "the BPE codes file is not valid UTF-8")
        }
        try self.init(codes: text, path: codesFile, labels: labels)
    }

    /// Parses codes text; `path` names it in errors.
    public init(codes text: String, path: String, labels: [String]?) throws {
        let lines = LmDatasetVocabulary.splitLines(text)
        var version = [0, 1]
        if let first = lines.first, first.hasPrefix("#version:") {
            var v = Vocabulary.pythonSplit(first).last!
            while let r = v.range(of: #"\.0+$"#, options: .regularExpression) { v.removeSubrange(r) }
            let parsed = v.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) ?? -1 }
            guard parsed == [0, 1] || parsed == [0, 2] else {
                throw DatasetError.file(path: path, message: "line 1: BPE codes version '\(v)' is not supported (only subword-nmt's 0.1 and 0.2)")
            }
            version = parsed
        }
        var codes = [Pair: Int]()
        var last = [Pair: Int]()
        for (i, line) in lines.enumerated() {
            let fields = Vocabulary.pythonSplit(line)
            guard fields.count == 2 else {
                throw DatasetError.file(path: path, message: "line \(i + 1) '\(line)' is not a merge 'left right' (subword-nmt codes have two symbols per line)")
            }
            let p = Pair(left: fields[0], right: fields[1])
            if codes[p] == nil { codes[p] = i }
            last[p] = i
        }
        // Upstream builds the reverse map in the order of its dict (codes by last occurrence,
        // descending), so of the merges giving the same symbol the one last seen earliest wins.
        var reverse = [String: Pair]()
        for (p, _) in last.sorted(by: { $0.value > $1.value }) { reverse[p.left + p.right] = p }
        self.version = version
        self.codes = codes
        self.codesReverse = reverse
        self.vocab = (labels?.isEmpty ?? true) ? nil : Set(labels!)
    }

    static func pairs(_ word: [String]) -> Set<Pair> {
        var out = Set<Pair>()
        for i in 1..<max(word.count, 1) { out.insert(Pair(left: word[i - 1], right: word[i])) }
        return out
    }

    /// `_encode_word`: the BPE units of one word (without `@@`).
    func encodeWord(_ orig: String) -> [String] {
        if let c = cache[orig] { return c }
        let chars = orig.unicodeScalars.map { String($0) }
        var word: [String]
        if version == [0, 1] {
            word = chars + [Self.endOfWord]
        } else {
            word = Array(chars.dropLast()) + [chars.last! + Self.endOfWord]
        }
        var pairs = Self.pairs(word)
        if pairs.isEmpty { return [orig] }
        while true {
            guard let bigram = pairs.compactMap({ p in codes[p].map { (p, $0) } }).min(by: { $0.1 < $1.1 })?.0 else { break }
            var merged = [String]()
            var i = 0
            while i < word.count {
                guard let j = word[i...].firstIndex(of: bigram.left) else {
                    merged.append(contentsOf: word[i...])
                    break
                }
                merged.append(contentsOf: word[i..<j])
                i = j
                if i < word.count - 1 && word[i + 1] == bigram.right {
                    merged.append(bigram.left + bigram.right)
                    i += 2
                } else {
                    merged.append(word[i])
                    i += 1
                }
            }
            word = merged
            if word.count == 1 { break }
            pairs = Self.pairs(word)
        }
        if word.last == Self.endOfWord {
            word.removeLast()
        } else if word.last!.hasSuffix(Self.endOfWord) {
            word[word.count - 1] = word.last!.replacingOccurrences(of: Self.endOfWord, with: "")
        }
        if let vocab { word = checkVocabAndSplit(word, vocab: vocab) }
        cache[orig] = word
        return word
    }

    /// `_check_vocab_and_split`.
    func checkVocabAndSplit(_ orig: [String], vocab: Set<String>) -> [String] {
        var out = [String]()
        for segment in orig.dropLast() {
            if vocab.contains(segment + Self.separator) { out.append(segment) } else { recursiveSplit(segment, vocab: vocab, final: false, into: &out) }
        }
        let segment = orig.last!
        if vocab.contains(segment) { out.append(segment) } else { recursiveSplit(segment, vocab: vocab, final: true, into: &out) }
        return out
    }

    /// `_recursive_split`: reverses merges until every unit is in the vocabulary or atomic.
    func recursiveSplit(_ segment: String, vocab: Set<String>, final: Bool, into out: inout [String]) {
        let left: String, right: String
        if final {
            guard let p = codesReverse[segment + Self.endOfWord] else { out.append(segment); return }
            left = p.left
            let r = p.right.unicodeScalars
            right = String(String.UnicodeScalarView(r.dropLast(min(4, r.count))))
        } else {
            guard let p = codesReverse[segment] else { out.append(segment); return }
            left = p.left
            right = p.right
        }
        if vocab.contains(left + Self.separator) { out.append(left) } else { recursiveSplit(left, vocab: vocab, final: false, into: &out) }
        if (final && vocab.contains(right)) || (!final && vocab.contains(right + Self.separator)) {
            out.append(right)
        } else {
            recursiveSplit(right, vocab: vocab, final: final, into: &out)
        }
    }

    /// `segment_sentence`: the BPE units of a whitespace-tokenized sentence, inner units with `@@`.
    public func segmentSentence(_ sentence: String) -> [String] {
        var output = [String]()
        var foundCategory = false, skipCategory = false
        for word in Vocabulary.pythonSplit(sentence) {
            let first = word.unicodeScalars.first!
            if first == "$" && word.unicodeScalars.count > 1 {
                foundCategory = true
                output.append(word)
            } else if foundCategory && first == "{" {
                skipCategory = true
                output.append(word)
            } else if skipCategory && first != "}" {
                output.append(word)
            } else {
                foundCategory = false
                skipCategory = false
                let units = encodeWord(word)
                for u in units.dropLast() { output.append(u + Self.separator) }
                output.append(units.last!)
            }
        }
        return output
    }
}
