import Foundation

/// Splits an f-string body into literal text and `{expr!conv:spec}` fields, parsing each field
/// expression with the normal expression parser.
enum FStringParser {
    /// `s` without leading and trailing blanks (cheaper than Foundation's trimming here).
    static func trimSpaces(_ s: String) -> Substring {
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return sub
    }

    /// Parses the raw body of an f-string literal (escapes not yet decoded).
    static func parse(_ body: String, raw: Bool, at loc: SourceLocation, file: String, depth: Int = 0) throws -> [FStringPart] {
        if depth > 2 { throw ConfigError(.syntax, "f-string: expressions nested too deeply", at: loc) }
        let chars = Array(body)
        var parts: [FStringPart] = []
        var lit = ""
        var i = 0
        func flush() throws {
            if lit.isEmpty { return }
            let decoded = raw ? lit : try Lexer.decodeEscapes(Array(lit.utf8), bytes: false, at: loc)
            parts.append(.literal(decoded))
            lit = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { lit.append("{"); i += 2; continue }
                try flush()
                i += 1
                var exprText = ""
                var bracket = 0
                var quote: Character?
                while i < chars.count {
                    let d = chars[i]
                    if let q = quote {
                        if d == q { quote = nil }
                    } else if d == "'" || d == "\"" {
                        quote = d
                    } else if d == "(" || d == "[" || d == "{" {
                        bracket += 1
                    } else if d == ")" || d == "]" || d == "}" {
                        if bracket == 0 { break }
                        bracket -= 1
                    } else if bracket == 0 && (d == ":" || (d == "!" && i + 1 < chars.count && chars[i + 1] != "=")) {
                        break
                    }
                    exprText.append(d)
                    i += 1
                }
                var selfDoc: String?
                let trimmed = trimSpaces(exprText)
                if trimmed.hasSuffix("=") && !trimmed.hasSuffix("==") && !trimmed.hasSuffix("!=") && !trimmed.hasSuffix("<=") && !trimmed.hasSuffix(">=") {
                    selfDoc = exprText
                    exprText = String(trimmed.dropLast())
                }
                if trimSpaces(exprText).isEmpty {
                    throw ConfigError(.syntax, "f-string: empty expression not allowed", at: loc)
                }
                let expr = try Parser.parseExpression("(" + exprText + ")", file: file, at: loc)
                var conversion: Character?
                if i < chars.count && chars[i] == "!" {
                    guard i + 1 < chars.count, "rsa".contains(chars[i + 1]) else {
                        throw ConfigError(.syntax, "f-string: invalid conversion character: expected 's', 'r', or 'a'", at: loc)
                    }
                    conversion = chars[i + 1]
                    i += 2
                }
                var spec: [FStringPart]?
                if i < chars.count && chars[i] == ":" {
                    i += 1
                    var specText = ""
                    var b = 0
                    while i < chars.count {
                        let d = chars[i]
                        if d == "{" { b += 1 } else if d == "}" {
                            if b == 0 { break }
                            b -= 1
                        }
                        specText.append(d)
                        i += 1
                    }
                    spec = try parse(specText, raw: raw, at: loc, file: file, depth: depth + 1)
                }
                guard i < chars.count && chars[i] == "}" else {
                    throw ConfigError(.syntax, "f-string: expecting '}'", at: loc)
                }
                i += 1
                if selfDoc != nil && conversion == nil && spec == nil { conversion = "r" }
                parts.append(.expr(expr, conversion: conversion, spec: spec, selfDoc: selfDoc))
            } else if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { lit.append("}"); i += 2; continue }
                throw ConfigError(.syntax, "f-string: single '}' is not allowed", at: loc)
            } else {
                lit.append(c)
                i += 1
            }
        }
        try flush()
        return parts
    }
}
