import Foundation
import ReturnnData

/// Text forms used by `returnn dump-dataset --type stdout` (numpy's `repr` of arrays, `hms`).
enum DumpDatasetFormat {
    /// numpy-style `repr` of one sequence: `array([1, 0], dtype=int32)`,
    /// `array([[0., 1.],\n       [1., 0.]], dtype=float32)`; elements are padded to equal width
    /// and arrays over 1000 elements are summarised with `...` (3 items each side), as numpy does.
    /// numpy's 75-column line wrapping of long rows is not reproduced.
    static func numpyRepr(_ d: SeqData) -> String {
        let summarise = d.shape.reduce(1, *) > 1000
        let values = d.doubles
        let isFloat = d.dtype == .float32 || d.dtype == .float64
        let strings = values.map { isFloat ? floatString($0, float32: d.dtype == .float32) : String(Int64($0)) }
        let width = strings.map(\.count).max() ?? 0
        let padded = strings.map { String(repeating: " ", count: width - $0.count) + $0 }
        let prefix = "array("
        func render(_ axis: Int, _ offset: Int) -> String {
            if axis == d.shape.count { return padded[offset] }
            let n = d.shape[axis]
            let stride = d.shape[(axis + 1)...].reduce(1, *)
            var idx = Array(0..<n)
            var gap: Int? = nil
            if summarise && n > 6 { idx = [0, 1, 2, n - 3, n - 2, n - 1]; gap = 3 }
            let inner = d.shape.count - axis - 1
            let sep = inner == 0 ? ", " : "," + String(repeating: "\n", count: inner) + String(repeating: " ", count: prefix.count + axis + 1)
            var parts = [String]()
            for (j, i) in idx.enumerated() {
                if j == gap { parts.append("...") }
                parts.append(render(axis + 1, offset + i * stride))
            }
            return "[" + parts.joined(separator: sep) + "]"
        }
        let body = render(0, 0)
        let dtypeSuffix = (d.dtype == .int64 || d.dtype == .float64) ? "" : ", dtype=\(d.dtype.rawValue)"
        if values.isEmpty { return "array([]\(dtypeSuffix.isEmpty ? "" : dtypeSuffix))".replacingEmptyShape(d.shape) }
        return prefix + body + dtypeSuffix + ")"
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

extension String {
    /// numpy prints empty arrays of more than one axis with their shape: `array([], shape=(0, 3), dtype=float32)`.
    fileprivate func replacingEmptyShape(_ shape: [Int]) -> String {
        guard shape.count > 1 else { return self }
        let s = "shape=(" + shape.map(String.init).joined(separator: ", ") + ")"
        return replacingOccurrences(of: "array([]", with: "array([], \(s)")
    }
}
