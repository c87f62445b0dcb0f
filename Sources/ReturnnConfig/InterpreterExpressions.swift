import Foundation

/// Expression evaluation of the interpreter.
extension Interpreter {
    func eval(_ e: Expr, _ scope: Scope?) throws -> ConfigValue {
        let loc = e.location
        switch e.kind {
        case .literal(let lit):
            switch lit {
            case .none: return ConfigValue(.none, at: loc)
            case .bool(let b): return ConfigValue(.bool(b), at: loc)
            case .int(let i): return ConfigValue(.int(i), at: loc)
            case .float(let d): return ConfigValue(.float(d), at: loc)
            case .str(let s): return ConfigValue(.str(s), at: loc)
            case .bytes(let b): return ConfigValue(.bytes(b), at: loc)
            }
        case .name(let n):
            return try lookup(n, scope, at: loc)
        case .tuple(let items):
            return ConfigValue(.tuple(try evalItems(items, scope)), at: loc)
        case .list(let items):
            return .list(try evalItems(items, scope), at: loc)
        case .set(let items):
            let s = ConfigSet()
            for v in try evalItems(items, scope) { try located(loc) { try s.insert(v) } }
            return ConfigValue(.set(s), at: loc)
        case .dict(let items):
            let d = ConfigDict()
            for item in items {
                switch item {
                case .pair(let k, let v):
                    let kv = try eval(k, scope)
                    let vv = try eval(v, scope)
                    try located(k.location) { try d.set(kv, vv) }
                case .unpack(let x):
                    let o = try eval(x, scope)
                    guard case .dict(let od) = o.kind else {
                        throw ConfigError(.type, "'\(o.typeName)' object is not a mapping (** needs a dict)", at: x.location)
                    }
                    for (k, v) in zip(od.keys, od.values) { try d.set(k, v) }
                }
            }
            return ConfigValue(.dict(d), at: loc)
        case .starred:
            throw ConfigError(.syntax, "can't use starred expression here", at: loc)
        case .unary(let op, let x):
            let v = try eval(x, scope)
            if op != .not, case .object(let o) = v.kind {
                guard let r = try located(loc, { try o.unary(op) }) else {
                    throw ConfigError(.type, "bad operand type for unary \(op.rawValue): '\(v.typeName)'", at: loc)
                }
                return r
            }
            switch op {
            case .not: return ConfigValue(.bool(!v.isTruthy), at: loc)
            case .neg:
                switch v.kind {
                case .int(let i):
                    if i == Int.min { throw ConfigError(.value, "integer overflow in unary '-'", at: loc) }
                    return ConfigValue(.int(-i), at: loc)
                case .bool(let b): return ConfigValue(.int(b ? -1 : 0), at: loc)
                case .float(let d): return ConfigValue(.float(-d), at: loc)
                default: throw ConfigError(.type, "bad operand type for unary -: '\(v.typeName)'", at: loc)
                }
            case .pos:
                switch v.kind {
                case .int, .float: return v.at(loc)
                case .bool(let b): return ConfigValue(.int(b ? 1 : 0), at: loc)
                default: throw ConfigError(.type, "bad operand type for unary +: '\(v.typeName)'", at: loc)
                }
            case .invert:
                guard let i = v.intValue else { throw ConfigError(.type, "bad operand type for unary ~: '\(v.typeName)'", at: loc) }
                return ConfigValue(.int(~i), at: loc)
            }
        case .binary(let op, let a, let b):
            let x = try eval(a, scope)
            let y = try eval(b, scope)
            return try located(loc) { try Operators.binary(op, x, y) }.at(loc)
        case .and(let items):
            var v = ConfigValue(.none, at: loc)
            for x in items {
                v = try eval(x, scope)
                if !v.isTruthy { return v }
            }
            return v
        case .or(let items):
            var v = ConfigValue(.none, at: loc)
            for x in items {
                v = try eval(x, scope)
                if v.isTruthy { return v }
            }
            return v
        case .compare(let first, let rest):
            var left = try eval(first, scope)
            var result = ConfigValue(.bool(true), at: loc)
            for (op, rexpr) in rest {
                let right = try eval(rexpr, scope)
                result = try located(rexpr.location) { try Operators.compareValue(op, left, right) }
                if !result.isTruthy { return result.at(loc) }
                left = right
            }
            return result.at(loc)
        case .conditional(let cond, let then, let otherwise):
            return try eval(cond, scope).isTruthy ? try eval(then, scope) : try eval(otherwise, scope)
        case .call(let fExpr, let argExprs):
            let f = try eval(fExpr, scope)
            var args: [ConfigValue] = []
            var kwargs: [(String, ConfigValue)] = []
            for a in argExprs {
                switch a {
                case .positional(let x): args.append(try eval(x, scope))
                case .keyword(let k, let x): kwargs.append((k, try eval(x, scope)))
                case .star(let x):
                    let v = try eval(x, scope)
                    args.append(contentsOf: try located(x.location) { try Operators.iterate(v) })
                case .doubleStar(let x):
                    let v = try eval(x, scope)
                    guard case .dict(let d) = v.kind else {
                        throw ConfigError(.type, "argument after ** must be a dict, not \(v.typeName)", at: x.location)
                    }
                    for (k, val) in zip(d.keys, d.values) {
                        guard let ks = k.stringValue else { throw ConfigError(.type, "keywords must be strings", at: x.location) }
                        kwargs.append((ks, val))
                    }
                }
            }
            return try runtime.call(f, args, kwargs, at: loc)
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            return try located(loc) { try runtime.getAttribute(obj, name) }
        case .subscript(let cExpr, let iExpr):
            let c = try eval(cExpr, scope)
            if case .slice(let lo, let hi, let st) = iExpr.kind {
                let l = try lo.map { try eval($0, scope) } ?? .none
                let h = try hi.map { try eval($0, scope) } ?? .none
                let t = try st.map { try eval($0, scope) } ?? .none
                return try located(loc) { try Operators.getSlice(c, l, h, t) }.at(loc)
            }
            let idx = try evalIndex(iExpr, scope)
            return try located(loc) { try Operators.getItem(c, idx) }
        case .slice:
            throw ConfigError(.unsupported, "slice objects outside of subscripts are not supported", at: loc)
        case .lambda(let def):
            return try makeFunction(def, scope)
        case .listComprehension(let elt, let clauses):
            var out: [ConfigValue] = []
            try comprehension(clauses, 0, Scope(parent: scope), at: loc) { s in out.append(try self.eval(elt, s)) }
            return .list(out, at: loc)
        case .setComprehension(let elt, let clauses):
            let set = ConfigSet()
            try comprehension(clauses, 0, Scope(parent: scope), at: loc) { s in
                let v = try self.eval(elt, s)
                try self.located(loc) { try set.insert(v) }
            }
            return ConfigValue(.set(set), at: loc)
        case .dictComprehension(let k, let v, let clauses):
            let d = ConfigDict()
            try comprehension(clauses, 0, Scope(parent: scope), at: loc) { s in
                let kv = try self.eval(k, s)
                let vv = try self.eval(v, s)
                try self.located(loc) { try d.set(kv, vv) }
            }
            return ConfigValue(.dict(d), at: loc)
        case .fstring(let parts):
            return ConfigValue(.str(try fstring(parts, scope)), at: loc)
        case .namedExpr(let name, let x):
            let v = try eval(x, scope)
            store(name, v, scope)
            return v
        }
    }

    private func evalItems(_ items: [Expr], _ scope: Scope?) throws -> [ConfigValue] {
        var out: [ConfigValue] = []
        out.reserveCapacity(items.count)
        for x in items {
            if case .starred(let inner) = x.kind {
                let v = try eval(inner, scope)
                out.append(contentsOf: try located(x.location) { try Operators.iterate(v) })
            } else {
                out.append(try eval(x, scope))
            }
        }
        return out
    }

    private func comprehension(_ clauses: [ComprehensionClause], _ k: Int, _ scope: Scope, at loc: SourceLocation, _ body: (Scope) throws -> Void) throws {
        if k == clauses.count { try body(scope); return }
        let c = clauses[k]
        let iterable = try eval(c.iterable, k == 0 ? scope.parent : scope)
        for item in try located(c.iterable.location, { try Operators.iterate(iterable) }) {
            try step(loc)
            try assign(c.target, item, scope)
            var ok = true
            for cond in c.conditions where !(try eval(cond, scope).isTruthy) { ok = false; break }
            if ok { try comprehension(clauses, k + 1, scope, at: loc, body) }
        }
    }

    private func fstring(_ parts: [FStringPart], _ scope: Scope?) throws -> String {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .expr(let e, let conv, let spec, let selfDoc):
                var v = try eval(e, scope)
                if let selfDoc { out += selfDoc }
                if conv == "r" || conv == "a" { v = .str(ValueFormatting.repr(v)) } else if conv == "s" { v = .str(ValueFormatting.str(v)) }
                let specText = try spec.map { try fstring($0, scope) } ?? ""
                out += try located(e.location) { try ValueFormatting.format(v, spec: specText) }
            }
        }
        return out
    }

}

extension Operators {
    /// The operator with its operands swapped (`a < b` is `b > a`).
    static func mirrored(_ op: CompareOperator) -> CompareOperator {
        switch op {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return op
        }
    }

    /// `a op b` as a value: objects may return anything (numpy compares element-wise); all other
    /// values give a bool.
    static func compareValue(_ op: CompareOperator, _ a: ConfigValue, _ b: ConfigValue) throws -> ConfigValue {
        if op != .is && op != .isNot && op != .in && op != .notIn {
            if case .object(let o) = a.kind, let r = try o.richCompare(op, b) { return r }
            if case .object(let o) = b.kind, let r = try o.richCompare(mirrored(op), a) { return r }
        }
        return .bool(try compare(op, a, b))
    }

    /// `a op b` for the comparison operators, as a bool.
    static func compare(_ op: CompareOperator, _ a: ConfigValue, _ b: ConfigValue) throws -> Bool {
        switch op {
        case .eq: return try equalsThrowing(a, b)
        case .ne: return !(try equalsThrowing(a, b))
        case .is: return identical(a, b)
        case .isNot: return !identical(a, b)
        case .in: return try contains(b, a)
        case .notIn: return !(try contains(b, a))
        case .lt, .le, .gt, .ge:
            if case .object = a.kind {} else if case .object = b.kind {} else if case .dict = a.kind {} else if equals(a, b), op == .le || op == .ge {
                return true
            }
            if case .object(let o) = a.kind, let r = try o.richCompare(op, b) { return r.isTruthy }
            if case .object(let o) = b.kind, let r = try o.richCompare(mirrored(op), a) { return r.isTruthy }
            let c = try compare(a, b)
            if c == 2 { return false }
            switch op {
            case .lt: return c < 0
            case .le: return c <= 0
            case .gt: return c > 0
            default: return c >= 0
            }
        }
    }
}

extension Interpreter {
    /// The index of a subscript: a tuple of indices may hold slices (`a[1:3, 0]`, numpy), which
    /// become `slice` objects; any other index is evaluated as an expression.
    func evalIndex(_ e: Expr, _ scope: Scope?) throws -> ConfigValue {
        guard case .tuple(let items) = e.kind, items.contains(where: { if case .slice = $0.kind { return true } else { return false } }) else {
            return try eval(e, scope)
        }
        var out: [ConfigValue] = []
        for item in items {
            if case .slice(let lo, let hi, let st) = item.kind {
                let l = try lo.map { try eval($0, scope) } ?? .none
                let h = try hi.map { try eval($0, scope) } ?? .none
                let t = try st.map { try eval($0, scope) } ?? .none
                out.append(ConfigValue(.object(ConfigSlice(l, h, t)), at: item.location))
            } else {
                out.append(try eval(item, scope))
            }
        }
        return ConfigValue(.tuple(out), at: e.location)
    }
}
