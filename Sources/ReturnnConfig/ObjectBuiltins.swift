/// The builtins about objects, classes and namespaces: `isinstance`, `issubclass`, `type`,
/// `object`, `super`, `property`, `staticmethod`, `classmethod`, `getattr`/`setattr`/`hasattr`/
/// `delattr`, `callable`, `globals`, `locals`, `vars`, `eval`, `iter`, `next`, `hash`, `id`,
/// `open`, and the exception classes.
enum ObjectBuiltins {
    static func add(to table: inout [String: ConfigValue], _ rt: ConfigRuntime) {
        func def(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) {
            table[name] = ConfigValue(.function(ConfigFunction(name: name, body)))
        }
        let types = table
        table["object"] = ConfigValue(.object(rt.classes.object))
        for (name, cls) in rt.classes.exceptions where cls.module == "builtins" { table[name] = ConfigValue(.object(cls)) }
        table["NotImplemented"] = ConfigValue(.object(NotImplementedValue()))

        def("isinstance") { a, kw in
            try Args.noKwargs("isinstance", kw); try Args.count("isinstance", a, 2, 2)
            return .bool(try isInstance(a[0], a[1], rt))
        }
        def("issubclass") { a, kw in
            try Args.noKwargs("issubclass", kw); try Args.count("issubclass", a, 2, 2)
            guard case .object(let c as ConfigClass) = a[0].kind else {
                if case .function(let f) = a[0].kind, let tag = f.typeTag {
                    return .bool(try classInfo(a[1]).contains { if case .tag(let t) = $0 { return t == tag || (t == "int" && tag == "bool") } else { return false } })
                }
                throw ConfigError(.type, "issubclass() arg 1 must be a class")
            }
            return .bool(try classInfo(a[1]).contains { if case .cls(let d) = $0 { return c.isSubclass(of: d) } else { return false } })
        }
        def("callable") { a, kw in
            try Args.noKwargs("callable", kw); try Args.count("callable", a, 1, 1)
            return .bool(a[0].isCallable)
        }
        def("hasattr") { a, kw in
            try Args.noKwargs("hasattr", kw); try Args.count("hasattr", a, 2, 2)
            let n = try Args.str("hasattr", a[1])
            do { _ = try rt.getAttribute(a[0], n); return .bool(true) } catch let e as ConfigError where e.exceptionClassName == "AttributeError" {
                return .bool(false)
            }
        }
        def("getattr") { a, kw in
            try Args.noKwargs("getattr", kw); try Args.count("getattr", a, 2, 3)
            let n = try Args.str("getattr", a[1])
            do { return try rt.getAttribute(a[0], n) } catch let e as ConfigError where a.count == 3 && e.exceptionClassName == "AttributeError" {
                return a[2]
            }
        }
        def("setattr") { a, kw in
            try Args.noKwargs("setattr", kw); try Args.count("setattr", a, 3, 3)
            try rt.setAttribute(a[0], try Args.str("setattr", a[1]), a[2])
            return .none
        }
        def("delattr") { a, kw in
            try Args.noKwargs("delattr", kw); try Args.count("delattr", a, 2, 2)
            guard case .object(let o) = a[0].kind else { throw ConfigError(.name, "'\(a[0].typeName)' object has no attribute '\(a[1])'", pythonClass: "AttributeError") }
            try o.deleteAttribute(try Args.str("delattr", a[1]))
            return .none
        }
        def("type") { a, kw in
            try Args.noKwargs("type", kw)
            guard a.count == 1 else { throw ConfigError(.unsupported, "type() with three arguments (creating a class) is not supported in configs; use a class statement") }
            if case .object(let o) = a[0].kind, o is ConfigClass { return ConfigValue(.object(rt.classes.type)) }
            if let t = types[a[0].typeName] { return t }
            return try rt.typeOf(a[0])
        }
        def("super") { a, kw in
            try Args.noKwargs("super", kw); try Args.count("super", a, 0, 2)
            if a.count == 2 {
                guard case .object(let c as ConfigClass) = a[0].kind else { throw ConfigError(.type, "super() argument 1 must be a class") }
                return ConfigValue(.object(SuperProxy(start: c, instance: a[1])))
            }
            guard let frame = rt.frames.last, let info = frame.function, let cls = info.ownerClass, let scope = frame.scope,
                  let first = info.definition.parameters.first, let instance = scope.vars[first.name] else {
                throw ConfigError(.raised, "RuntimeError: super(): no arguments (call super() inside a method of a class)", pythonClass: "RuntimeError")
            }
            return ConfigValue(.object(SuperProxy(start: cls, instance: instance)))
        }
        def("property") { a, kw in
            let k = try Args.kwargs("property", kw, allowed: ["fget", "fset", "fdel", "doc"])
            try Args.count("property", a, 0, 4)
            func arg(_ i: Int, _ n: String) -> ConfigValue? {
                let v = i < a.count ? a[i] : k[n]
                return v.flatMap { $0.isNone ? nil : $0 }
            }
            return ConfigValue(.object(ConfigDescriptor(.property(getter: arg(0, "fget"), setter: arg(1, "fset"), deleter: arg(2, "fdel")))))
        }
        def("staticmethod") { a, kw in
            try Args.noKwargs("staticmethod", kw); try Args.count("staticmethod", a, 1, 1)
            return ConfigValue(.object(ConfigDescriptor(.staticMethod(a[0]))))
        }
        def("classmethod") { a, kw in
            try Args.noKwargs("classmethod", kw); try Args.count("classmethod", a, 1, 1)
            return ConfigValue(.object(ConfigDescriptor(.classMethod(a[0]))))
        }
        def("globals") { a, kw in
            try Args.noKwargs("globals", kw); try Args.count("globals", a, 0, 0)
            guard let interp = rt.currentInterpreter else { return ConfigValue(.dict(ConfigDict())) }
            return ConfigValue(.dict(interp.globals.dict))
        }
        def("locals") { a, kw in
            try Args.noKwargs("locals", kw); try Args.count("locals", a, 0, 0)
            return locals(rt)
        }
        def("vars") { a, kw in
            try Args.noKwargs("vars", kw); try Args.count("vars", a, 0, 1)
            guard let x = a.first else { return locals(rt) }
            switch x.kind {
            case .object(let o):
                if let d = try o.attribute("__dict__") { return d }
            case .module(let m):
                let d = ConfigDict()
                for n in m.attributeNames { if let v = try m.attribute(n) { d.set(n, v) } }
                return ConfigValue(.dict(d))
            default: break
            }
            throw ConfigError(.type, "vars() argument must have __dict__ attribute")
        }
        def("eval") { a, kw in
            try Args.noKwargs("eval", kw); try Args.count("eval", a, 1, 3)
            return try evaluate(a, rt)
        }
        def("iter") { a, kw in
            try Args.noKwargs("iter", kw); try Args.count("iter", a, 1, 1)
            if case .object(let it as ConfigIterator) = a[0].kind { return ConfigValue(.object(it)) }
            if case .object(let it as EndlessIterator) = a[0].kind { return ConfigValue(.object(it)) }
            return ConfigValue(.object(ConfigIterator(try Operators.iterate(a[0]))))
        }
        def("next") { a, kw in
            try Args.noKwargs("next", kw); try Args.count("next", a, 1, 2)
            if case .object(let it as EndlessIterator) = a[0].kind { return try it.next() }
            guard case .object(let it as ConfigIterator) = a[0].kind else {
                throw ConfigError(.type, "'\(a[0].typeName)' object is not an iterator")
            }
            if let v = it.next() { return v }
            if a.count == 2 { return a[1] }
            throw ConfigError(.value, "StopIteration", pythonClass: "StopIteration")
        }
        def("hash") { a, kw in
            try Args.noKwargs("hash", kw); try Args.count("hash", a, 1, 1)
            var h = Hasher()
            h.combine(try ConfigHashKey(a[0]))
            return .int(h.finalize())
        }
        def("id") { a, kw in
            try Args.noKwargs("id", kw); try Args.count("id", a, 1, 1)
            switch a[0].kind {
            case .object(let o): return .int(ObjectIdentifier(o).hashValue)
            case .list(let l): return .int(ObjectIdentifier(l).hashValue)
            case .dict(let d): return .int(ObjectIdentifier(d).hashValue)
            case .function(let f): return .int(ObjectIdentifier(f).hashValue)
            default:
                var h = Hasher()
                h.combine((try? ConfigHashKey(a[0])) ?? .none)
                return .int(h.finalize())
            }
        }
        def("open") { a, kw in try ConfigFile.open(a, kw, rt) }
    }

    /// `locals()`: the module's live namespace at module level, a snapshot of the local scope in
    /// a function or class body (as CPython).
    static func locals(_ rt: ConfigRuntime) -> ConfigValue {
        guard let frame = rt.frames.last else { return ConfigValue(.dict(ConfigDict())) }
        guard let scope = frame.scope else { return ConfigValue(.dict(frame.interpreter.globals.dict)) }
        let d = ConfigDict()
        let names = scope.classOrder ?? scope.vars.keys.sorted()
        for n in names { if let v = scope.vars[n] { d.set(n, v) } }
        return ConfigValue(.dict(d))
    }

    /// `eval(expression, globals=None, locals=None)` in the sandbox.
    static func evaluate(_ a: [ConfigValue], _ rt: ConfigRuntime) throws -> ConfigValue {
        guard let text = a[0].stringValue else {
            if case .bytes(let b) = a[0].kind { return try evaluate([.str(String(decoding: b, as: UTF8.self))] + a.dropFirst(), rt) }
            throw ConfigError(.type, "eval() arg 1 must be a string")
        }
        guard let current = rt.currentInterpreter else { throw ConfigError(.value, "eval() is only available while a config runs") }
        let src = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let expr = try Parser.parseExpression(src, file: "<string>", at: SourceLocation(file: "<string>", line: 1, column: 1))
        var interp = current
        if a.count >= 2, !a[1].isNone {
            guard case .dict(let g) = a[1].kind else { throw ConfigError(.type, "eval() globals must be a dict") }
            interp = Interpreter(globals: ConfigNamespace(dict: g), runtime: rt, file: current.file)
        }
        var scope: Scope?
        if a.count == 3, !a[2].isNone {
            guard case .dict(let l) = a[2].kind else { throw ConfigError(.type, "eval() locals must be a dict") }
            let s = Scope(parent: nil)
            for (k, v) in zip(l.keys, l.values) { if let n = k.stringValue { s.vars[n] = v } }
            scope = s
        } else if a.count < 2 || a[1].isNone {
            scope = rt.frames.last?.scope
        }
        return try interp.eval(expr, scope)
    }

    /// One entry of `isinstance`'s second argument.
    enum ClassInfo {
        case cls(ConfigClass)
        case tag(String)
        case named(String)
    }

    static func classInfo(_ v: ConfigValue) throws -> [ClassInfo] {
        switch v.kind {
        case .object(let c as ConfigClass): return [.cls(c)]
        case .object(let t as NamedType): return [.named(t.name)]
        case .object(let c as NativeClass): return [.named(c.instanceTypeName)]
        case .function(let f) where f.typeTag != nil: return [.tag(f.typeTag!)]
        case .tuple(let items): return try items.flatMap { try classInfo($0) }
        case .module(let m) where m.typeName == NativeModules.unavailableTypeName:
            // A class of a module the sandbox does not provide (e.g. `tf.Tensor`): no config
            // value is an instance of it.
            return []
        case .object(let o) where o.isCallable && o.pyClass == nil && !(o is ConfigInstance):
            return [.named(o.typeName)]
        default:
            throw ConfigError(.type, "isinstance() arg 2 must be a type or tuple of types, not '\(v.typeName)'")
        }
    }

    static func isInstance(_ x: ConfigValue, _ types: ConfigValue, _ rt: ConfigRuntime) throws -> Bool {
        let name = x.typeName
        for t in try classInfo(types) {
            switch t {
            case .cls(let c):
                if case .object(let o) = x.kind, o.pyClass.map({ $0.isSubclass(of: c) }) == true || o.isInstance(of: c) { return true }
                if c === rt.classes.object { return true }
            case .tag(let tag):
                if tag == name || (tag == "int" && name == "bool") || (tag == "frozenset" && name == "set") || tag == "object" { return true }
                if tag == "float", case .object(let o) = x.kind, o.typeName == "float64" || o.typeName == "float32" { return true }
            case .named(let n):
                if n == name { return true }
            }
        }
        return false
    }
}

/// `super()`: attribute lookup along the MRO of the instance's class, after `start`.
final class SuperProxy: PyObject {
    let start: ConfigClass
    let instance: ConfigValue
    init(start: ConfigClass, instance: ConfigValue) {
        self.start = start
        self.instance = instance
    }
    override var typeName: String { "super" }
    override func attribute(_ name: String) throws -> ConfigValue? {
        let owner: ConfigClass
        var bindTo = instance
        if case .object(let c as ConfigClass) = instance.kind { owner = c } else if case .object(let o) = instance.kind, let c = o.pyClass {
            owner = c
        } else {
            throw ConfigError(.type, "super(type, obj): obj must be an instance or subtype of type")
        }
        guard let k = owner.mro.firstIndex(where: { $0 === start }) else {
            throw ConfigError(.type, "super(type, obj): obj must be an instance or subtype of type")
        }
        for c in owner.mro[(k + 1)...] {
            guard let v = c.namespace.get(name) else { continue }
            if case .object(_ as ConfigClass) = instance.kind {
                if case .object(let d as ConfigDescriptor) = v.kind { return try d.get(instance: nil, owner: owner) }
                bindTo = instance
                return v
            }
            return try ConfigClass.bind(v, to: bindTo, owner: owner)
        }
        return nil
    }
    override func repr() throws -> String { "<super: <class '\(start.name)'>>" }
}

/// The result of `iter(x)`: `next(it)` walks a snapshot of `x`'s elements.
final class ConfigIterator: PyObject {
    private let items: [ConfigValue]
    private var position = 0
    init(_ items: [ConfigValue]) { self.items = items }
    override var typeName: String { "iterator" }
    func next() -> ConfigValue? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
    override func iterate() throws -> [ConfigValue]? {
        defer { position = items.count }
        return Array(items[position...])
    }
}

/// `NotImplemented`, returned by special methods that do not handle an operand.
final class NotImplementedValue: PyObject {
    override var typeName: String { "NotImplementedType" }
    override func repr() throws -> String { "NotImplemented" }
}
