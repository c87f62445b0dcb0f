import Foundation

/// `repr()` and `str()` of numpy arrays as numpy 2 prints them with its default print options
/// (line width 75, precision 8 in `maxprec` mode, summary with 3 edge items above 1000
/// elements): `array([0. , 0.5, 1. ])`, `array([ 1, 10])`, `array([ True, False])`,
/// `array([1.0e-05, 1.5e+00])`, `array([0.1, 0.2], dtype=float32)`, `[0.  0.5 1. ]`.
///
/// ```python
/// print(numpy.linspace(0, 1, 3))    # [0.  0.5 1. ]
/// ```
enum NumpyFormatting {
    /// numpy's `linewidth` print option.
    static let lineWidth = 75
    /// numpy's `threshold`: larger arrays are summarized with `...`.
    static let threshold = 1000
    /// numpy's `edgeitems`.
    static let edgeItems = 3
    /// numpy's `precision`: at most this many fractional digits.
    static let precision = 8

    /// `repr(a)`.
    static func repr(_ a: NumpyArray) -> String {
        let prefix = "array("
        let lst = a.size == 0 ? "[]" : array2string(a, separator: ", ", prefix: prefix, suffixLength: 1)
        var extras: [String] = []
        if (a.size == 0 && a.shape != [0]) || a.size > threshold {
            extras.append("shape=" + ValueFormatting.repr(ConfigValue(.tuple(a.shape.map { .int($0) }))))
        }
        if a.dtype == .float32 || a.dtype == .int32 || a.size == 0 { extras.append("dtype=\(a.dtype.name)") }
        if extras.isEmpty { return prefix + lst + ")" }
        let arrStr = prefix + lst + ","
        let extraStr = extras.joined(separator: ", ") + ")"
        let lastLine = arrStr.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.count } ?? arrStr.count
        let spacer = lastLine + extraStr.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return arrStr + spacer + extraStr
    }

    /// `str(a)` (what `print(a)` shows).
    static func str(_ a: NumpyArray) -> String {
        if a.shape.isEmpty {
            let x = a.storage[0]
            if a.dtype == .float32 && x.isFinite { return float32Str(Float(x)) }
            return ValueFormatting.str(a.dtype.scalar(x))
        }
        return a.size == 0 ? "[]" : array2string(a, separator: " ", prefix: "", suffixLength: 0)
    }

    /// `str()` of a numpy float32 scalar: its shortest digits, positional from 1e-4 to 1e6,
    /// else scientific (`1.234567e+06`, `1e-04`).
    static func float32Str(_ v: Float) -> String {
        let d = Double(v)
        let shortest = Double("\(v)") ?? d
        if v == 0 || (Swift.abs(d) >= 1e-4 && Swift.abs(d) < 1e6) { return ValueFormatting.floatRepr(shortest) }
        var text = "\(Swift.abs(v))"
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = text.replacingOccurrences(of: ".", with: "")
        exponent += (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count) - 1
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); exponent -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + digits.dropFirst() : digits
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Swift.abs(exponent) < 10 ? "0" : "") + String(Swift.abs(exponent))
    }

    /// numpy's `array2string`: nested brackets, elements padded to one width, lines wrapped.
    static func array2string(_ a: NumpyArray, separator: String, prefix: String, suffixLength: Int) -> String {
        let summarize = a.size > threshold
        let shown = summarize ? edgeValues(a) : a.storage
        let format = formatter(shown, a.dtype, zeroDimensional: a.shape.isEmpty)
        let strides = a.strides
        let sepTrimmed = String(separator.reversed().drop(while: { $0 == " " }).reversed())

        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ nextPrefix: String) {
            var wrap = line.count + word.count > width
            if line.count <= nextPrefix.count { wrap = false }
            if wrap {
                s += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
                line = nextPrefix
            }
            line += word
        }

        func recurse(_ axis: Int, _ base: Int, _ hanging: String, _ width: Int) -> String {
            if axis == a.ndim { return format(a.storage[base]) }
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let n = a.shape[axis]
            let showSummary = summarize && 2 * edgeItems < n
            let leading = showSummary ? edgeItems : 0
            let trailing = showSummary ? edgeItems : n
            let st = strides[axis]
            var s = ""
            if a.ndim - axis == 1 {
                let elemWidth = width - max(sepTrimmed.count, 1)
                var line = hanging
                for i in 0..<leading {
                    extend(&s, &line, recurse(axis + 1, base + i * st, nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                }
                if showSummary {
                    extend(&s, &line, "...", elemWidth, hanging)
                    line += separator
                }
                for i in stride(from: trailing, to: 1, by: -1) {
                    extend(&s, &line, recurse(axis + 1, base + (n - i) * st, nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                }
                extend(&s, &line, recurse(axis + 1, base + (n - 1) * st, nextHanging, nextWidth), elemWidth, hanging)
                s += line
            } else {
                let lineSep = sepTrimmed + String(repeating: "\n", count: a.ndim - axis - 1)
                for i in 0..<leading { s += hanging + recurse(axis + 1, base + i * st, nextHanging, nextWidth) + lineSep }
                if showSummary { s += hanging + "..." + lineSep }
                for i in stride(from: trailing, to: 1, by: -1) {
                    s += hanging + recurse(axis + 1, base + (n - i) * st, nextHanging, nextWidth) + lineSep
                }
                s += hanging + recurse(axis + 1, base + (n - 1) * st, nextHanging, nextWidth)
            }
            return "[" + s.dropFirst(hanging.count) + "]"
        }
        return recurse(0, 0, " " + String(repeating: " ", count: prefix.count), lineWidth - suffixLength)
    }

    /// The values a summarized array shows (the corners of each axis).
    private static func edgeValues(_ a: NumpyArray) -> [Double] {
        let st = a.strides
        var offsets = [0]
        for (k, n) in a.shape.enumerated() {
            let idx = n > 2 * edgeItems ? Array(0..<edgeItems) + Array((n - edgeItems)..<n) : Array(0..<n)
            offsets = offsets.flatMap { o in idx.map { o + $0 * st[k] } }
        }
        return offsets.map { a.storage[$0] }
    }

    /// The element formatter numpy chooses for `values` of `dtype`.
    static func formatter(_ values: [Double], _ dtype: NumpyDType, zeroDimensional: Bool) -> (Double) -> String {
        switch dtype {
        case .bool:
            let t = zeroDimensional ? "True" : " True"
            return { $0 != 0 ? t : "False" }
        case .int32, .int64:
            let ints = values.map(NumpyDType.wrappingInt)
            let width = max(String(ints.max() ?? 0).count, String(ints.min() ?? 0).count)
            return { x in
                let s = String(NumpyDType.wrappingInt(x))
                return String(repeating: " ", count: max(0, width - s.count)) + s
            }
        case .float32, .float64:
            let f = FloatFormat(values, float32: dtype == .float32)
            return { f.format($0) }
        }
    }
}

/// numpy's `FloatingFormat` in `maxprec` mode: positional (`0.5`, `1.`) unless the values span
/// too many orders of magnitude, then scientific (`1.5e+00`) with equal digits; padded so the
/// decimal points align.
struct FloatFormat {
    private var expFormat = false
    private var padLeft = 0
    private var padRight = 0
    private var expSize = 2
    private var fracDigits = 0
    private let float32: Bool

    /// The format for `values` (those of a float32 array printed with float32's shortest digits).
    init(_ values: [Double], float32: Bool) {
        self.float32 = float32
        let finite = values.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        if let maxV = nonZero.max(), let minV = nonZero.min() {
            if float32 {
                // numpy compares float32 data in float32.
                let (hi, lo) = (Float(maxV), Float(minV))
                expFormat = hi >= 1e6 || lo < Float(0.0001) || hi / lo > 1000
            } else {
                expFormat = maxV >= 1e8 || minV < 0.0001 || maxV / minV > 1000
            }
        }
        if finite.isEmpty {
            padLeft = 0
            padRight = 0
        } else if expFormat {
            var intLen = 0, frac = 0, exp = 0
            for x in finite {
                let p = scientific(x, digits: nil)
                intLen = max(intLen, p.int.count)
                frac = max(frac, p.frac.count)
                exp = max(exp, p.exp.count - 1)
            }
            fracDigits = frac
            expSize = exp
            padLeft = intLen
            padRight = exp + 2 + frac
        } else {
            for x in finite {
                let p = positional(x)
                padLeft = max(padLeft, p.int.count)
                padRight = max(padRight, p.frac.count)
            }
        }
        if finite.count != values.count {
            let negInf = values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
        }
    }

    /// One element, padded.
    func format(_ x: Double) -> String {
        if !x.isFinite {
            let r = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return String(repeating: " ", count: max(0, padLeft + padRight + 1 - r.count)) + r
        }
        if expFormat {
            let p = scientific(x, digits: fracDigits)
            var e = String(p.exp.dropFirst())
            while e.count < expSize { e = "0" + e }
            return pad(p.int, padLeft) + "." + p.frac + "e" + String(p.exp.first!) + e
        }
        let p = positional(x)
        return pad(p.int, padLeft) + "." + p.frac + String(repeating: " ", count: max(0, padRight - p.frac.count))
    }

    private func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }

    /// The shortest digits that identify `x` (as float32 for float32 arrays): the significant
    /// digits without leading or trailing zeros, and the position of the decimal point.
    private func shortestDigits(_ x: Double) -> (digits: [Character], point: Int) {
        var text = float32 ? "\(Float(Swift.abs(x)))" : "\(Swift.abs(x))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = Array(parts[0]), fracPart = parts.count > 1 ? Array(parts[1]) : []
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        while let f = digits.first, f == "0" { digits.removeFirst(); point -= 1 }
        while let l = digits.last, l == "0" { digits.removeLast() }
        if digits.isEmpty { point = 1 }
        return (digits, point)
    }

    /// Positional digits with at most `NumpyFormatting.precision` fractional digits, trailing
    /// zeros trimmed (`"-0"` and `""` for -0.0).
    private func positional(_ x: Double) -> (int: String, frac: String) {
        let sign = x.sign == .minus ? "-" : ""
        let (digits, point) = shortestDigits(x)
        let fracCount = max(0, digits.count - point)
        if fracCount > NumpyFormatting.precision {
            let s = String(format: "%.\(NumpyFormatting.precision)f", Swift.abs(x))
            let parts = s.split(separator: ".")
            let frac = String(parts[1].reversed().drop(while: { $0 == "0" }).reversed())
            return (sign + parts[0], frac)
        }
        let intPart = point <= 0 ? "0" : String(digits.prefix(point)) + String(repeating: "0", count: max(0, point - digits.count))
        let frac = point < 0 ? String(repeating: "0", count: -point) + String(digits) : String(digits.dropFirst(max(0, point)))
        return (sign + intPart, frac)
    }

    /// Scientific digits: with `digits` fractional digits of the exact value, or (nil) the
    /// shortest ones up to `NumpyFormatting.precision`; `exp` is the signed exponent (`-05`).
    private func scientific(_ x: Double, digits want: Int?) -> (int: String, frac: String, exp: String) {
        let sign = x.sign == .minus ? "-" : ""
        var text: String
        if let want {
            text = String(format: "%.\(want)e", Swift.abs(x))
        } else {
            let (digits, point) = shortestDigits(x)
            if digits.count - 1 > NumpyFormatting.precision {
                text = String(format: "%.\(NumpyFormatting.precision)e", Swift.abs(x))
            } else if digits.isEmpty {
                text = "0e+00"
            } else {
                let e = point - 1
                text = String(digits[0]) + (digits.count > 1 ? "." + String(digits.dropFirst()) : "") + "e" + (e < 0 ? "-" : "+") + (Swift.abs(e) < 10 ? "0" : "") + String(Swift.abs(e))
            }
        }
        let parts = text.split(separator: "e")
        let mant = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var frac = mant.count > 1 ? String(mant[1]) : ""
        if want == nil { frac = String(frac.reversed().drop(while: { $0 == "0" }).reversed()) }
        return (sign + mant[0], frac, String(parts[1]))
    }
}
