import Foundation
import ReturnnConfig

/// The label table of a vocabulary: labels by index and label → index, read from a vocab file as
/// upstream `Vocabulary._parse_vocab` does.
///
/// File forms: a pickle (`*.pkl`, a dict str → int, see `PickleStrIntDict`); otherwise UTF-8 text,
/// gzipped when the name ends in `.gz`: text starting with `{` is a Python dict literal
/// `{"label": index, ...}` (evaluated with the config language, as upstream `eval`s it), any
/// other text has one label per line (index = line number). Several labels may share an index
/// (upstream's `"<s>": 0, "</s>": 0`): the label of an index is then the greatest in code point
/// order, as upstream. The indices must be exactly 0..<number of distinct indices.
public struct VocabularyTable: Sendable, Equatable {
    /// Labels by index (`Vocabulary.labels`).
    public var labels: [String]
    /// Label → index (`Vocabulary._vocab`), including labels that share an index.
    public var labelToIndex: [LabelKey: Int]

    /// A table from explicit parts.
    public init(labels: [String], labelToIndex: [LabelKey: Int]) {
        self.labels = labels
        self.labelToIndex = labelToIndex
    }

    /// The table of a label list (upstream `labels=` option): index = position; a repeated label
    /// maps to its last position.
    public init(labels: [String]) {
        var map = [LabelKey: Int]()
        for (i, l) in labels.enumerated() { map[LabelKey(l)] = i }
        self.init(labels: labels, labelToIndex: map)
    }

    /// Python's order of `str`: code point by code point (Swift's `<` on `String` uses Unicode
    /// canonical ordering instead).
    public static func pythonLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// The table of a label → index map (upstream: `{idx: label for (label, idx) in sorted(d.items())}`).
    /// `path` names the source in errors.
    public init(entries: [(String, Int)], path: String) throws {
        var map = [LabelKey: Int]()
        for (k, v) in entries { map[LabelKey(k)] = v }
        var byIndex = [Int: String]()
        for (key, idx) in map {
            let label = key.label
            if let old = byIndex[idx], VocabularyTable.pythonLess(label, old) { continue }
            byIndex[idx] = label
        }
        guard !byIndex.isEmpty else { throw DatasetError.file(path: path, message: "the vocabulary is empty") }
        let n = byIndex.count
        let lo = byIndex.keys.min()!, hi = byIndex.keys.max()!
        guard lo == 0, hi == n - 1 else {
            let unused = (0...max(hi, 0)).filter { byIndex[$0] == nil }.prefix(10).map(String.init).joined(separator: ", ")
            throw DatasetError.file(path: path, message: "vocabulary indices must be 0..<\(n) without gaps: lowest index \(lo), highest \(hi), \(n) distinct indices; unused indices: \(unused)")
        }
        self.init(labels: (0..<n).map { byIndex[$0]! }, labelToIndex: map)
    }

    /// The text of `path` (gunzipped for `.gz`), as UTF-8.
    static func readText(_ path: String) throws -> String {
        let bytes: [UInt8]
        if path.hasSuffix(".gz") {
            bytes = try LmDatasetGzip.decompress(path: path)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError.file(path: path, message: "cannot read the vocabulary file; check the path")
            }
            bytes = [UInt8](data)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError.file(path: path, message: "the vocabulary file is not valid UTF-8 text")
        }
        return text
    }

    /// The entries of a pickled dict str → int.
    public static func readPickle(_ path: String) throws -> [(String, Int)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read the pickled vocabulary; check the path")
        }
        return try PickleStrIntDict.read([UInt8](data), path: path)
    }

    /// The entries of a Python dict literal `{"label": index, ...}` (evaluated as upstream's `eval`).
    public static func evaluateDict(_ text: String, path: String) throws -> [(String, Int)] {
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0, output: { _ in })
        let value: ConfigValue
        do { value = try Config(environment: env).evaluate(expression: text, file: path) } catch let e as ConfigError {
            throw DatasetError.file(path: path, message: "cannot read the vocabulary dict: \(e)")
        }
        guard let d = value.dictValue else {
            throw DatasetError.file(path: path, message: "expected a dict {label: index, ...}, got \(value.typeName)")
        }
        return try d.entries.map { k, v in
            guard let key = k.stringValue, case .int(let i) = v.kind else {
                throw DatasetError.file(path: path, message: "line \(k.location.line): expected str: int entries, got \(k.repr): \(v.repr)")
            }
            return (key, i)
        }
    }

    /// Reads a vocab file in any of upstream's forms.
    public static func read(_ path: String) throws -> VocabularyTable {
        if path.hasSuffix(".pkl") { return try VocabularyTable(entries: try readPickle(path), path: path) }
        // Upstream reads in text mode: universal newlines.
        let text = try readText(path).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasPrefix("{") { return try VocabularyTable(entries: try evaluateDict(text, path: path), path: path) }
        let lines = LmDatasetVocabulary.splitLines(text)
        guard !lines.isEmpty else { throw DatasetError.file(path: path, message: "the vocabulary file is empty") }
        return VocabularyTable(labels: lines)
    }
}
