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
