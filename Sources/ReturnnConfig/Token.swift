/// One lexical token of the config language (a Python subset). A class, so that the parser's
/// many looks at the current token cost no copies.
final class Token {
    /// Token classes; `op` covers operators and delimiters.
    enum Kind: Equatable {
        case name, int, float, string, bytes, fstring, op, newline, indent, dedent, eof
    }

    /// The token class.
    var kind: Kind
    /// Identifier, operator text, decoded string, or raw f-string body.
    var text: String
    /// Where the token starts.
    var location: SourceLocation
    /// Value of an `int` token.
    var intValue: Int = 0
    /// Value of a `float` token.
    var floatValue: Double = 0
    /// Value of a `bytes` token.
    var bytesValue: [UInt8] = []
    /// For an f-string: whether it had the `r` prefix.
    var isRaw: Bool = false

    init(kind: Kind, text: String, location: SourceLocation) {
        self.kind = kind
        self.text = text
        self.location = location
    }

    /// Whether this is the operator or keyword-name `s`.
    func isOp(_ s: String) -> Bool { kind == .op && text == s }
    /// Whether this is the name `s` (keywords are names).
    func isName(_ s: String) -> Bool { kind == .name && text == s }
}
