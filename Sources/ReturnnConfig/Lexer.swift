import Foundation

/// Turns config source text into tokens, with Python's indentation rules (INDENT/DEDENT,
/// implicit line joining inside brackets, backslash continuation, comments).
struct Lexer {
    private let src: [UInt8]
    private let file: String
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    /// Open brackets, innermost last, with where each was opened (for CPython's messages).
    private var brackets: [(byte: UInt8, location: SourceLocation)] = []
    private var depth: Int { brackets.count }
    private var indents: [Int] = [0]
    private var atLineStart = true
    private(set) var tokens: [Token] = []

    /// Python keywords that can never be used as names.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield",
    ]

    private static let ops3: [String] = ["**=", "//=", ">>=", "<<=", "..."]
    private static let ops2: [String] = [
        "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "->", ":=", "@=",
    ]
    private static let prefixBytes: [UInt8] = Array("rbufRBUF".utf8)
    private static let ops1: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "+-*/%&|^~<>()[]{},:.;=@".utf8 { table[Int(b)] = true }
        return table
    }()

    /// Tokenizes `text`; `file` is used in locations.
    static func tokenize(_ text: String, file: String) throws -> [Token] {
        var lexer = Lexer(src: Array(text.utf8), file: file)
        try lexer.run()
        return lexer.tokens
    }

    private init(src: [UInt8], file: String) {
        self.src = src
        self.file = file
    }

    private var loc: SourceLocation { SourceLocation(file: file, line: line, column: pos - lineStart + 1) }

    private func error(_ msg: String) -> ConfigError { ConfigError(.syntax, msg, at: loc) }

    private func peek(_ off: Int = 0) -> UInt8 { pos + off < src.count ? src[pos + off] : 0 }

    private mutating func newLine() {
        line += 1
        lineStart = pos
    }

    private mutating func add(_ kind: Token.Kind, _ text: String, at l: SourceLocation) {
        tokens.append(Token(kind: kind, text: text, location: l))
    }

    private mutating func run() throws {
        while pos < src.count {
            if atLineStart && depth == 0 {
                if try handleIndentation() { continue }
            }
            atLineStart = false
            let c = src[pos]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
                pos += 1
            case UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "\n"):
                if depth == 0 { add(.newline, "", at: loc) }
                pos += 1
                newLine()
                atLineStart = true
            case UInt8(ascii: "#"):
                while pos < src.count && src[pos] != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\"):
                if peek(1) == UInt8(ascii: "\n") {
                    pos += 2
                    newLine()
                } else if peek(1) == UInt8(ascii: "\r") && peek(2) == UInt8(ascii: "\n") {
                    pos += 3
                    newLine()
                } else {
                    throw error("unexpected character '\\' after line continuation; a backslash must end the line")
                }
            default:
                if isIdentStart(c) {
                    try lexNameOrString()
                } else if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(peek(1))) {
                    try lexNumber()
                } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                    try lexString(prefix: "")
                } else {
                    try lexOp()
                }
            }
        }
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            add(.newline, "", at: loc)
        }
        if let open = brackets.last {
            throw ConfigError(.syntax, "'\(Character(Unicode.Scalar(open.byte)))' was never closed", at: open.location)
        }
        while indents.count > 1 {
            indents.removeLast()
            add(.dedent, "", at: loc)
        }
        add(.eof, "", at: loc)
    }

    /// At the start of a logical line: measures indentation and emits INDENT/DEDENT. Returns true
    /// when it consumed a blank or comment-only line.
    private mutating func handleIndentation() throws -> Bool {
        var width = 0
        var p = pos
        while p < src.count {
            let c = src[p]
            if c == UInt8(ascii: " ") { width += 1 } else if c == UInt8(ascii: "\t") { width = (width / 8 + 1) * 8 } else if c == 0x0C { width = 0 } else { break }
            p += 1
        }
        if p >= src.count { pos = p; return true }
        let c = src[p]
        if c == UInt8(ascii: "\n") || c == UInt8(ascii: "#") || c == UInt8(ascii: "\r") {
            pos = p
            while pos < src.count && src[pos] != UInt8(ascii: "\n") { pos += 1 }
            if pos < src.count { pos += 1; newLine() }
            return true
        }
        if c == UInt8(ascii: "\\") && (p + 1 < src.count && (src[p + 1] == UInt8(ascii: "\n"))) {
            pos = p
            atLineStart = false
            return true
        }
        pos = p
        atLineStart = false
        if width > indents.last! {
            indents.append(width)
            add(.indent, "", at: loc)
        } else {
            while width < indents.last! {
                indents.removeLast()
                add(.dedent, "", at: loc)
            }
            if width != indents.last! {
                throw error("unindent does not match any outer indentation level")
            }
        }
        return true
    }

    private static func radix(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): return 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): return 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return 2
        default: return nil
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }
    private func isIdentChar(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

    private mutating func lexNameOrString() throws {
        let start = pos
        while pos < src.count && isIdentChar(src[pos]) { pos += 1 }
        let name = String(decoding: src[start..<pos], as: UTF8.self)
        if pos < src.count, src[pos] == UInt8(ascii: "'") || src[pos] == UInt8(ascii: "\""),
            name.utf8.count <= 2, name.utf8.allSatisfy({ Lexer.prefixBytes.contains($0) })
        {
            let lower = name.lowercased()
            let valid: Set<String> = ["r", "b", "u", "f", "rb", "br", "fr", "rf"]
            if valid.contains(lower) {
                pos = start
                let l = loc
                pos = start + name.utf8.count
                try lexString(prefix: lower, startLoc: l)
                return
            }
        }
        let l = SourceLocation(file: file, line: line, column: start - lineStart + 1)
        if pos < src.count && src[pos] >= 0x80 {
            throw error("non-ASCII identifiers are not supported; use ASCII names")
        }
        add(.name, name, at: l)
    }

    private mutating func lexNumber() throws {
        let l = loc
        let start = pos
        if src[pos] == UInt8(ascii: "0"), pos + 1 < src.count, let radix = Lexer.radix(src[pos + 1]) {
            pos += 2
            let ds = pos
            while pos < src.count && (isIdentChar(src[pos])) { pos += 1 }
            let digits = String(decoding: src[ds..<pos].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            guard let v = Int(digits, radix: radix) else {
                throw ConfigError(.syntax, "invalid or too large integer literal '\(String(decoding: src[start..<pos], as: UTF8.self))' (integers are 64-bit)", at: l)
            }
            let t = Token(kind: .int, text: "", location: l)
            t.intValue = v
            tokens.append(t)
            return
        }
        var isFloat = false
        while pos < src.count && (isDigit(src[pos]) || src[pos] == UInt8(ascii: "_")) { pos += 1 }
        if pos < src.count && src[pos] == UInt8(ascii: ".") {
            isFloat = true
            pos += 1
            while pos < src.count && (isDigit(src[pos]) || src[pos] == UInt8(ascii: "_")) { pos += 1 }
        }
        if pos < src.count && (src[pos] == UInt8(ascii: "e") || src[pos] == UInt8(ascii: "E")) {
            let save = pos
            pos += 1
            if pos < src.count && (src[pos] == UInt8(ascii: "+") || src[pos] == UInt8(ascii: "-")) { pos += 1 }
            if pos < src.count && isDigit(src[pos]) {
                isFloat = true
                while pos < src.count && (isDigit(src[pos]) || src[pos] == UInt8(ascii: "_")) { pos += 1 }
            } else {
                pos = save
            }
        }
        if pos < src.count && (src[pos] == UInt8(ascii: "j") || src[pos] == UInt8(ascii: "J")) {
            throw ConfigError(.unsupported, "complex numbers are not supported in configs", at: l)
        }
        if pos < src.count && isIdentStart(src[pos]) {
            throw ConfigError(.syntax, "invalid number literal", at: l)
        }
        let text = String(decoding: src[start..<pos].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if isFloat {
            guard let v = Double(text) else { throw ConfigError(.syntax, "invalid float literal '\(text)'", at: l) }
            let t = Token(kind: .float, text: "", location: l)
            t.floatValue = v
            tokens.append(t)
        } else {
            if text.count > 1 && text.hasPrefix("0") && text.contains(where: { $0 != "0" }) {
                throw ConfigError(.syntax, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: l)
            }
            guard let v = Int(text) else {
                throw ConfigError(.syntax, "integer literal '\(text)' is too large (integers are 64-bit)", at: l)
            }
            let t = Token(kind: .int, text: "", location: l)
            t.intValue = v
            tokens.append(t)
        }
    }

    private mutating func lexString(prefix: String, startLoc: SourceLocation? = nil) throws {
        let l = startLoc ?? loc
        // (byte checks: String.contains(String) would go through Foundation's slow range(of:))
        let isRaw = prefix.utf8.contains(UInt8(ascii: "r"))
        let isBytes = prefix.utf8.contains(UInt8(ascii: "b"))
        let isF = prefix.utf8.contains(UInt8(ascii: "f"))
        let q = src[pos]
        let triple = peek(1) == q && peek(2) == q
        pos += triple ? 3 : 1
        var raw: [UInt8] = []
        while true {
            guard pos < src.count else {
                throw ConfigError(.syntax, "unterminated string literal (started here)", at: l)
            }
            let c = src[pos]
            if c == q {
                if !triple { pos += 1; break }
                if peek(1) == q && peek(2) == q { pos += 3; break }
            }
            if c == UInt8(ascii: "\n") {
                if !triple { throw ConfigError(.syntax, "unterminated string literal (started here): a newline inside a single-quoted string; use triple quotes or \\n", at: l) }
                raw.append(c)
                pos += 1
                newLine()
                continue
            }
            if c == UInt8(ascii: "\\") && pos + 1 < src.count {
                raw.append(c)
                raw.append(src[pos + 1])
                if src[pos + 1] == UInt8(ascii: "\n") {
                    pos += 2
                    newLine()
                } else {
                    pos += 2
                }
                continue
            }
            raw.append(c)
            pos += 1
        }
        if isBytes {
            let t = Token(kind: .bytes, text: "", location: l)
            if raw.contains(where: { $0 >= 0x80 }) {
                throw ConfigError(.syntax, "bytes can only contain ASCII literal characters", at: l)
            }
            t.bytesValue = isRaw ? raw : try Lexer.decodeBytesEscapes(raw, at: l)
            tokens.append(t)
        } else if isF {
            let t = Token(kind: .fstring, text: String(decoding: raw, as: UTF8.self), location: l)
            t.isRaw = isRaw
            tokens.append(t)
        } else {
            let s = isRaw ? String(decoding: raw, as: UTF8.self) : try Lexer.decodeEscapes(raw, bytes: false, at: l)
            tokens.append(Token(kind: .string, text: s, location: l))
        }
    }

    /// Decodes Python escape sequences of a (non-raw) str literal body.
    static func decodeEscapes(_ raw: [UInt8], bytes: Bool, at l: SourceLocation) throws -> String {
        if !raw.contains(UInt8(ascii: "\\")) { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func appendScalar(_ v: UInt32) throws {
            guard let u = Unicode.Scalar(v) else { throw ConfigError(.syntax, "invalid unicode escape", at: l) }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        }
        while i < raw.count {
            let c = raw[i]
            if c != UInt8(ascii: "\\") || i + 1 >= raw.count { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "'"): out.append(UInt8(ascii: "'"))
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = UInt32(e - 48)
                var n = 1
                while n < 3 && i < raw.count && raw[i] >= 48 && raw[i] <= 55 { v = v * 8 + UInt32(raw[i] - 48); i += 1; n += 1 }
                try appendScalar(v)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let n = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                guard i + n <= raw.count, let v = UInt32(String(decoding: raw[i..<(i + n)], as: UTF8.self), radix: 16) else {
                    throw ConfigError(.syntax, "truncated \\\(Character(Unicode.Scalar(e))) escape in string literal", at: l)
                }
                i += n
                try appendScalar(v)
            case UInt8(ascii: "N"):
                throw ConfigError(.unsupported, "named unicode escapes (\\N{...}) are not supported; use \\u escapes", at: l)
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes escapes of a bytes literal body (`\xhh` gives one byte).
    static func decodeBytesEscapes(_ raw: [UInt8], at l: SourceLocation) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c != UInt8(ascii: "\\") || i + 1 >= raw.count { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "x"):
                guard i + 2 <= raw.count, let v = UInt8(String(decoding: raw[i..<(i + 2)], as: UTF8.self), radix: 16) else {
                    throw ConfigError(.syntax, "truncated \\x escape in bytes literal", at: l)
                }
                out.append(v)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - 48)
                var n = 1
                while n < 3 && i < raw.count && raw[i] >= 48 && raw[i] <= 55 { v = v * 8 + Int(raw[i] - 48); i += 1; n += 1 }
                out.append(UInt8(v & 0xFF))
            default:
                let s = try decodeEscapes([c, e], bytes: true, at: l)
                out.append(contentsOf: Array(s.utf8))
            }
        }
        return out
    }

    private mutating func lexOp() throws {
        let l = loc
        let c0 = src[pos]
        let c1 = peek(1)
        let multi = c1 == UInt8(ascii: "=") || c1 == UInt8(ascii: ">") || c1 == UInt8(ascii: "<") || c1 == c0 || (c0 == UInt8(ascii: ".") && c1 == UInt8(ascii: "."))
        if multi {
            try lexMultiOp(l)
            return
        }
        try lexSingleOp(l)
    }

    private mutating func lexMultiOp(_ l: SourceLocation) throws {
        for cand in Lexer.ops3 where matches(cand) {
            if cand == "..." { throw ConfigError(.unsupported, "'...' (Ellipsis) is not supported in configs", at: l) }
            pos += 3
            add(.op, cand, at: l)
            return
        }
        for cand in Lexer.ops2 where matches(cand) {
            pos += 2
            add(.op, cand, at: l)
            return
        }
        try lexSingleOp(l)
    }

    private mutating func lexSingleOp(_ l: SourceLocation) throws {
        let c = src[pos]
        if Lexer.ops1[Int(c)] {
            pos += 1
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                brackets.append((c, l))
                if depth > 200 { throw ConfigError(.limit, "brackets nested too deeply (more than 200 levels)", at: l) }
            }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                try closeBracket(c, at: l)
            }
            add(.op, String(Character(Unicode.Scalar(c))), at: l)
            return
        }
        if c == UInt8(ascii: "!") { throw ConfigError(.syntax, "invalid syntax: '!' (did you mean '!=' or 'not'?)", at: l) }
        if c >= 0x80 { throw ConfigError(.syntax, "unexpected non-ASCII character outside a string literal", at: l) }
        throw ConfigError(.syntax, "unexpected character '\(Character(Unicode.Scalar(c)))' (code \(c))", at: l)
    }

    /// Pops the innermost open bracket for the closing bracket `c`, with CPython 3.11's messages
    /// for a closing bracket without an opening one or of another kind.
    private mutating func closeBracket(_ c: UInt8, at l: SourceLocation) throws {
        let closing = Character(Unicode.Scalar(c))
        guard let open = brackets.popLast() else { throw ConfigError(.syntax, "unmatched '\(closing)'", at: l) }
        let expected: UInt8 = open.byte == UInt8(ascii: "(") ? UInt8(ascii: ")") : open.byte + 2  // '[' → ']', '{' → '}'
        guard c == expected else {
            let opening = Character(Unicode.Scalar(open.byte))
            let onLine = open.location.line == l.line ? "" : " on line \(open.location.line)"
            throw ConfigError(.syntax, "closing parenthesis '\(closing)' does not match opening parenthesis '\(opening)'\(onLine)", at: l)
        }
    }

    private func matches(_ s: String) -> Bool {
        var i = 0
        for b in s.utf8 {
            if pos + i >= src.count || src[pos + i] != b { return false }
            i += 1
        }
        return true
    }
}
