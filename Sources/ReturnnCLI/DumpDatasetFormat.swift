import Foundation
import ReturnnData

/// Text forms used by `returnn dump-dataset --type stdout` (numpy's `repr` of arrays, `hms`).
enum DumpDatasetFormat {
    /// numpy 2's `repr` of one sequence (defaults: line width 75, edge items 3,
    /// threshold 1000; `shape=` for summarised arrays): `array([1, 0], dtype=int32)`, `array([[0., 1.],\n       [1., 0.]], dtype=float32)`.
    /// Elements are padded to one width (floats aligned at the decimal point), long rows wrap
    /// with numpy's hanging indent, arrays over 1000 elements show `...`. Floats that numpy would
    /// print in scientific notation (|x| >= 1e8 or 0 < |x| < 1e-4) use Swift's shortest form.
    static func numpyRepr(_ d: SeqData) -> String {
        let prefix = "array("
        let count = d.shape.reduce(1, *)
        let summarise = count > 1000
        var extras = [String]()
        if (count == 0 && d.shape.count > 1) || summarise {
            extras.append("shape=(" + d.shape.map(String.init).joined(separator: ", ") + (d.shape.count == 1 ? ",)" : ")"))
        }
        if !(d.dtype == .int64 || d.dtype == .float64) || count == 0 { extras.append("dtype=\(d.dtype.rawValue)") }
        // numpy formats only the elements it shows (edge items when summarising).
        var shown = [Int]()
        func collect(_ axis: Int, _ offset: Int) {
            if axis == d.shape.count { shown.append(offset); return }
            let n = d.shape[axis], stride = d.shape[(axis + 1)...].reduce(1, *)
            for i in (summarise && n > 6 ? [0, 1, 2, n - 3, n - 2, n - 1] : Array(0..<n)) { collect(axis + 1, offset + i * stride) }
        }
        collect(0, 0)
        var words = [Int: String]()
        for (i, w) in zip(shown, elementWords(d, indices: shown)) { words[i] = w }
        let lineWidth = 75 - 1  // minus the suffix "," or ")"
        let hanging = String(repeating: " ", count: prefix.count + 1)
        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ indent: String) {
            var wrap = line.count + word.count > width
            if line.count <= indent.count { wrap = false }
            if wrap {
                while line.last == " " { line.removeLast() }
                s += line + "\n"
                line = indent
            }
            line += word
        }
        func recurse(_ axis: Int, _ offset: Int, _ indent: String, _ width: Int) -> String {
            if axis == d.shape.count { return words[offset]! }
            let n = d.shape[axis]
            let stride = d.shape[(axis + 1)...].reduce(1, *)
            let nextIndent = indent + " "
            let nextWidth = width - 1
            let summary = summarise && n > 6
            let items = summary ? [0, 1, 2, n - 3, n - 2, n - 1] : Array(0..<n)
            var s = ""
            if axis == d.shape.count - 1 {
                let elemWidth = width - 1
                var line = indent
                for (j, i) in items.enumerated() {
                    if summary && j == 3 {
                        extend(&s, &line, "...", elemWidth, indent)
                        line += ", "
                    }
                    extend(&s, &line, recurse(axis + 1, offset + i * stride, nextIndent, nextWidth), elemWidth, indent)
                    if j < items.count - 1 { line += ", " }
                }
                s += line
            } else {
                let lineSep = "," + String(repeating: "\n", count: d.shape.count - axis - 1)
                for (j, i) in items.enumerated() {
                    if summary && j == 3 { s += indent + "..." + lineSep }
                    s += indent + recurse(axis + 1, offset + i * stride, nextIndent, nextWidth)
                    if j < items.count - 1 { s += lineSep }
                }
            }
            return "[" + s.dropFirst(indent.count) + "]"
        }
        let body = prefix + (count == 0 ? "[]" : recurse(0, 0, hanging, lineWidth))
        guard !extras.isEmpty else { return body + ")" }
        let withComma = body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = withComma.count - ((withComma.lastIndex(of: "\n").map { withComma.distance(from: withComma.startIndex, to: $0) + 1 }) ?? 0)
        let spacer = lastLine + extra.count + 1 > 75 ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return withComma + spacer + extra
    }

    /// Each element as numpy formats it, padded to one width.
    static func elementWords(_ d: SeqData, indices: [Int]) -> [String] {
        let all = d.doubles
        let values = indices.map { all[$0] }
        guard d.dtype == .float32 || d.dtype == .float64 else {
            let strings = values.map { String(Int64($0)) }
            let width = strings.map(\.count).max() ?? 0
            return strings.map { String(repeating: " ", count: width - $0.count) + $0 }
        }
        let strings = values.map { floatString($0, float32: d.dtype == .float32) }
        let parts = strings.map { s -> (String, String) in
            guard let dot = s.firstIndex(of: "."), !s.contains("e") else { return (s, "") }
            return (String(s[..<dot]), String(s[dot...]))
        }
        let intWidth = parts.map(\.0.count).max() ?? 0
        let fracWidth = parts.map(\.1.count).max() ?? 0
        return parts.map { String(repeating: " ", count: intWidth - $0.0.count) + $0.0 + $0.1 + String(repeating: " ", count: fracWidth - $0.1.count) }
    }

    /// numpy's float form: integral values as `1.`, others in shortest round-trip form.
    static func floatString(_ v: Double, float32: Bool) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == v.rounded(.towardZero) && abs(v) < 1e16 { return "\(Int64(v))." }
        return float32 ? "\(Float(v))" : "\(v)"
    }

    /// Upstream `hms`: `H:MM:SS`.
    static func hms(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }

    /// Python `repr` of a str (single quotes unless the text holds one and no double quote).
    static func pyRepr(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case q: out += "\\\(q)"
            default: out.append(c)
            }
        }
        out.append(q)
        return out
    }
}
