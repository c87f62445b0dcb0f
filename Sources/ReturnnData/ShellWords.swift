/// Python's `shlex.split` (POSIX mode, no comments) and upstream's `eval_shell_str` expansion of
/// `$VAR` tokens, for `ExternSprintDataset`'s `sprintConfigStr`.
public enum ShellWords {
    /// Splits `s` into words as `shlex.split(s)`: whitespace separates, single quotes keep
    /// everything, double quotes keep everything but `\\"`, `\\\\`, `\\$`, `` \\` `` and `\\<newline>`
    /// escapes, a backslash outside quotes escapes the next character. Throws for an unclosed quote.
    public static func split(_ s: String) throws -> [String] {
        var words = [String]()
        var current = ""
        var inWord = false
        var it = Array(s).makeIterator()
        while let c = it.next() {
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                var closed = false
                while let d = it.next() {
                    if d == "'" { closed = true; break }
                    current.append(d)
                }
                guard closed else { throw ShellWordsError(message: "no closing quotation in \(s.debugDescription)") }
            case "\"":
                inWord = true
                var closed = false
                while let d = it.next() {
                    if d == "\"" { closed = true; break }
                    if d == "\\" {
                        guard let e = it.next() else { break }
                        if "\"\\$`\n".contains(e) { if e != "\n" { current.append(e) } } else { current.append(d); current.append(e) }
                        continue
                    }
                    current.append(d)
                }
                guard closed else { throw ShellWordsError(message: "no closing quotation in \(s.debugDescription)") }
            case "\\":
                inWord = true
                guard let e = it.next() else { throw ShellWordsError(message: "no escaped character at the end of \(s.debugDescription)") }
                if e != "\n" { current.append(e) }
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Upstream `eval_shell_str` for already split tokens: a token starting with `$` is replaced by
    /// the split value of that environment variable (`$NAME` or `${NAME}`); throws for unset ones.
    public static func expand(_ tokens: [String], environment: [String: String]) throws -> [String] {
        var out = [String]()
        for t in tokens {
            guard t.hasPrefix("$") else { out.append(t); continue }
            var name = String(t.dropFirst())
            if name.hasPrefix("{") && name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
            guard let value = environment[name] else {
                throw ShellWordsError(message: "environment variable '\(name)' (from the token '\(t)') is not set")
            }
            out += try expand(try split(value), environment: environment)
        }
        return out
    }
}

/// A `ShellWords` failure (unclosed quote, unset variable).
public struct ShellWordsError: Error, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
