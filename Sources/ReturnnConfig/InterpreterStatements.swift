/// The compound statements beyond control flow: `class`, decorators, `try`, `with`, `raise`,
/// `from ... import ...`.
extension Interpreter {
    // MARK: class

    /// Runs a class body and creates the class: bases must be classes of the config or built-in
    /// classes (`object`, exceptions).
    func makeClass(_ def: ClassDefinition, _ scope: Scope?) throws -> ConfigValue {
        var bases: [ConfigClass] = []
        for b in def.bases {
            let v = try eval(b, scope)
            if case .object(let c as ConfigClass) = v.kind { bases.append(c); continue }
            if case .function(let f) = v.kind, f.typeTag == "object" { bases.append(runtime.classes.object); continue }
            if case .module(let m) = v.kind, m.typeName == NativeModules.unavailableTypeName {
                // A class of a module the sandbox lacks (a custom TF layer's base): a stand-in.
                let short = String(m.name.split(separator: ".").last ?? Substring(m.name))
                let module = m.name.split(separator: ".").dropLast().joined(separator: ".")
                bases.append(try located(b.location) {
                    try ConfigClass(name: short, module: module, bases: [runtime.classes.object], namespace: ConfigDict(),
                                    isBuiltin: true, externalName: m.name)
                })
                continue
            }
            let what = v.typeName == "module" ? "a module" : "a '\(v.typeName)' value"
            throw ConfigError(.unsupported, "class '\(def.name)': a base class must be a class defined in the config (or object, or an exception class), not \(what)", at: b.location)
        }
        for (k, _) in def.keywords where k != "metaclass" {
            throw ConfigError(.unsupported, "class '\(def.name)': keyword '\(k)' in the class statement is not supported", at: def.location)
        }
        if def.keywords.contains(where: { $0.0 == "metaclass" }) {
            throw ConfigError(.unsupported, "class '\(def.name)': metaclasses are not supported in configs", at: def.location)
        }
        let body = Scope(parent: scope, classBody: true)
        body.vars["__module__"] = .str(globals["__name__"]?.stringValue ?? "__main__")
        body.vars["__qualname__"] = .str(def.name)
        if let first = def.body.first, case .expr(let e) = first.kind, case .literal(.str(let doc)) = e.kind {
            body.vars["__doc__"] = .str(doc)
        }
        _ = try runtime.withFrame(.init(interpreter: self, scope: body, function: nil)) { try execBlock(def.body, body) }
        let ns = ConfigDict()
        for name in ["__module__", "__qualname__", "__doc__"] + (body.classOrder ?? []) {
            if let v = body.vars[name] { ns.set(name, v) }
        }
        let cls = try located(def.location) {
            try ConfigClass(name: def.name, module: body.vars["__module__"]?.stringValue ?? "__main__",
                            bases: bases.isEmpty ? [runtime.classes.object] : bases, namespace: ns, isBuiltin: false,
                            location: def.location)
        }
        for v in ns.values { Self.own(v, by: cls) }
        return ConfigValue(.object(cls), at: def.location)
    }

    /// Records `cls` as the class of the functions defined in its body (for `super()`).
    private static func own(_ v: ConfigValue, by cls: ConfigClass) {
        switch v.kind {
        case .function(let f): f.userInfo?.ownerClass = cls
        case .object(let d as ConfigDescriptor):
            switch d.kind {
            case .staticMethod(let f), .classMethod(let f): own(f, by: cls)
            case .property(let g, let s, let x): for f in [g, s, x].compactMap({ $0 }) { own(f, by: cls) }
            }
        default: break
        }
    }

    /// `@d1 @d2 def f` is `f = d1(d2(f))`.
    func execDecorated(_ decorators: [Expr], _ target: Stmt, _ scope: Scope?) throws {
        let fs = try decorators.map { try eval($0, scope) }
        var value: ConfigValue
        let name: String
        switch target.kind {
        case .def(let def): value = try makeFunction(def, scope); name = def.name
        case .classDef(let def): value = try makeClass(def, scope); name = def.name
        default: preconditionFailure("decorated statement is not def or class")
        }
        for (f, e) in zip(fs, decorators).reversed() {
            value = try runtime.call(f, [value], [], at: e.location)
        }
        store(name, value, scope)
    }

    // MARK: exceptions

    func execRaise(_ e: Expr?, _ scope: Scope?, at loc: SourceLocation) throws {
        guard let e else {
            guard let current = runtime.handling.last else {
                throw ConfigError(.raised, "RuntimeError: No active exception to reraise", at: loc, pythonClass: "RuntimeError")
            }
            throw current
        }
        var v = try eval(e, scope)
        if case .object(_ as ConfigClass) = v.kind { v = try runtime.call(v, [], [], at: loc) }
        guard case .object(let inst as ConfigInstance) = v.kind, inst.isException else {
            throw ConfigError(.type, "exceptions must derive from BaseException, not '\(v.typeName)'", at: loc)
        }
        let text = try inst.str()
        var err = ConfigError(.raised, inst.cls.name + (text.isEmpty ? "" : ": " + text), at: loc)
        err.raisedValue = RaisedValue(v)
        throw err
    }

    /// The classes an `except` clause names (a class or a tuple of classes).
    private func handlerClasses(_ v: ConfigValue, at loc: SourceLocation) throws -> [ConfigClass] {
        if case .object(let c as ConfigClass) = v.kind, c.isSubclass(ofBuiltin: "BaseException") { return [c] }
        if case .tuple(let items) = v.kind { return try items.flatMap { try handlerClasses($0, at: loc) } }
        if v.typeName == NativeModules.unavailableTypeName {
            // An exception class of a module the sandbox does not provide (e.g. tf.errors.X):
            // nothing raised in a config is an instance of it.
            return []
        }
        throw ConfigError(.type, "catching classes that do not inherit from BaseException is not allowed (got '\(v.typeName)')", at: loc)
    }

    func execTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ orelse: [Stmt]?, _ finalBody: [Stmt]?, _ scope: Scope?) throws -> Flow {
        var result: Flow = .normal
        var pending: Error?
        do {
            result = try execTryHandlers(body, handlers, orelse, scope)
        } catch {
            pending = error
        }
        if let finalBody {
            let f = try execBlock(finalBody, scope)
            if case .normal = f {} else { return f }
        }
        if let pending { throw pending }
        return result
    }

    private func execTryHandlers(_ body: [Stmt], _ handlers: [ExceptHandler], _ orelse: [Stmt]?, _ scope: Scope?) throws -> Flow {
        let flow: Flow
        do {
            flow = try execBlock(body, scope)
        } catch let error as ConfigError {
            guard !handlers.isEmpty, let exc = runtime.classes.exception(for: error) else { throw error }
            guard case .object(let inst as ConfigInstance) = exc.kind else { throw error }
            for h in handlers {
                if let t = h.type {
                    let classes = try handlerClasses(try eval(t, scope), at: t.location)
                    if !classes.contains(where: { inst.cls.isSubclass(of: $0) }) { continue }
                }
                var caught = error
                caught.raisedValue = RaisedValue(exc)
                runtime.handling.append(caught)
                defer { runtime.handling.removeLast() }
                if let n = h.name { store(n, exc, scope) }
                let f = try execBlock(h.body, scope)
                if let n = h.name { try? delete(n, scope, at: h.location) }
                return f
            }
            throw error
        }
        if case .normal = flow, let orelse { return try execBlock(orelse, scope) }
        return flow
    }

    // MARK: with

    /// `with a as x, b as y: body`, one context manager at a time (nested).
    func execWith(_ items: ArraySlice<(context: Expr, target: Expr?)>, _ body: [Stmt], _ scope: Scope?) throws -> Flow {
        guard let (ctxExpr, target) = items.first else { return try execBlock(body, scope) }
        let ctx = try eval(ctxExpr, scope)
        guard case .object(let manager) = ctx.kind, let entered = try located(ctxExpr.location, { try manager.enter() }) else {
            throw ConfigError(.type, "'\(ctx.typeName)' object does not support the context manager protocol (with)", at: ctxExpr.location)
        }
        if let target { try assign(target, entered, scope) }
        let flow: Flow
        do {
            flow = try execWith(items.dropFirst(), body, scope)
        } catch let error as ConfigError {
            let exc = runtime.classes.exception(for: error)
            if try located(ctxExpr.location, { try manager.exit(exc) }), exc != nil { return .normal }
            throw error
        }
        _ = try located(ctxExpr.location) { try manager.exit(nil) }
        return flow
    }

    // MARK: import

    func execFromImport(_ path: [String], _ names: [(name: String, alias: String?)], _ scope: Scope?, at loc: SourceLocation) throws {
        if path == ["__future__"] { return }
        let m = try ModuleImporter.importModule(path, from: self, at: loc)
        for (name, alias) in names {
            if name == "*" {
                guard case .module(let mod) = m.kind, mod.typeName != NativeModules.unavailableTypeName else {
                    throw ConfigError(.unsupported, "'from \(path.joined(separator: ".")) import *' is not supported for this module in configs; import the names you need", at: loc)
                }
                for n in mod.attributeNames where !n.hasPrefix("_") {
                    if let v = try mod.attribute(n) { store(n, v, scope) }
                }
                continue
            }
            store(alias ?? name, try ModuleImporter.member(m, name, modulePath: path, from: self, at: loc), scope)
        }
    }
}
