/// Orthography parsing for symbol-based text corpora (RETURNN `returnn.util.basic`
/// `parse_orthography` / `parse_orthography_into_symbols`).
///
/// Works on Unicode code points (as Python's `str`), not on Swift grapheme clusters, so that a
/// combining accent is its own symbol exactly as upstream.
public enum Orthography {
    /// Python's `str.isspace()` for one code point (Unicode White_Space plus the separators 0x1C-0x1F).
    public static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }

    /// Python's `str.strip()`: removes leading and trailing whitespace.
    public static func strip(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let first = s.firstIndex(where: { !isSpace($0) }) else { return [] }
        let last = s.lastIndex(where: { !isSpace($0) })!
        return Array(s[first...last])
    }

    /// Python's `" ".join(s.split())`: whitespace runs become one space, ends stripped.
    public static func collapseSpaces(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = [Unicode.Scalar]()
        out.reserveCapacity(s.count)
        var pendingSpace = false
        for c in s {
            if isSpace(c) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// `parse_orthography_into_symbols(orthography, upper_case_special=True, word_based=False,
    /// square_brackets_for_specials=True)`: characters (or words split at whitespace), with
    /// `[...]` specials kept as one (upper-cased) symbol. Spaces are kept as they are.
    public static func parseIntoSymbols(
        _ orthography: [Unicode.Scalar], upperCaseSpecial: Bool = true, wordBased: Bool = false,
        squareBracketsForSpecials: Bool = true
    ) -> [String] {
        var ret = [[Unicode.Scalar]]()
        var inSpecial = 0
        for c in orthography {
            if inSpecial > 0 {
                if c == "[" {
                    inSpecial += 1
                    ret[ret.count - 1].append(c)
                } else if c == "]" {
                    inSpecial -= 1
                    ret[ret.count - 1].append(c)
                } else if upperCaseSpecial {
                    ret[ret.count - 1].append(contentsOf: String(c).uppercased().unicodeScalars)
                } else {
                    ret[ret.count - 1].append(c)
                }
            } else if squareBracketsForSpecials && c == "[" {
                inSpecial = 1
                if let last = ret.last, last.isEmpty {
                    ret[ret.count - 1].append(c)
                } else {
                    ret.append(["["])
                }
            } else if wordBased {
                if isSpace(c) {
                    ret.append([])
                } else {
                    if ret.isEmpty { ret.append([]) }
                    ret[ret.count - 1].append(c)
                }
            } else {
                ret.append([c])
            }
        }
        return ret.map { scalars in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars)
            return String(s)
        }
    }

    /// `parse_orthography(orthography, prefix=(), postfix=("[END]",), remove_chars="(){}",
    /// collapse_spaces=True, final_strip=True, word_based=...)`: removes `removeChars`, collapses
    /// whitespace, strips, splits into symbols and adds `prefix`/`postfix`.
    public static func parse(
        _ orthography: String, prefix: [String] = [], postfix: [String] = ["[END]"], removeChars: String = "(){}",
        collapseSpaces collapse: Bool = true, finalStrip: Bool = true, wordBased: Bool = false
    ) -> [String] {
        let remove = Set(removeChars.unicodeScalars)
        var s: [Unicode.Scalar] = orthography.unicodeScalars.filter { !remove.contains($0) }
        if collapse { s = collapseSpaces(s) }
        if finalStrip { s = strip(s) }
        return prefix + parseIntoSymbols(s, wordBased: wordBased) + postfix
    }
}
