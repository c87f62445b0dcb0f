/// Recursive-descent parser from tokens to the statement/expression tree, following Python's
/// grammar for the supported subset. Unsupported constructs fail with a located explanation.
struct Parser {
    private let tokens: [Token]
    private var i = 0
    private var nesting = 0
    private let file: String

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
        var toks = try Lexer.tokenize(text, file: file)
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

    private var cur: Token { tokens[i] }
    private func peekTok(_ n: Int = 1) -> Token { tokens[min(i + n, tokens.count - 1)] }

    private func unexpected(_ what: String) -> ConfigError {
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

    private mutating func expectOp(_ s: String) throws {
        guard cur.isOp(s) else { throw unexpected("'\(s)'") }
        i += 1
    }

    private mutating func acceptOp(_ s: String) -> Bool {
        if cur.isOp(s) { i += 1; return true }
        return false
    }

    private mutating func acceptName(_ s: String) -> Bool {
        if cur.isName(s) { i += 1; return true }
        return false
    }

    private mutating func identifier() throws -> String {
        guard cur.kind == .name, !Lexer.keywords.contains(cur.text) else { throw unexpected("a name") }
        defer { i += 1 }
        return cur.text
    }

    private mutating func enter() throws {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw ConfigError(.limit, "expression or block nested too deeply (more than \(Parser.maxNesting) levels); flatten the config", at: cur.location)
        }
    }

    // MARK: statements

    private mutating func statement() throws -> [Stmt] {
        try enter()
        defer { nesting -= 1 }
        let t = cur
        let loc = t.location
        if t.kind == .indent { throw ConfigError(.syntax, "unexpected indent", at: loc) }
        if t.kind == .name {
            switch t.text {
            case "if": return [try ifStatement()]
            case "for":
                i += 1
                let target = try targetList()
                guard acceptName("in") else { throw unexpected("'in'") }
                let iter = try testListStarExpr()
                let body = try block()
                var orelse: [Stmt]?
                if cur.isName("else") { i += 1; orelse = try block() }
                return [Stmt(.for(target, iter, body, orelse), loc)]
            case "while":
                i += 1
                let cond = try namedExprTest()
                let body = try block()
                var orelse: [Stmt]?
                if cur.isName("else") { i += 1; orelse = try block() }
                return [Stmt(.while(cond, body, orelse), loc)]
            case "def": return [try functionDef()]
            case "class":
                throw ConfigError(.unsupported, "class definitions are not supported in configs (swift-returnn evaluates a sandboxed Python subset); use dicts and functions instead", at: loc)
            case "try":
                throw ConfigError(.unsupported, "'try' statements are not supported in configs; the sandboxed config language has no exceptions to catch", at: loc)
            case "with":
                throw ConfigError(.unsupported, "'with' statements are not supported in configs (no files or context managers in the sandbox)", at: loc)
            case "async":
                throw ConfigError(.unsupported, "async code is not supported in configs", at: loc)
            case "match" where peekTok().kind == .name || peekTok().kind == .string:
                if !peekTok().isOp("=") {
                    throw ConfigError(.unsupported, "'match' statements are not supported in configs; use if/elif/else", at: loc)
                }
            default: break
            }
        }
        if t.isOp("@") {
            throw ConfigError(.unsupported, "decorators are not supported in configs; call the function explicitly", at: loc)
        }
        var stmts: [Stmt] = [try simpleStatement()]
        while acceptOp(";") {
            if cur.kind == .newline || cur.kind == .eof { break }
            stmts.append(try simpleStatement())
        }
        guard cur.kind == .newline || cur.kind == .eof else { throw unexpected("end of line") }
        if cur.kind == .newline { i += 1 }
        return stmts
    }

    private mutating func ifStatement() throws -> Stmt {
        let loc = cur.location
        i += 1
        var branches: [(Expr, [Stmt])] = []
        let cond = try namedExprTest()
        branches.append((cond, try block()))
        var orelse: [Stmt]?
        while true {
            if cur.isName("elif") {
                i += 1
                let c = try namedExprTest()
                branches.append((c, try block()))
            } else if cur.isName("else") {
                i += 1
                orelse = try block()
                break
            } else {
                break
            }
        }
        return Stmt(.if(branches, orelse), loc)
    }

    private mutating func block() throws -> [Stmt] {
        try expectOp(":")
        if cur.kind != .newline {
            var stmts: [Stmt] = [try simpleStatement()]
            while acceptOp(";") {
                if cur.kind == .newline || cur.kind == .eof { break }
                stmts.append(try simpleStatement())
            }
            guard cur.kind == .newline || cur.kind == .eof else { throw unexpected("end of line") }
            if cur.kind == .newline { i += 1 }
            return stmts
        }
        i += 1
        guard cur.kind == .indent else {
            throw ConfigError(.syntax, "expected an indented block", at: cur.location)
        }
        i += 1
        var body: [Stmt] = []
        while cur.kind != .dedent && cur.kind != .eof {
            if cur.kind == .newline { i += 1; continue }
            body.append(contentsOf: try statement())
        }
        if cur.kind == .dedent { i += 1 }
        return body
    }

    private mutating func functionDef() throws -> Stmt {
        let loc = cur.location
        i += 1
        let name = try identifier()
        try expectOp("(")
        let params = try parameters(closing: ")", allowAnnotations: true)
        try expectOp(")")
        if acceptOp("->") { _ = try test() }
        let body = try block()
        var doc: String?
        if let first = body.first, case .expr(let e) = first.kind, case .literal(.str(let s)) = e.kind { doc = s }
        return Stmt(.def(FunctionDefinition(name: name, parameters: params, body: body, location: loc, docstring: doc)), loc)
    }

    private mutating func parameters(closing: String, allowAnnotations: Bool) throws -> [Parameter] {
        var params: [Parameter] = []
        var keywordOnly = false
        var seenDefault = false
        while !cur.isOp(closing) {
            if acceptOp("/") {
                // positional-only marker: all parameters stay positional-or-keyword here
            } else if acceptOp("**") {
                let n = try identifier()
                if allowAnnotations && acceptOp(":") { _ = try test() }
                params.append(Parameter(name: n, kind: .kwArgs, defaultValue: nil))
            } else if acceptOp("*") {
                keywordOnly = true
                if cur.kind == .name {
                    let n = try identifier()
                    if allowAnnotations && acceptOp(":") { _ = try test() }
                    params.append(Parameter(name: n, kind: .varArgs, defaultValue: nil))
                }
            } else {
                let ploc = cur.location
                let n = try identifier()
                if allowAnnotations && acceptOp(":") { _ = try test() }
                var def: Expr?
                if acceptOp("=") { def = try test(); seenDefault = true } else if seenDefault && !keywordOnly {
                    throw ConfigError(.syntax, "non-default argument '\(n)' follows default argument", at: ploc)
                }
                if params.contains(where: { $0.name == n }) {
                    throw ConfigError(.syntax, "duplicate argument '\(n)' in function definition", at: ploc)
                }
                params.append(Parameter(name: n, kind: keywordOnly ? .keywordOnly : .normal, defaultValue: def))
            }
            if !acceptOp(",") { break }
        }
        return params
    }

    private mutating func dottedName() throws -> [String] {
        var parts = [try identifier()]
        while acceptOp(".") { parts.append(try identifier()) }
        return parts
    }

    private mutating func simpleStatement() throws -> Stmt {
        let t = cur
        let loc = t.location
        if t.kind == .name {
            switch t.text {
            case "pass": i += 1; return Stmt(.pass, loc)
            case "break": i += 1; return Stmt(.break, loc)
            case "continue": i += 1; return Stmt(.continue, loc)
            case "return":
                i += 1
                if cur.kind == .newline || cur.isOp(";") || cur.kind == .eof { return Stmt(.return(nil), loc) }
                return Stmt(.return(try testListStarExpr()), loc)
            case "import":
                i += 1
                var mods: [(module: [String], alias: String?)] = []
                repeat {
                    let m = try dottedName()
                    var alias: String?
                    if acceptName("as") { alias = try identifier() }
                    mods.append((m, alias))
                } while acceptOp(",")
                return Stmt(.import(mods), loc)
            case "from":
                i += 1
                if cur.isOp(".") {
                    throw ConfigError(.unsupported, "relative imports are not supported in configs", at: cur.location)
                }
                let m = try dottedName()
                guard acceptName("import") else { throw unexpected("'import'") }
                var names: [(name: String, alias: String?)] = []
                if acceptOp("*") {
                    names.append(("*", nil))
                } else {
                    let paren = acceptOp("(")
                    repeat {
                        if paren && cur.isOp(")") { break }
                        let n = try identifier()
                        var alias: String?
                        if acceptName("as") { alias = try identifier() }
                        names.append((n, alias))
                    } while acceptOp(",")
                    if paren { try expectOp(")") }
                }
                return Stmt(.fromImport(module: m, names: names), loc)
            case "global", "nonlocal":
                i += 1
                var names = [try identifier()]
                while acceptOp(",") { names.append(try identifier()) }
                return Stmt(t.text == "global" ? .global(names) : .nonlocal(names), loc)
            case "del":
                i += 1
                var targets = [try expr()]
                while acceptOp(",") {
                    if cur.kind == .newline { break }
                    targets.append(try expr())
                }
                return Stmt(.del(targets), loc)
            case "assert":
                i += 1
                let c = try test()
                var msg: Expr?
                if acceptOp(",") { msg = try test() }
                return Stmt(.assert(c, msg), loc)
            case "raise":
                i += 1
                if cur.kind == .newline || cur.kind == .eof { return Stmt(.raise(nil), loc) }
                let e = try test()
                if acceptName("from") { _ = try test() }
                return Stmt(.raise(e), loc)
            case "yield":
                throw ConfigError(.unsupported, "generators ('yield') are not supported in configs; return a list instead", at: loc)
            case "async", "await":
                throw ConfigError(.unsupported, "async code is not supported in configs", at: loc)
            default: break
            }
        }
        let first = try testListStarExpr()
        if cur.isOp("=") {
            var targets = [first]
            var value: Expr = first
            while acceptOp("=") {
                value = try testListStarExpr()
                targets.append(value)
            }
            targets.removeLast()
            for tgt in targets { try checkTarget(tgt) }
            return Stmt(.assign(targets, value), loc)
        }
        if cur.kind == .op, cur.text.count >= 2, cur.text.hasSuffix("="), !["==", "!=", "<=", ">="].contains(cur.text) {
            let opText = String(cur.text.dropLast())
            guard let op = BinaryOperator(rawValue: opText) else { throw unexpected("an operator") }
            i += 1
            switch first.kind {
            case .name, .attribute, .subscript: break
            default: throw ConfigError(.syntax, "illegal target for augmented assignment", at: first.location)
            }
            let value = try testListStarExpr()
            return Stmt(.augAssign(first, op, value), loc)
        }
        if acceptOp(":") {
            try checkTarget(first)
            _ = try test()
            var value: Expr?
            if acceptOp("=") { value = try testListStarExpr() }
            return Stmt(.annotated(first, value), loc)
        }
        return Stmt(.expr(first), loc)
    }

    private func checkTarget(_ e: Expr) throws {
        switch e.kind {
        case .name, .attribute, .subscript: return
        case .tuple(let xs), .list(let xs): for x in xs { try checkTarget(x) }
        case .starred(let x): try checkTarget(x)
        default:
            throw ConfigError(.syntax, "cannot assign to this expression; the left side of '=' must be a name, a subscript, an attribute or a tuple of those", at: e.location)
        }
    }

    private mutating func targetList() throws -> Expr {
        let loc = cur.location
        var items = [try starOr { try $0.expr() }]
        var trailing = false
        while acceptOp(",") {
            trailing = true
            if cur.isName("in") || cur.isOp("=") { break }
            items.append(try starOr { try $0.expr() })
            trailing = false
        }
        let e = items.count == 1 && !trailing ? items[0] : Expr(.tuple(items), loc)
        try checkTarget(e)
        return e
    }

    // MARK: expressions

    private mutating func starOr(_ f: (inout Parser) throws -> Expr) throws -> Expr {
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

    private static let exprEndOps: Set<String> = [
        ")", "]", "}", "=", ":", ";", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@=",
    ]

    private func isExprEnd() -> Bool {
        let t = cur
        if t.kind == .newline || t.kind == .eof { return true }
        if t.kind == .op { return Parser.exprEndOps.contains(t.text) }
        return false
    }

    private mutating func namedExprTest() throws -> Expr {
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

    private mutating func testNoCond() throws -> Expr {
        if cur.isName("lambda") { return try lambda() }
        return try orTest()
    }

    private mutating func lambda() throws -> Expr {
        let loc = cur.location
        i += 1
        let params = try parameters(closing: ":", allowAnnotations: false)
        try expectOp(":")
        let body = try test()
        let def = FunctionDefinition(name: "<lambda>", parameters: params, body: [Stmt(.return(body), body.location)], location: loc, docstring: nil)
        return Expr(.lambda(def), loc)
    }

    private mutating func orTest() throws -> Expr {
        let loc = cur.location
        let first = try andTest()
        guard cur.isName("or") else { return first }
        var items = [first]
        while acceptName("or") { items.append(try andTest()) }
        return Expr(.or(items), loc)
    }

    private mutating func andTest() throws -> Expr {
        let loc = cur.location
        let first = try notTest()
        guard cur.isName("and") else { return first }
        var items = [first]
        while acceptName("and") { items.append(try notTest()) }
        return Expr(.and(items), loc)
    }

    private mutating func notTest() throws -> Expr {
        if cur.isName("not") {
            let loc = cur.location
            i += 1
            try enter()
            defer { nesting -= 1 }
            return Expr(.unary(.not, try notTest()), loc)
        }
        return try comparison()
    }

    private mutating func comparison() throws -> Expr {
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
    private static let levels: [[String]] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]]

    private mutating func binaryLevel(_ level: Int) throws -> Expr {
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

    private mutating func factor() throws -> Expr {
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

    private static func unaryOperator(_ s: String) -> UnaryOperator? {
        switch s {
        case "-": return .neg
        case "+": return .pos
        case "~": return .invert
        default: return nil
        }
    }

    private mutating func power() throws -> Expr {
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

    private mutating func atomExpr() throws -> Expr {
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

    private mutating func callArguments() throws -> [CallArgument] {
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

    private mutating func subscriptList() throws -> Expr {
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

    private mutating func subscriptItem() throws -> Expr {
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

    private mutating func comprehensionClauses() throws -> [ComprehensionClause] {
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

    private mutating func atom() throws -> Expr {
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

    private mutating func dictOrSet(_ loc: SourceLocation) throws -> Expr {
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

    private mutating func dictRest(_ items: inout [DictItem]) throws {
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
    private mutating func strings() throws -> Expr {
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
