/// Statement parsing (blocks, compound and simple statements) of the config language.
extension Parser {
    mutating func statement() throws -> [Stmt] {
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
            case "class": return [try classDef()]
            case "try": return [try tryStatement()]
            case "with": return [try withStatement()]
            case "async":
                throw ConfigError(.unsupported, "async code is not supported in configs", at: loc)
            case "match" where peekTok().kind == .name || peekTok().kind == .string:
                if !peekTok().isOp("=") {
                    throw ConfigError(.unsupported, "'match' statements are not supported in configs; use if/elif/else", at: loc)
                }
            default: break
            }
        }
        if t.isOp("@") { return [try decorated()] }
        var stmts: [Stmt] = [try simpleStatement()]
        while acceptOp(";") {
            if cur.kind == .newline || cur.kind == .eof { break }
            stmts.append(try simpleStatement())
        }
        guard cur.kind == .newline || cur.kind == .eof else { throw unexpected("end of line") }
        if cur.kind == .newline { i += 1 }
        return stmts
    }

    mutating func ifStatement() throws -> Stmt {
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

    mutating func block() throws -> [Stmt] {
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

    /// `@decorator` lines, then a `def` or `class`.
    mutating func decorated() throws -> Stmt {
        let loc = cur.location
        var decorators: [Expr] = []
        while acceptOp("@") {
            decorators.append(try namedExprTest())
            guard cur.kind == .newline else { throw unexpected("end of line after the decorator") }
            i += 1
            while cur.kind == .newline { i += 1 }
        }
        let target: Stmt
        if cur.isName("def") { target = try functionDef() } else if cur.isName("class") { target = try classDef() } else {
            throw ConfigError(.syntax, "a decorator must be followed by 'def' or 'class'", at: cur.location)
        }
        return Stmt(.decorated(decorators, target), loc)
    }

    mutating func classDef() throws -> Stmt {
        let loc = cur.location
        i += 1
        let name = try identifier()
        var bases: [Expr] = []
        var keywords: [(String, Expr)] = []
        if acceptOp("(") {
            while !cur.isOp(")") {
                if cur.kind == .name && peekTok().isOp("=") {
                    let k = try identifier()
                    try expectOp("=")
                    keywords.append((k, try test()))
                } else {
                    bases.append(try test())
                }
                if !acceptOp(",") { break }
            }
            try expectOp(")")
        }
        let body = try block()
        return Stmt(.classDef(ClassDefinition(name: name, bases: bases, keywords: keywords, body: body, location: loc)), loc)
    }

    mutating func tryStatement() throws -> Stmt {
        let loc = cur.location
        i += 1
        let body = try block()
        var handlers: [ExceptHandler] = []
        var orelse: [Stmt]?
        var finalBody: [Stmt]?
        while cur.isName("except") {
            let hloc = cur.location
            i += 1
            if cur.isOp("*") { throw ConfigError(.unsupported, "'except*' (exception groups) is not supported in configs", at: cur.location) }
            var type: Expr?
            var name: String?
            if !cur.isOp(":") {
                type = try test()
                if acceptOp(",") {
                    // Python 2's `except E, e:` (old RETURNN configs)
                    name = try identifier()
                } else if acceptName("as") {
                    name = try identifier()
                }
            }
            if let previous = handlers.last, previous.type == nil {
                throw ConfigError(.syntax, "default 'except:' must be last", at: previous.location)
            }
            handlers.append(ExceptHandler(type: type, name: name, body: try block(), location: hloc))
        }
        if cur.isName("else") {
            guard !handlers.isEmpty else { throw ConfigError(.syntax, "'else' after 'try' needs an 'except' clause", at: cur.location) }
            i += 1
            orelse = try block()
        }
        if cur.isName("finally") {
            i += 1
            finalBody = try block()
        }
        if handlers.isEmpty && finalBody == nil {
            throw ConfigError(.syntax, "expected 'except' or 'finally' block", at: cur.location)
        }
        return Stmt(.try(body: body, handlers: handlers, orelse: orelse, finally: finalBody), loc)
    }

    mutating func withStatement() throws -> Stmt {
        let loc = cur.location
        i += 1
        var items: [(context: Expr, target: Expr?)] = []
        let parenthesized = cur.isOp("(") && Self.withHasParenthesizedItems(tokens, from: i)
        if parenthesized { i += 1 }
        repeat {
            if parenthesized && cur.isOp(")") { break }
            let ctx = try test()
            var target: Expr?
            if acceptName("as") {
                target = try starOr { try $0.expr() }
                try checkTarget(target!)
            }
            items.append((ctx, target))
        } while acceptOp(",")
        if parenthesized { try expectOp(")") }
        return Stmt(.with(items, try block()), loc)
    }

    /// Whether `with (` at `start` opens a parenthesised list of items (`with (a as x, b):`)
    /// rather than an expression in parentheses: the matching `)` is followed by `:`, and an `as`
    /// or a top-level comma occurs inside.
    static func withHasParenthesizedItems(_ tokens: [Token], from start: Int) -> Bool {
        var depth = 0
        var sawAsOrComma = false
        var k = start
        while k < tokens.count {
            let t = tokens[k]
            if t.isOp("(") || t.isOp("[") || t.isOp("{") { depth += 1 }
            if t.isOp(")") || t.isOp("]") || t.isOp("}") {
                depth -= 1
                if depth == 0 { return sawAsOrComma && k + 1 < tokens.count && tokens[k + 1].isOp(":") }
            }
            if depth == 1 && (t.isName("as") || t.isOp(",")) { sawAsOrComma = true }
            if t.kind == .newline || t.kind == .eof { return false }
            k += 1
        }
        return false
    }

    mutating func functionDef() throws -> Stmt {
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

    mutating func parameters(closing: String, allowAnnotations: Bool) throws -> [Parameter] {
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

    mutating func dottedName() throws -> [String] {
        var parts = [try identifier()]
        while acceptOp(".") { parts.append(try identifier()) }
        return parts
    }

    mutating func simpleStatement() throws -> Stmt {
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

    func checkTarget(_ e: Expr) throws {
        switch e.kind {
        case .name, .attribute, .subscript: return
        case .tuple(let xs), .list(let xs): for x in xs { try checkTarget(x) }
        case .starred(let x): try checkTarget(x)
        default:
            throw ConfigError(.syntax, "cannot assign to this expression; the left side of '=' must be a name, a subscript, an attribute or a tuple of those", at: e.location)
        }
    }

    mutating func targetList() throws -> Expr {
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

}
