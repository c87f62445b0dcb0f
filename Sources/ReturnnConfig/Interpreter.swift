import Foundation

/// One function-local, comprehension or class-body scope; `parent` is the enclosing scope (nil:
/// the module's globals).
final class Scope {
    var vars: [String: ConfigValue] = [:]
    let parent: Scope?
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []
    /// For a class body: the names in the order they were first assigned (the class dict's order).
    var classOrder: [String]?
    init(parent: Scope?, classBody: Bool = false) {
        self.parent = parent
        if classBody { classOrder = [] }
    }

    /// The scope functions defined here close over: class bodies are skipped, as in Python.
    var closureScope: Scope? {
        var s: Scope? = self
        while let c = s, c.classOrder != nil { s = c.parent }
        return s
    }
}

/// Control flow outcome of executing a statement.
enum Flow {
    case normal, breakLoop, continueLoop
    case returnValue(ConfigValue)
}

/// Tree-walking evaluator of the config language for one module (the config file or one of its
/// helper modules) over that module's global namespace. Everything shared between modules (the
/// builtins, imported modules, the call stack, resource limits) lives in the `ConfigRuntime`.
final class Interpreter {
    let globals: ConfigNamespace
    let runtime: ConfigRuntime
    /// The file the module came from (imports of helper modules search its directory first).
    let file: String

    /// Maximum nesting of config function calls.
    static let maxCallDepth = 100
    /// Maximum loop iterations plus function calls over one evaluation.
    static let maxSteps = 1_000_000

    init(globals: ConfigNamespace, runtime: ConfigRuntime, file: String) {
        self.globals = globals
        self.runtime = runtime
        self.file = file
    }

    var environment: ConfigEnvironment { runtime.environment }

    func step(_ loc: SourceLocation) throws {
        runtime.steps += 1
        if runtime.steps > Interpreter.maxSteps {
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
        if let v = runtime.builtins[name] { return v }
        var candidates = globals.names + Array(runtime.builtins.keys)
        var sc = scope
        while let c = sc { candidates += c.vars.keys; sc = c.parent }
        var msg = "name '\(name)' is not defined"
        if let why = Builtins.refused[name] {
            msg += "; '\(name)' is not available in configs: \(why)"
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
        if sc.classOrder != nil, sc.vars[name] == nil { sc.classOrder!.append(name) }
        sc.vars[name] = value
    }

    func delete(_ name: String, _ scope: Scope?, at loc: SourceLocation) throws {
        if let sc = scope, !sc.globalNames.contains(name) {
            guard sc.vars.removeValue(forKey: name) != nil else { throw ConfigError(.name, "name '\(name)' is not defined", at: loc) }
            sc.classOrder?.removeAll { $0 == name }
            return
        }
        guard globals.contains(name) else { throw ConfigError(.name, "name '\(name)' is not defined", at: loc) }
        globals[name] = nil
    }

    // MARK: statements

    /// Runs a module body at module level.
    func run(_ body: [Stmt]) throws {
        let wasOnLargeStack = runtime.onLargeStack
        runtime.onLargeStack = true
        defer { runtime.onLargeStack = wasOnLargeStack }
        try runtime.withFrame(.init(interpreter: self, scope: nil, function: nil)) {
            for s in body {
                switch try located(s.location, { try exec(s, nil) }) {
                case .normal: continue
                case .returnValue: throw ConfigError(.syntax, "'return' outside function", at: s.location)
                case .breakLoop, .continueLoop: throw ConfigError(.syntax, "'break' or 'continue' outside loop", at: s.location)
                }
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
        case .classDef(let def):
            store(def.name, try makeClass(def, scope), scope)
        case .decorated(let decorators, let target):
            try execDecorated(decorators, target, scope)
        case .try(let body, let handlers, let orelse, let finalBody):
            return try execTry(body, handlers, orelse, finalBody, scope)
        case .with(let items, let body):
            return try execWith(items[...], body, scope)
        case .return(let e):
            return .returnValue(try e.map { try eval($0, scope) } ?? ConfigValue(.none, at: s.location))
        case .pass: break
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .import(let mods):
            for (path, alias) in mods {
                let m = try ModuleImporter.importModule(path, from: self, at: s.location)
                if let alias { store(alias, m, scope) } else {
                    store(path[0], try ModuleImporter.importModule([path[0]], from: self, at: s.location), scope)
                }
            }
        case .fromImport(let path, let names):
            try execFromImport(path, names, scope, at: s.location)
        case .global(let names):
            if let sc = scope { sc.globalNames.formUnion(names) }
        case .nonlocal(let names):
            guard let sc = scope else { throw ConfigError(.syntax, "nonlocal declaration not allowed at module level", at: s.location) }
            sc.nonlocalNames.formUnion(names)
        case .del(let targets):
            for t in targets { try delete(t, scope) }
        case .assert(let cond, let msg):
            if !(try eval(cond, scope).isTruthy) {
                let args = try msg.map { [try eval($0, scope)] } ?? []
                let exc = runtime.classes.make("AssertionError", args: args)
                var e = ConfigError(.raised, "assertion failed in config" + (args.first.map { ": " + ValueFormatting.str($0) } ?? ""), at: s.location)
                e.raisedValue = RaisedValue(exc)
                throw e
            }
        case .raise(let e):
            try execRaise(e, scope, at: s.location)
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
            let idx = try evalIndex(indexExpr, scope)
            try located(target.location) { try Operators.setItem(c, idx, value) }
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            try located(target.location) { try runtime.setAttribute(obj, name, value) }
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
            let idx = try evalIndex(iExpr, scope)
            let old = try located(target.location) { try Operators.getItem(c, idx) }
            let v = try eval(valueExpr, scope)
            let nv = try inPlace(op, old, v, at: loc)
            try located(target.location) { try Operators.setItem(c, idx, nv) }
        case .attribute(let oExpr, let name):
            let obj = try eval(oExpr, scope)
            let old = try located(target.location) { try runtime.getAttribute(obj, name) }
            let v = try eval(valueExpr, scope)
            let nv = try inPlace(op, old, v, at: loc)
            try located(target.location) { try runtime.setAttribute(obj, name, nv) }
        default:
            throw ConfigError(.syntax, "illegal target for augmented assignment", at: target.location)
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
            case (.object(let arr as NumpyArray), _):
                try arr.updateInPlace(op, b)
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
        case .attribute(let oExpr, let name):
            let obj = try eval(oExpr, scope)
            try located(target.location) {
                guard case .object(let o) = obj.kind else { throw ConfigError(.type, "cannot delete attribute '\(name)' of a '\(obj.typeName)' value", pythonClass: "AttributeError") }
                try o.deleteAttribute(name)
            }
        case .tuple(let ts), .list(let ts): for t in ts { try delete(t, scope) }
        default: throw ConfigError(.syntax, "cannot delete this expression", at: target.location)
        }
    }

    // MARK: functions

    func makeFunction(_ def: FunctionDefinition, _ scope: Scope?) throws -> ConfigValue {
        let defaults: [ConfigValue?] = try def.parameters.map { p in try p.defaultValue.map { try eval($0, scope) } }
        let closure = scope?.closureScope
        let info = UserFunctionInfo(definition: def)
        // The function keeps the interpreter (and so the module's globals) alive: the engine may
        // call it long after loading, and it must see the store's current values.
        let fn = ConfigFunction(name: def.name, location: def.location, userInfo: info) { args, kwargs in
            try self.callUser(info, defaults: defaults, closure: closure, args: args, kwargs: kwargs)
        }
        return ConfigValue(.function(fn), at: def.location)
    }

    func callUser(_ info: UserFunctionInfo, defaults: [ConfigValue?], closure: Scope?, args: [ConfigValue], kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        let def = info.definition
        if !runtime.onLargeStack {
            // Called by the engine after loading (e.g. get_network): give the call the same
            // stack room as loading had, and a fresh step budget.
            return try LargeStack.run {
                self.runtime.onLargeStack = true
                self.runtime.steps = 0
                defer { self.runtime.onLargeStack = false }
                return try self.callUser(info, defaults: defaults, closure: closure, args: args, kwargs: kwargs)
            }
        }
        try step(def.location)
        runtime.callDepth += 1
        defer { runtime.callDepth -= 1 }
        if runtime.callDepth > Interpreter.maxCallDepth {
            throw ConfigError(.limit, "maximum recursion depth (\(Interpreter.maxCallDepth) nested calls) exceeded in '\(def.name)'", at: def.location)
        }
        let scope = Scope(parent: closure)
        try bindArguments(def, defaults: defaults, args: args, kwargs: kwargs, into: scope)
        let flow = try runtime.withFrame(.init(interpreter: self, scope: scope, function: info)) { try execBlock(def.body, scope) }
        if case .returnValue(let v) = flow { return v }
        return ConfigValue(.none, at: def.location)
    }

    private func bindArguments(_ def: FunctionDefinition, defaults: [ConfigValue?], args: [ConfigValue], kwargs: [(String, ConfigValue)], into scope: Scope) throws {
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
    }
}
