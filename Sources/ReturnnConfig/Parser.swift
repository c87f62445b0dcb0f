/// Recursive-descent parser from tokens to the statement/expression tree, following Python's
/// grammar for the supported subset. Unsupported constructs fail with a located explanation.
struct Parser {
    let tokens: [Token]
    var i = 0
    var nesting = 0
    let file: String

    /// Maximum nesting of expressions and blocks before a located `limit` error.
    static let maxNesting = 100

    /// Parses a whole module.
    static func parseModule(_ text: String, file: String) throws -> [Stmt] {
        var p = Parser(tokens: try Lexer.tokenize(text, file: file), file: file)
        var body: [Stmt] = []
        while p.cur.kind != .eof {
            if p.cur.kind == .newline { p.i += 1; continue }
            body.append(contentsOf: try p.statement())
        }
        return body
    }

    /// Parses a single expression (used for f-string fields and `++key value` overrides).
    static func parseExpression(_ text: String, file: String, at loc: SourceLocation? = nil) throws -> Expr {
        let toks = try Lexer.tokenize(text, file: file)
        if let loc { for k in toks.indices { toks[k].location = loc } }
        var p = Parser(tokens: toks, file: file)
        while p.cur.kind == .indent || p.cur.kind == .newline { p.i += 1 }
        let e = try p.testListStarExpr()
        while p.cur.kind == .newline || p.cur.kind == .dedent { p.i += 1 }
        guard p.cur.kind == .eof else { throw p.unexpected("end of expression") }
        return e
    }

    private init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    var cur: Token { tokens[i] }
    func peekTok(_ n: Int = 1) -> Token { tokens[min(i + n, tokens.count - 1)] }

    func unexpected(_ what: String) -> ConfigError {
        let t = cur
        let found: String
        switch t.kind {
        case .eof: found = "end of file"
        case .newline: found = "end of line"
        case .indent: found = "an unexpected indent"
        case .dedent: found = "a dedent"
        case .string, .fstring, .bytes: found = "a string"
        case .int, .float: found = "a number"
        case .name, .op: found = "'\(t.text)'"
        }
        return ConfigError(.syntax, "invalid syntax: expected \(what), found \(found)", at: t.location)
    }

    mutating func expectOp(_ s: String) throws {
        guard cur.isOp(s) else { throw unexpected("'\(s)'") }
        i += 1
    }

    mutating func acceptOp(_ s: String) -> Bool {
        if cur.isOp(s) { i += 1; return true }
        return false
    }

    mutating func acceptName(_ s: String) -> Bool {
        if cur.isName(s) { i += 1; return true }
        return false
    }

    mutating func identifier() throws -> String {
        guard cur.kind == .name, !Lexer.keywords.contains(cur.text) else { throw unexpected("a name") }
        defer { i += 1 }
        return cur.text
    }

    mutating func enter() throws {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw ConfigError(.limit, "expression or block nested too deeply (more than \(Parser.maxNesting) levels); flatten the config", at: cur.location)
        }
    }

    // MARK: expressions

    mutating func starOr(_ f: (inout Parser) throws -> Expr) throws -> Expr {
        if cur.isOp("*") {
            let loc = cur.location
            i += 1
            return Expr(.starred(try expr()), loc)
        }
        return try f(&self)
    }

    /// `a, b, *c` without brackets; a single item without comma is returned as is.
    mutating func testListStarExpr() throws -> Expr {
        let loc = cur.location
        let first = try starOr { try $0.namedExprTest() }
        guard cur.isOp(",") else { return first }
        var items = [first]
        while acceptOp(",") {
            if isExprEnd() { break }
            items.append(try starOr { try $0.namedExprTest() })
        }
        return Expr(.tuple(items), loc)
    }

    static let exprEndOps: Set<String> = [
        ")", "]", "}", "=", ":", ";", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@=",
    ]

    func isExprEnd() -> Bool {
        let t = cur
        if t.kind == .newline || t.kind == .eof { return true }
        if t.kind == .op { return Parser.exprEndOps.contains(t.text) }
        return false
    }

    mutating func namedExprTest() throws -> Expr {
        if cur.kind == .name && peekTok().isOp(":=") {
            let loc = cur.location
            let n = try identifier()
            i += 1
            return Expr(.namedExpr(n, try test()), loc)
        }
        return try test()
    }

    mutating func test() throws -> Expr {
        try enter()
        defer { nesting -= 1 }
        if cur.isName("lambda") { return try lambda() }
        let loc = cur.location
        let e = try orTest()
        if cur.isName("if") {
            i += 1
            let cond = try orTest()
            guard acceptName("else") else { throw unexpected("'else' in conditional expression") }
            let other = try test()
            return Expr(.conditional(condition: cond, then: e, otherwise: other), loc)
        }
        return e
    }

    mutating func testNoCond() throws -> Expr {
        if cur.isName("lambda") { return try lambda() }
        return try orTest()
    }

    mutating func lambda() throws -> Expr {
        let loc = cur.location
        i += 1
        let params = try parameters(closing: ":", allowAnnotations: false)
        try expectOp(":")
        let body = try test()
        let def = FunctionDefinition(name: "<lambda>", parameters: params, body: [Stmt(.return(body), body.location)], location: loc, docstring: nil)
        return Expr(.lambda(def), loc)
    }

    mutating func orTest() throws -> Expr {
        let loc = cur.location
        let first = try andTest()
        guard cur.isName("or") else { return first }
        var items = [first]
        while acceptName("or") { items.append(try andTest()) }
        return Expr(.or(items), loc)
    }

    mutating func andTest() throws -> Expr {
        let loc = cur.location
        let first = try notTest()
        guard cur.isName("and") else { return first }
        var items = [first]
        while acceptName("and") { items.append(try notTest()) }
        return Expr(.and(items), loc)
    }

    mutating func notTest() throws -> Expr {
        if cur.isName("not") {
            let loc = cur.location
            i += 1
            try enter()
            defer { nesting -= 1 }
            return Expr(.unary(.not, try notTest()), loc)
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let loc = cur.location
        let first = try expr()
        var ops: [(CompareOperator, Expr)] = []
        while true {
            let t = cur
            var op: CompareOperator?
            if t.kind == .op, let o = CompareOperator(rawValue: t.text), t.text != "in" { op = o; i += 1 } else if t.isName("in") {
                op = .in; i += 1
            } else if t.isName("not") && peekTok().isName("in") {
                op = .notIn; i += 2
            } else if t.isName("is") {
                i += 1
                if acceptName("not") { op = .isNot } else { op = .is }
            }
            guard let o = op else { break }
            ops.append((o, try expr()))
        }
        return ops.isEmpty ? first : Expr(.compare(first, ops), loc)
    }

    /// Binary operator precedence levels, loosest first.
    static let levels: [[String]] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]]

    mutating func binaryLevel(_ level: Int) throws -> Expr {
        if level == Parser.levels.count { return try factor() }
        var left = try binaryLevel(level + 1)
        while cur.kind == .op, Parser.levels[level].contains(cur.text) {
            let loc = cur.location
            let op = BinaryOperator(rawValue: cur.text)!
            i += 1
            let right = try binaryLevel(level + 1)
            left = Expr(.binary(op, left, right), loc)
        }
        return left
    }

    mutating func expr() throws -> Expr {
        try binaryLevel(0)
    }

    mutating func factor() throws -> Expr {
        let t = cur
        if t.kind == .op, let op = Parser.unaryOperator(t.text) {
            i += 1
            try enter()
            defer { nesting -= 1 }
            let operand = try factor()
            if op == .neg, case .literal(let lit) = operand.kind {
                if case .int(let v) = lit { return Expr(.literal(.int(-v)), t.location) }
                if case .float(let v) = lit { return Expr(.literal(.float(-v)), t.location) }
            }
            return Expr(.unary(op, operand), t.location)
        }
        return try power()
    }

    static func unaryOperator(_ s: String) -> UnaryOperator? {
        switch s {
        case "-": return .neg
        case "+": return .pos
        case "~": return .invert
        default: return nil
        }
    }

    mutating func power() throws -> Expr {
        let base = try atomExpr()
        if cur.isOp("**") {
            let loc = cur.location
            i += 1
            try enter()
            defer { nesting -= 1 }
            return Expr(.binary(.pow, base, try factor()), loc)
        }
        return base
    }

    mutating func atomExpr() throws -> Expr {
        if cur.isName("await") { throw ConfigError(.unsupported, "async code is not supported in configs", at: cur.location) }
        var e = try atom()
        var trailers = 0
        while true {
            let loc = cur.location
            if acceptOp("(") {
                e = Expr(.call(e, try callArguments()), loc)
                try expectOp(")")
            } else if acceptOp("[") {
                e = Expr(.subscript(e, try subscriptList()), loc)
                try expectOp("]")
            } else if acceptOp(".") {
                e = Expr(.attribute(e, try identifier()), loc)
            } else {
                break
            }
            trailers += 1
            if trailers > 1000 { throw ConfigError(.limit, "too many chained calls/subscripts in one expression", at: loc) }
        }
        return e
    }

    mutating func callArguments() throws -> [CallArgument] {
        var args: [CallArgument] = []
        var seenKeyword = false
        while !cur.isOp(")") {
            let loc = cur.location
            if acceptOp("**") {
                args.append(.doubleStar(try test()))
                seenKeyword = true
            } else if acceptOp("*") {
                args.append(.star(try test()))
            } else if cur.kind == .name && peekTok().isOp("=") {
                let n = try identifier()
                i += 1
                args.append(.keyword(n, try test()))
                seenKeyword = true
            } else {
                var e = try namedExprTest()
                if cur.isName("for") {
                    e = Expr(.listComprehension(e, try comprehensionClauses()), loc)
                }
                if seenKeyword { throw ConfigError(.syntax, "positional argument follows keyword argument", at: loc) }
                args.append(.positional(e))
            }
            if !acceptOp(",") { break }
        }
        return args
    }

    mutating func subscriptList() throws -> Expr {
        let loc = cur.location
        let first = try subscriptItem()
        guard cur.isOp(",") else { return first }
        var items = [first]
        while acceptOp(",") {
            if cur.isOp("]") { break }
            items.append(try subscriptItem())
        }
        return Expr(.tuple(items), loc)
    }

    mutating func subscriptItem() throws -> Expr {
        let loc = cur.location
        var lower: Expr?
        if !cur.isOp(":") {
            lower = try test()
            if !cur.isOp(":") { return lower! }
        }
        try expectOp(":")
        var upper: Expr?
        if !cur.isOp(":") && !cur.isOp("]") && !cur.isOp(",") { upper = try test() }
        var step: Expr?
        if acceptOp(":") {
            if !cur.isOp("]") && !cur.isOp(",") { step = try test() }
        }
        return Expr(.slice(lower, upper, step), loc)
    }

    mutating func comprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while cur.isName("for") || cur.isName("async") {
            if cur.isName("async") { throw ConfigError(.unsupported, "async comprehensions are not supported", at: cur.location) }
            i += 1
            let target = try targetList()
            guard acceptName("in") else { throw unexpected("'in'") }
            let iter = try orTest()
            var conds: [Expr] = []
            while cur.isName("if") {
                i += 1
                conds.append(try testNoCond())
            }
            clauses.append(ComprehensionClause(target: target, iterable: iter, conditions: conds))
        }
        return clauses
    }

    mutating func atom() throws -> Expr {
        let t = cur
        let loc = t.location
        switch t.kind {
        case .int: i += 1; return Expr(.literal(.int(t.intValue)), loc)
        case .float: i += 1; return Expr(.literal(.float(t.floatValue)), loc)
        case .string, .fstring, .bytes: return try strings()
        case .name:
            switch t.text {
            case "None": i += 1; return Expr(.literal(.none), loc)
            case "True": i += 1; return Expr(.literal(.bool(true)), loc)
            case "False": i += 1; return Expr(.literal(.bool(false)), loc)
            case "yield": throw ConfigError(.unsupported, "generators ('yield') are not supported in configs", at: loc)
            default:
                if Lexer.keywords.contains(t.text) { throw unexpected("an expression") }
                i += 1
                return Expr(.name(t.text), loc)
            }
        case .op:
            try enter()
            defer { nesting -= 1 }
            switch t.text {
            case "(":
                i += 1
                if acceptOp(")") { return Expr(.tuple([]), loc) }
                let first = try starOr { try $0.namedExprTest() }
                if cur.isName("for") {
                    let clauses = try comprehensionClauses()
                    try expectOp(")")
                    return Expr(.listComprehension(first, clauses), loc)
                }
                if acceptOp(")") {
                    if case .starred = first.kind { throw ConfigError(.syntax, "cannot use starred expression here", at: first.location) }
                    return first
                }
                var items = [first]
                while acceptOp(",") {
                    if cur.isOp(")") { break }
                    items.append(try starOr { try $0.namedExprTest() })
                }
                try expectOp(")")
                return Expr(.tuple(items), loc)
            case "[":
                i += 1
                if acceptOp("]") { return Expr(.list([]), loc) }
                let first = try starOr { try $0.namedExprTest() }
                if cur.isName("for") {
                    let clauses = try comprehensionClauses()
                    try expectOp("]")
                    return Expr(.listComprehension(first, clauses), loc)
                }
                var items = [first]
                while acceptOp(",") {
                    if cur.isOp("]") { break }
                    items.append(try starOr { try $0.namedExprTest() })
                }
                try expectOp("]")
                return Expr(.list(items), loc)
            case "{":
                i += 1
                return try dictOrSet(loc)
            default:
                throw unexpected("an expression")
            }
        default:
            throw unexpected("an expression")
        }
    }

    mutating func dictOrSet(_ loc: SourceLocation) throws -> Expr {
        if acceptOp("}") { return Expr(.dict([]), loc) }
        if acceptOp("**") {
            var items: [DictItem] = [.unpack(try expr())]
            try dictRest(&items)
            return Expr(.dict(items), loc)
        }
        let first = try starOr { try $0.test() }
        if acceptOp(":") {
            let v = try test()
            if cur.isName("for") {
                let clauses = try comprehensionClauses()
                try expectOp("}")
                return Expr(.dictComprehension(first, v, clauses), loc)
            }
            var items: [DictItem] = [.pair(first, v)]
            try dictRest(&items)
            return Expr(.dict(items), loc)
        }
        if cur.isName("for") {
            let clauses = try comprehensionClauses()
            try expectOp("}")
            return Expr(.setComprehension(first, clauses), loc)
        }
        var items = [first]
        while acceptOp(",") {
            if cur.isOp("}") { break }
            items.append(try starOr { try $0.test() })
        }
        try expectOp("}")
        return Expr(.set(items), loc)
    }

    mutating func dictRest(_ items: inout [DictItem]) throws {
        while acceptOp(",") {
            if cur.isOp("}") { break }
            if acceptOp("**") {
                items.append(.unpack(try expr()))
            } else {
                let k = try test()
                try expectOp(":")
                items.append(.pair(k, try test()))
            }
        }
        try expectOp("}")
    }

    /// Adjacent string literals concatenate; any f-string makes the whole an f-string.
    mutating func strings() throws -> Expr {
        let loc = cur.location
        var parts: [FStringPart] = []
        var bytes: [UInt8]?
        var sawStr = false
        var sawF = false
        while cur.kind == .string || cur.kind == .fstring || cur.kind == .bytes {
            let t = cur
            i += 1
            switch t.kind {
            case .bytes:
                if sawStr { throw ConfigError(.syntax, "cannot mix bytes and nonbytes literals", at: t.location) }
                bytes = (bytes ?? []) + t.bytesValue
            case .string:
                if bytes != nil { throw ConfigError(.syntax, "cannot mix bytes and nonbytes literals", at: t.location) }
                sawStr = true
                parts.append(.literal(t.text))
            default:
                if bytes != nil { throw ConfigError(.syntax, "cannot mix bytes and nonbytes literals", at: t.location) }
                sawStr = true
                sawF = true
                parts.append(contentsOf: try FStringParser.parse(t.text, raw: t.isRaw, at: t.location, file: file))
            }
        }
        if let bytes { return Expr(.literal(.bytes(bytes)), loc) }
        if !sawF {
            var s = ""
            for case .literal(let x) in parts { s += x }
            return Expr(.literal(.str(s)), loc)
        }
        return Expr(.fstring(parts), loc)
    }
}
