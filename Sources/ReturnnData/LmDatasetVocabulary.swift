import Foundation

/// The symbol inventory of an `LmDataset`: label list and symbol → index map, read from
/// `orth_symbols_file` or `orth_symbols_map_file` as upstream.
public struct LmDatasetVocabulary: Sendable, Equatable {
    /// Labels ordered by index (RETURNN `labels["data"]`).
    public var labels: [String]
    /// Symbol → class index (RETURNN `orth_symbols_map`).
    public var symbolToIndex: [String: Int]

    /// A vocabulary from explicit parts.
    public init(labels: [String], symbolToIndex: [String: Int]) {
        self.labels = labels
        self.symbolToIndex = symbolToIndex
    }

    /// Python's `str.splitlines()` (without keepends): splits at `\n`, `\r\n`, `\r`, `\v`, `\f`,
    /// 0x1C-0x1E, U+0085, U+2028, U+2029; no empty last line after a final break.
    public static func splitLines(_ text: String) -> [String] {
        var lines = [String]()
        var cur = String.UnicodeScalarView()
        var pendingCR = false
        for c in text.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if c == "\n" { continue }
            }
            switch c.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                lines.append(String(cur))
                cur = String.UnicodeScalarView()
                pendingCR = c.value == 0x0D
            default:
                cur.append(c)
            }
        }
        if !cur.isEmpty { lines.append(String(cur)) }
        return lines
    }

    static func readText(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read \(what); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.file(path: path, message: "\(what) is not valid UTF-8")
        }
        return text
    }

    /// `orth_symbols_file`: one symbol per line, the index is the line number.
    public static func symbolsFile(_ path: String) throws -> LmDatasetVocabulary {
        let labels = splitLines(try readText(path, what: "orth_symbols_file"))
        var map = [String: Int]()
        for (i, s) in labels.enumerated() { map[s] = i }
        return LmDatasetVocabulary(labels: labels, symbolToIndex: map)
    }

    /// `orth_symbols_map_file`: lines `"<symbol> <index>"` or a Python dict literal
    /// `{"<symbol>": <index>, ...}` (detected as upstream from the first 1024 characters).
    /// Index 0 must be present. A `.pkl` file is a pickled dict symbol → index.
    public static func symbolsMapFile(_ path: String) throws -> LmDatasetVocabulary {
        if path.hasSuffix(".pkl") {
            // As upstream: the labels are the symbols sorted by index (the greatest symbol of a
            // shared index), without checking for gaps.
            var map = [String: Int]()
            for (k, v) in try VocabularyTable.readPickle(path) { map[k] = v }
            var byIndex = [Int: String]()
            for (s, i) in map {
                if let old = byIndex[i], VocabularyTable.pythonLess(s, old) { continue }
                byIndex[i] = s
            }
            return LmDatasetVocabulary(labels: byIndex.keys.sorted().map { byIndex[$0]! }, symbolToIndex: map)
        }
        let text = try readText(path, what: "orth_symbols_map_file")
        let head = String(text.prefix(1024)).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        var pairs = [(Int, String)]()
        if head.range(of: #"^\{["'].+["']:[0-9]+,"#, options: .regularExpression) != nil {
            var parser = LmDatasetDictLiteral(text: text, path: path)
            // As a Python dict: a repeated key keeps its last value.
            var last = [String: Int]()
            for (k, v) in try parser.parse() { last[k] = v }
            pairs = last.map { ($0.value, $0.key) }
        } else {
            for (n, line) in splitLines(text).enumerated() {
                let scalars = Array(line.unicodeScalars)
                guard let symEnd = scalars.firstIndex(where: Orthography.isSpace) else {
                    throw DatasetError.file(path: path, message: "line \(n + 1) '\(line)' is not '<symbol> <index>'")
                }
                let sym = String(String.UnicodeScalarView(scalars[..<symEnd]))
                let rest = String(String.UnicodeScalarView(Orthography.strip(Array(scalars[symEnd...]))))
                guard let idx = Int(rest) else {
                    throw DatasetError.file(path: path, message: "line \(n + 1): index '\(rest)' of symbol '\(sym)' is not an integer")
                }
                pairs.append((idx, sym))
            }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        guard let first = pairs.first, first.0 == 0 else {
            throw DatasetError.file(path: path, message: "orth_symbols_map_file must contain index 0 (lowest index is \(pairs.first?.0 ?? -1))")
        }
        var map = [String: Int]()
        var reverse = [Int: String]()
        for (i, s) in pairs {
            map[s] = i
            reverse[i] = s
        }
        let labels = reverse.keys.sorted().map { reverse[$0]! }
        return LmDatasetVocabulary(labels: labels, symbolToIndex: map)
    }
}

/// Parser for the Python dict literal `{'sym': 1, "other": 2, ...}` of an `orth_symbols_map_file`.
struct LmDatasetDictLiteral {
    let chars: [Unicode.Scalar]
    let path: String
    var pos = 0

    init(text: String, path: String) {
        chars = Array(text.unicodeScalars)
        self.path = path
    }

    func fail(_ what: String) -> DatasetError {
        DatasetError.file(path: path, message: "invalid dict literal at character \(pos): \(what)")
    }

    mutating func skipSpace() {
        while pos < chars.count, Orthography.isSpace(chars[pos]) { pos += 1 }
    }

    mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard pos < chars.count, chars[pos] == c else { throw fail("expected '\(c)'") }
        pos += 1
    }

    mutating func parseString() throws -> String {
        skipSpace()
        guard pos < chars.count, chars[pos] == "'" || chars[pos] == "\"" else { throw fail("expected a quoted string") }
        let quote = chars[pos]
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard pos < chars.count else { throw fail("unterminated string") }
            let c = chars[pos]
            pos += 1
            if c == quote { break }
            guard c == "\\" else { out.append(c); continue }
            guard pos < chars.count else { throw fail("unterminated escape") }
            let e = chars[pos]
            pos += 1
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "\\", "'", "\"": out.append(e)
            case "x", "u", "U":
                let n = e == "x" ? 2 : e == "u" ? 4 : 8
                guard pos + n <= chars.count, let v = UInt32(String(String.UnicodeScalarView(chars[pos..<(pos + n)])), radix: 16),
                      let s = Unicode.Scalar(v) else { throw fail("bad \\\(e) escape") }
                out.append(s)
                pos += n
            default:
                out.append("\\")
                out.append(e)
            }
        }
        return String(out)
    }

    mutating func parseInt() throws -> Int {
        skipSpace()
        let start = pos
        if pos < chars.count, chars[pos] == "-" { pos += 1 }
        while pos < chars.count, ("0"..."9").contains(chars[pos]) { pos += 1 }
        guard let v = Int(String(String.UnicodeScalarView(chars[start..<pos]))) else { throw fail("expected an integer") }
        return v
    }

    /// The (symbol, index) entries in file order.
    mutating func parse() throws -> [(String, Int)] {
        var out = [(String, Int)]()
        try expect("{")
        while true {
            skipSpace()
            if pos < chars.count, chars[pos] == "}" { pos += 1; break }
            let k = try parseString()
            try expect(":")
            out.append((k, try parseInt()))
            skipSpace()
            guard pos < chars.count else { throw fail("unterminated dict") }
            if chars[pos] == "," { pos += 1 } else if chars[pos] != "}" { throw fail("expected ',' or '}'") }
        }
        skipSpace()
        guard pos == chars.count else { throw fail("unexpected text after the dict") }
        return out
    }
}
