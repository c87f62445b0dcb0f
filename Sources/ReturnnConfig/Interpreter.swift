import Foundation

/// One function-local (or comprehension) scope; `parent` is the enclosing scope (nil: globals).
final class Scope {
    var vars: [String: ConfigValue] = [:]
    let parent: Scope?
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []
    init(parent: Scope?) { self.parent = parent }
}

/// Control flow outcome of executing a statement.
enum Flow {
    case normal, breakLoop, continueLoop
    case returnValue(ConfigValue)
}

/// Tree-walking evaluator of the config language over a global namespace, with resource
/// limits (call depth, loop iterations, sequence sizes) so that no config can hang or crash it.
final class Interpreter {
    let globals: ConfigNamespace
    let environment: ConfigEnvironment
    var builtins: [String: ConfigValue] = [:]
    var callDepth = 0
    var steps = 0
    /// The `config` object of the store, if any (for `import returnn.config` style access).
    var configObject: ConfigValue?
    /// Imported native modules, so that `os` is the same object everywhere.
    var modules: [String: ConfigValue] = [:]
    /// Whether evaluation currently runs on a `LargeStack` thread.
    var onLargeStack = false

    /// Maximum nesting of config function calls.
    static let maxCallDepth = 100
    /// Maximum loop iterations plus function calls over one evaluation.
    static let maxSteps = 1_000_000

    init(globals: ConfigNamespace, environment: ConfigEnvironment) {
        self.globals = globals
        self.environment = environment
        self.builtins = Builtins.make(self)
    }

    func step(_ loc: SourceLocation) throws {
        steps += 1
        if steps > Interpreter.maxSteps {
            throw ConfigError(.limit, "the config runs too long (more than \(Interpreter.maxSteps) loop iterations and calls); configs must be cheap to evaluate", at: loc)
        }
    }

    // MARK: names

    func lookup(_ name: String, _ scope: Scope?, at loc: SourceLocation) throws -> ConfigValue {
        var s = scope
        while let sc = s {
            if let v = sc.vars[name] { return v }
            s = sc.parent
        }
        if let v = globals[name] { return v }
        if let v = builtins[name] { return v }
        var candidates = globals.names + Array(builtins.keys)
        var sc = scope
        while let c = sc { candidates += c.vars.keys; sc = c.parent }
        var msg = "name '\(name)' is not defined"
        if Builtins.refused.contains(name) {
            msg += "; '\(name)' is not available in configs (a config can read no file, start no process and reach no network)"
        } else if let s = EditDistance.closest(to: name, in: candidates) {
            msg += "; did you mean '\(s)'?"
        }
        throw ConfigError(.name, msg, at: loc)
    }

    func store(_ name: String, _ value: ConfigValue, _ scope: Scope?) {
        guard let sc = scope else { globals[name] = value; return }
        if sc.globalNames.contains(name) { globals[name] = value; return }
        if sc.nonlocalNames.contains(name) {
            var p = sc.parent
            while let q = p {
                if q.vars[name] != nil { q.vars[name] = value; return }
                p = q.parent
            }
        }
        sc.vars[name] = value
    }

    func delete(_ name: String, _ scope: Scope?, at loc: SourceLocation) throws {
        if let sc = scope, !sc.globalNames.contains(name) {
            guard sc.vars.removeValue(forKey: name) != nil else { throw ConfigError(.name, "name '\(name)' is not defined", at: loc) }
            return
        }
        guard globals.contains(name) else { throw ConfigError(.name, "name '\(name)' is not defined", at: loc) }
        globals[name] = nil
    }

    // MARK: statements

    func run(_ body: [Stmt]) throws {
        onLargeStack = true
        defer { onLargeStack = false }
        for s in body {
            switch try located(s.location, { try exec(s, nil) }) {
            case .normal: continue
            case .returnValue: throw ConfigError(.syntax, "'return' outside function", at: s.location)
            case .breakLoop, .continueLoop: throw ConfigError(.syntax, "'break' or 'continue' outside loop", at: s.location)
            }
        }
    }

    func execBlock(_ body: [Stmt], _ scope: Scope?) throws -> Flow {
        for s in body {
            let f = try located(s.location) { try exec(s, scope) }
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    func exec(_ s: Stmt, _ scope: Scope?) throws -> Flow {
        switch s.kind {
        case .expr(let e):
            _ = try eval(e, scope)
        case .assign(let targets, let valueExpr):
            let v = try eval(valueExpr, scope)
            for t in targets { try assign(t, v, scope) }
        case .annotated(let target, let valueExpr):
            if let valueExpr { try assign(target, try eval(valueExpr, scope), scope) }
        case .augAssign(let target, let op, let valueExpr):
            try augAssign(target, op, valueExpr, scope, at: s.location)
        case .if(let branches, let orelse):
            for (cond, body) in branches where try eval(cond, scope).isTruthy {
                return try execBlock(body, scope)
            }
            if let orelse { return try execBlock(orelse, scope) }
        case .for(let target, let iterExpr, let body, let orelse):
            let items = try located(s.location) { try Operators.iterate(try eval(iterExpr, scope)) }
            for item in items {
                try step(s.location)
                try assign(target, item, scope)
                switch try execBlock(body, scope) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                case .normal, .continueLoop: continue
                }
            }
            if let orelse { return try execBlock(orelse, scope) }
        case .while(let cond, let body, let orelse):
            while try eval(cond, scope).isTruthy {
                try step(s.location)
                switch try execBlock(body, scope) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                case .normal, .continueLoop: continue
                }
            }
            if let orelse { return try execBlock(orelse, scope) }
        case .def(let def):
            store(def.name, try makeFunction(def, scope), scope)
        case .return(let e):
            return .returnValue(try e.map { try eval($0, scope) } ?? ConfigValue(.none, at: s.location))
        case .pass: break
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .import(let mods):
            for (path, alias) in mods {
                let m = try NativeModules.importModule(path, self, at: s.location)
                if let alias { store(alias, m, scope) } else {
                    store(path[0], try NativeModules.importModule([path[0]], self, at: s.location), scope)
                }
            }
        case .fromImport(let path, let names):
            if path == ["__future__"] { break }
            let m = try NativeModules.importModule(path, self, at: s.location)
            guard case .module(let mod) = m.kind else { break }
            for (name, alias) in names {
                if name == "*" {
                    throw ConfigError(.unsupported, "'from \(path.joined(separator: ".")) import *' is not supported in configs; import the names you need", at: s.location)
                }
                if mod.typeName == NativeModules.unavailableTypeName {
                    store(alias ?? name, NativeModules.unavailableModule(mod.name + "." + name, module: mod.name, importedAt: s.location), scope)
                    continue
                }
                guard let v = try mod.attribute(name) else {
                    throw ConfigError(.unsupported, "cannot import name '\(name)' from '\(mod.name)': the config sandbox provides only \(mod.attributeNames.joined(separator: ", "))", at: s.location)
                }
                store(alias ?? name, v, scope)
            }
        case .global(let names):
            if let sc = scope { sc.globalNames.formUnion(names) }
        case .nonlocal(let names):
            guard let sc = scope else { throw ConfigError(.syntax, "nonlocal declaration not allowed at module level", at: s.location) }
            sc.nonlocalNames.formUnion(names)
        case .del(let targets):
            for t in targets { try delete(t, scope) }
        case .assert(let cond, let msg):
            if !(try eval(cond, scope).isTruthy) {
                let text = try msg.map { ValueFormatting.str(try eval($0, scope)) }
                throw ConfigError(.raised, "assertion failed in config" + (text.map { ": " + $0 } ?? ""), at: s.location)
            }
        case .raise(let e):
            let v = try e.map { try eval($0, scope) }
            throw ConfigError(.raised, "the config raised an error: " + (v.map { ValueFormatting.str($0) } ?? "(re-raise)"), at: s.location)
        }
        return .normal
    }

    func located<T>(_ loc: SourceLocation, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ConfigError { throw e.located(loc) }
    }

    func assign(_ target: Expr, _ value: ConfigValue, _ scope: Scope?) throws {
        switch target.kind {
        case .name(let n):
            store(n, value, scope)
        case .tuple(let targets), .list(let targets):
            let items = try located(target.location) { try Operators.iterate(value) }
            if let star = targets.firstIndex(where: { if case .starred = $0.kind { return true } else { return false } }) {
                let after = targets.count - star - 1
                guard items.count >= targets.count - 1 else {
                    throw ConfigError(.value, "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))", at: target.location)
                }
                for k in 0..<star { try assign(targets[k], items[k], scope) }
                guard case .starred(let inner) = targets[star].kind else { return }
                try assign(inner, .list(Array(items[star..<(items.count - after)]), at: value.location), scope)
                for k in 0..<after { try assign(targets[star + 1 + k], items[items.count - after + k], scope) }
                return
            }
            guard items.count == targets.count else {
                let msg = items.count > targets.count ? "too many values to unpack (expected \(targets.count))" : "not enough values to unpack (expected \(targets.count), got \(items.count))"
                throw ConfigError(.value, msg, at: target.location)
            }
            for (t, v) in zip(targets, items) { try assign(t, v, scope) }
        case .subscript(let containerExpr, let indexExpr):
            let c = try eval(containerExpr, scope)
            if case .slice(let lo, let hi, let st) = indexExpr.kind {
                let l = try lo.map { try eval($0, scope) } ?? .none
                let h = try hi.map { try eval($0, scope) } ?? .none
                let t = try st.map { try eval($0, scope) } ?? .none
                try located(target.location) { try Operators.setSlice(c, l, h, t, value) }
                return
            }
            let idx = try eval(indexExpr, scope)
            try located(target.location) { try Operators.setItem(c, idx, value) }
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            throw ConfigError(.unsupported, "cannot set attribute '\(name)' of a '\(obj.typeName)' value in a config (there are no objects with settable attributes in the sandbox)", at: target.location)
        case .starred:
            throw ConfigError(.syntax, "starred assignment target must be in a list or tuple", at: target.location)
        default:
            throw ConfigError(.syntax, "cannot assign to this expression", at: target.location)
        }
    }

    private func augAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ scope: Scope?, at loc: SourceLocation) throws {
        switch target.kind {
        case .name(let n):
            let old = try lookup(n, scope, at: target.location)
            let v = try eval(valueExpr, scope)
            store(n, try inPlace(op, old, v, at: loc), scope)
        case .subscript(let cExpr, let iExpr):
            let c = try eval(cExpr, scope)
            let idx = try eval(iExpr, scope)
            let old = try located(target.location) { try Operators.getItem(c, idx) }
            let v = try eval(valueExpr, scope)
            let nv = try inPlace(op, old, v, at: loc)
            try located(target.location) { try Operators.setItem(c, idx, nv) }
        default:
            throw ConfigError(.unsupported, "augmented assignment to an attribute is not supported in configs", at: target.location)
        }
    }

    /// `a op= b`: lists, dicts and sets are updated in place (aliases see it), as in Python.
    private func inPlace(_ op: BinaryOperator, _ a: ConfigValue, _ b: ConfigValue, at loc: SourceLocation) throws -> ConfigValue {
        return try located(loc) {
            switch (a.kind, op) {
            case (.list(let l), .add):
                l.items.append(contentsOf: try Operators.iterate(b))
                return a
            case (.dict(let d), .bitOr):
                guard case .dict(let o) = b.kind else { throw Operators.typeError("'|=' needs a dict on the right") }
                for (k, v) in zip(o.keys, o.values) { try d.set(k, v) }
                return a
            case (.set(let s), .bitOr):
                for v in try Operators.iterate(b) { try s.insert(v) }
                return a
            default:
                return try Operators.binary(op, a, b).at(loc)
            }
        }
    }

    private func delete(_ target: Expr, _ scope: Scope?) throws {
        switch target.kind {
        case .name(let n): try delete(n, scope, at: target.location)
        case .subscript(let cExpr, let iExpr):
            let c = try eval(cExpr, scope)
            if case .slice(let lo, let hi, let st) = iExpr.kind {
                let l = try lo.map { try eval($0, scope) } ?? .none
                let h = try hi.map { try eval($0, scope) } ?? .none
                let t = try st.map { try eval($0, scope) } ?? .none
                try located(target.location) { try Operators.delSlice(c, l, h, t) }
                return
            }
            let idx = try eval(iExpr, scope)
            try located(target.location) { try Operators.delItem(c, idx) }
        case .tuple(let ts), .list(let ts): for t in ts { try delete(t, scope) }
        default: throw ConfigError(.syntax, "cannot delete this expression", at: target.location)
        }
    }

    // MARK: functions

    func makeFunction(_ def: FunctionDefinition, _ scope: Scope?) throws -> ConfigValue {
        let defaults: [ConfigValue?] = try def.parameters.map { p in try p.defaultValue.map { try eval($0, scope) } }
        // The function keeps the interpreter (and so the config's globals) alive: the engine may
        // call it long after loading, and it must see the store's current values.
        let fn = ConfigFunction(name: def.name, isBuiltin: false, location: def.location) { args, kwargs in
            try self.callUser(def, defaults: defaults, closure: scope, args: args, kwargs: kwargs)
        }
        return ConfigValue(.function(fn), at: def.location)
    }

    func callUser(_ def: FunctionDefinition, defaults: [ConfigValue?], closure: Scope?, args: [ConfigValue], kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        if !onLargeStack {
            // Called by the engine after loading (e.g. get_network): give the call the same
            // stack room as loading had, and a fresh step budget.
            return try LargeStack.run {
                self.onLargeStack = true
                self.steps = 0
                defer { self.onLargeStack = false }
                return try self.callUser(def, defaults: defaults, closure: closure, args: args, kwargs: kwargs)
            }
        }
        try step(def.location)
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maxCallDepth {
            throw ConfigError(.limit, "maximum recursion depth (\(Interpreter.maxCallDepth) nested calls) exceeded in '\(def.name)'", at: def.location)
        }
        let scope = Scope(parent: closure)
        var bound = [Bool](repeating: false, count: def.parameters.count)
        var positional = 0
        var extra: [ConfigValue] = []
        for a in args {
            while positional < def.parameters.count && def.parameters[positional].kind != .normal {
                if def.parameters[positional].kind == .varArgs { break }
                positional += 1
            }
            if positional < def.parameters.count && def.parameters[positional].kind == .normal {
                scope.vars[def.parameters[positional].name] = a
                bound[positional] = true
                positional += 1
            } else if def.parameters.contains(where: { $0.kind == .varArgs }) {
                extra.append(a)
            } else {
                let n = def.parameters.filter { $0.kind == .normal }.count
                throw ConfigError(.type, "\(def.name)() takes \(n) positional argument\(n == 1 ? "" : "s") but \(args.count) were given")
            }
        }
        var kwExtra: ConfigDict?
        if def.parameters.contains(where: { $0.kind == .kwArgs }) { kwExtra = ConfigDict() }
        for (k, v) in kwargs {
            if let idx = def.parameters.firstIndex(where: { $0.name == k && ($0.kind == .normal || $0.kind == .keywordOnly) }) {
                if bound[idx] { throw ConfigError(.type, "\(def.name)() got multiple values for argument '\(k)'") }
                scope.vars[k] = v
                bound[idx] = true
            } else if let d = kwExtra {
                d.set(k, v)
            } else {
                var msg = "\(def.name)() got an unexpected keyword argument '\(k)'"
                if let s = EditDistance.closest(to: k, in: def.parameters.map { $0.name }) { msg += "; did you mean '\(s)'?" }
                throw ConfigError(.type, msg)
            }
        }
        for (idx, p) in def.parameters.enumerated() {
            switch p.kind {
            case .varArgs: scope.vars[p.name] = ConfigValue(.tuple(extra))
            case .kwArgs: scope.vars[p.name] = ConfigValue(.dict(kwExtra!))
            case .normal, .keywordOnly:
                if !bound[idx] {
                    guard let d = defaults[idx] else {
                        throw ConfigError(.type, "\(def.name)() missing required argument '\(p.name)'")
                    }
                    scope.vars[p.name] = d
                }
            }
        }
        if case .returnValue(let v) = try execBlock(def.body, scope) { return v }
        return ConfigValue(.none, at: def.location)
    }
}
