import Foundation

/// Argument helpers shared by builtins and methods.
enum Args {
    static func count(_ name: String, _ args: [ConfigValue], _ lo: Int, _ hi: Int) throws {
        if args.count < lo || args.count > hi {
            let what = lo == hi ? "exactly \(lo)" : (args.count < lo ? "at least \(lo)" : "at most \(hi)")
            throw ConfigError(.type, "\(name)() takes \(what) argument\((lo == hi ? lo : hi) == 1 ? "" : "s") (\(args.count) given)")
        }
    }

    static func noKwargs(_ name: String, _ kwargs: [(String, ConfigValue)]) throws {
        if let k = kwargs.first { throw ConfigError(.type, "\(name)() got an unexpected keyword argument '\(k.0)'") }
    }

    static func kwargs(_ name: String, _ kwargs: [(String, ConfigValue)], allowed: [String]) throws -> [String: ConfigValue] {
        var out: [String: ConfigValue] = [:]
        for (k, v) in kwargs {
            guard allowed.contains(k) else { throw ConfigError(.type, "\(name)() got an unexpected keyword argument '\(k)'") }
            out[k] = v
        }
        return out
    }

    static func int(_ name: String, _ v: ConfigValue) throws -> Int {
        guard let i = v.intValue else { throw ConfigError(.type, "\(name)(): an integer is required, not '\(v.typeName)'") }
        return i
    }

    static func str(_ name: String, _ v: ConfigValue) throws -> String {
        guard let s = v.stringValue else { throw ConfigError(.type, "\(name)(): a str is required, not '\(v.typeName)'") }
        return s
    }
}

/// The builtin functions available in configs (`len`, `range`, `sorted`, `print`, ...).
enum Builtins {
    /// Python builtins deliberately absent from the sandbox, with the reason naming one gives.
    static let refused: [String: String] = [
        "exec": "configs cannot run code from strings as statements (eval of an expression works)",
        "compile": "configs cannot compile code", "__import__": "use an import statement",
        "input": "a config cannot read from the terminal", "breakpoint": "a config cannot start a debugger",
        "exit": "a config cannot end the process; raise an exception instead",
        "quit": "a config cannot end the process; raise an exception instead",
        "help": "there is no interactive help in configs", "memoryview": "raw memory is not available in configs",
        "bytearray": "mutable byte arrays are not available in configs (use bytes)",
        "__builtins__": "the builtins module itself is not available in configs",
    ]

    static func parseInt(_ text: String, base: Int) throws -> Int {
        guard base == 0 || (2...36).contains(base) else {
            throw ConfigError(.value, "int() base must be >= 2 and <= 36, or 0")
        }
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
        var neg = false
        if s.hasPrefix("-") { neg = true; s.removeFirst() } else if s.hasPrefix("+") { s.removeFirst() }
        var b = base
        let lower = s.lowercased()
        if b == 0 || b == 16, lower.hasPrefix("0x") { b = 16; s.removeFirst(2) } else if b == 0 || b == 8, lower.hasPrefix("0o") {
            b = 8; s.removeFirst(2)
        } else if b == 0 || b == 2, lower.hasPrefix("0b") { b = 2; s.removeFirst(2) } else if b == 0 { b = 10 }
        guard !s.isEmpty, let v = Int(s, radix: b) else {
            throw ConfigError(.value, "invalid literal for int() with base \(base): \(ValueFormatting.strRepr(text))")
        }
        return neg ? -v : v
    }

    static func parseFloat(_ text: String) throws -> Double {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "").lowercased()
        switch s {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default:
            guard !s.isEmpty, !s.contains("x"), let v = Double(s) else {
                throw ConfigError(.value, "could not convert string to float: \(ValueFormatting.strRepr(text))")
            }
            return v
        }
    }

    static func toInt(_ v: ConfigValue, base: Int? = nil) throws -> Int {
        switch v.kind {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let d):
            guard d.isFinite else { throw ConfigError(.value, "cannot convert float \(ValueFormatting.floatRepr(d)) to integer") }
            guard abs(d) < 9.2e18 else { throw ConfigError(.value, "integer overflow converting \(ValueFormatting.floatRepr(d)) (integers are 64-bit in configs)") }
            return Int(d)
        case .str(let s): return try parseInt(s, base: base ?? 10)
        case .object(let o):
            if let n = try o.numberValue() { return try toInt(n) }
            throw ConfigError(.type, "int() argument must be a string or a number, not '\(v.typeName)'")
        default: throw ConfigError(.type, "int() argument must be a string or a number, not '\(v.typeName)'")
        }
    }

    static func toFloat(_ v: ConfigValue) throws -> Double {
        switch v.kind {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        case .str(let s): return try parseFloat(s)
        case .object(let o):
            if let n = try o.numberValue() { return try toFloat(n) }
            throw ConfigError(.type, "float() argument must be a string or a number, not '\(v.typeName)'")
        default: throw ConfigError(.type, "float() argument must be a string or a number, not '\(v.typeName)'")
        }
    }

    /// Sorts with Python ordering, optionally by `key` and reversed (stable).
    static func sort(_ items: [ConfigValue], key: ConfigValue?, reverse: Bool, _ interp: ConfigRuntime) throws -> [ConfigValue] {
        var keyed: [(ConfigValue, ConfigValue, Int)] = []
        for (i, x) in items.enumerated() {
            let k = try key.flatMap { $0.isNone ? nil : $0 }.map { try interp.call($0, [x], [], at: .builtin) } ?? x
            keyed.append((k, x, i))
        }
        try keyed.sort { a, b in
            let c = try Operators.compare(a.0, b.0)
            if c == 0 || c == 2 { return a.2 < b.2 }
            return reverse ? c > 0 : c < 0
        }
        return keyed.map { $0.1 }
    }

    static func minMax(_ name: String, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)], _ interp: ConfigRuntime, wantMax: Bool) throws -> ConfigValue {
        let kw = try Args.kwargs(name, kwargs, allowed: ["key", "default"])
        let items = args.count == 1 ? try Operators.iterate(args[0]) : args
        if args.isEmpty { throw ConfigError(.type, "\(name) expected at least 1 argument, got 0") }
        guard var best = items.first else {
            if let d = kw["default"] { return d }
            throw ConfigError(.value, "\(name)() arg is an empty sequence")
        }
        let key = kw["key"]
        func k(_ x: ConfigValue) throws -> ConfigValue { try key.map { try interp.call($0, [x], [], at: .builtin) } ?? x }
        var bestKey = try k(best)
        for x in items.dropFirst() {
            let kx = try k(x)
            let c = try Operators.compare(kx, bestKey)
            if (wantMax && c == 1) || (!wantMax && c == -1) { best = x; bestKey = kx }
        }
        return best
    }

    /// The elements of each argument of `zip`/`map`; endless iterators (`itertools.count()`)
    /// give as many elements as the shortest finite argument has.
    static func boundedColumns(_ args: [ConfigValue], _ function: String) throws -> [[ConfigValue]] {
        var columns: [[ConfigValue]?] = []
        var endless: EndlessIterator?
        for v in args {
            if case .object(let e as EndlessIterator) = v.kind {
                columns.append(nil)
                endless = endless ?? e
            } else {
                columns.append(try Operators.iterate(v))
            }
        }
        guard let e = endless else { return columns.map { $0! } }
        let finite = columns.compactMap { $0 }
        guard let n = finite.map({ $0.count }).min() else { throw EndlessIterator.refusal(e.name, "\(function)() of endless iterators only") }
        return try zip(args, columns).map { v, c in try c ?? (v.objectValue as! EndlessIterator).take(n) }
    }

    /// Builds the builtin table for one config runtime.
    static func make(_ interp: ConfigRuntime) -> [String: ConfigValue] {
        var table: [String: ConfigValue] = [:]
        func def(_ name: String, typeTag: String? = nil, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) {
            table[name] = ConfigValue(.function(ConfigFunction(name: name, typeTag: typeTag, body)))
        }
        def("len") { a, kw in
            try Args.noKwargs("len", kw); try Args.count("len", a, 1, 1)
            switch a[0].kind {
            case .object(let o):
                guard let n = try o.length() else { throw ConfigError(.type, "object of type '\(a[0].typeName)' has no len()") }
                return .int(n)
            case .str(let s): return .int(s.unicodeScalars.count)
            case .bytes(let b): return .int(b.count)
            case .list(let l): return .int(l.items.count)
            case .tuple(let t): return .int(t.count)
            case .dict(let d): return .int(d.count)
            case .set(let s): return .int(s.count)
            default: throw ConfigError(.type, "object of type '\(a[0].typeName)' has no len()")
            }
        }
        def("range") { a, kw in
            try Args.noKwargs("range", kw); try Args.count("range", a, 1, 3)
            let xs = try a.map { try Args.int("range", $0) }
            let (start, stop, step) = xs.count == 1 ? (0, xs[0], 1) : (xs[0], xs[1], xs.count == 3 ? xs[2] : 1)
            if step == 0 { throw ConfigError(.value, "range() arg 3 must not be zero") }
            let span = step > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
            let count = (span / Double(abs(step))).rounded(.up)
            if count > Double(Operators.maxSequenceLength) { throw ConfigError(.limit, "range() of about \(Int(min(count, 9e18))) elements is larger than the config limit of \(Operators.maxSequenceLength)") }
            let n = max(0, Int(count))
            if n > Operators.maxSequenceLength { throw ConfigError(.limit, "range() of \(n) elements is larger than the config limit of \(Operators.maxSequenceLength)") }
            return .list((0..<n).map { .int(start + $0 * step) })
        }
        def("min") { a, kw in try minMax("min", a, kw, interp, wantMax: false) }
        def("max") { a, kw in try minMax("max", a, kw, interp, wantMax: true) }
        def("sum") { a, kw in
            let k = try Args.kwargs("sum", kw, allowed: ["start"])
            try Args.count("sum", a, 1, 2)
            var acc = a.count == 2 ? a[1] : (k["start"] ?? .int(0))
            for x in try Operators.iterate(a[0]) { acc = try Operators.binary(.add, acc, x) }
            return acc
        }
        def("abs") { a, kw in
            try Args.noKwargs("abs", kw); try Args.count("abs", a, 1, 1)
            switch a[0].kind {
            case .int(let i):
                if i == Int.min { throw ConfigError(.value, "integer overflow in abs()") }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            default: throw ConfigError(.type, "bad operand type for abs(): '\(a[0].typeName)'")
            }
        }
        def("round") { a, kw in
            try Args.noKwargs("round", kw); try Args.count("round", a, 1, 2)
            guard let d = a[0].doubleValue else { throw ConfigError(.type, "type \(a[0].typeName) doesn't define __round__") }
            if a.count == 1 || a[1].isNone {
                if let i = a[0].intValue { return .int(i) }
                let r = d.rounded(.toNearestOrEven)
                guard r.isFinite, abs(r) < 9.2e18 else { throw ConfigError(.value, "cannot convert float \(ValueFormatting.floatRepr(d)) to integer") }
                return .int(Int(r))
            }
            let n = try Args.int("round", a[1])
            if let i = a[0].intValue { return .int(i) }
            if n >= 0 {
                // Python rounds the exact binary value: round(2.675, 2) == 2.67.
                return .float(Double(String(format: "%.\(min(n, 40))f", d)) ?? d)
            }
            let p = pow(10.0, Double(-n))
            return .float((d / p).rounded(.toNearestOrEven) * p)
        }
        def("int", typeTag: "int") { a, kw in
            let k = try Args.kwargs("int", kw, allowed: ["base"])
            try Args.count("int", a, 0, 2)
            if a.isEmpty { return .int(0) }
            let base = try (a.count == 2 ? a[1] : k["base"]).map { try Args.int("int", $0) }
            if base != nil, a[0].stringValue == nil { throw ConfigError(.type, "int() can't convert non-string with explicit base") }
            return .int(try toInt(a[0], base: base))
        }
        def("float", typeTag: "float") { a, kw in
            try Args.noKwargs("float", kw); try Args.count("float", a, 0, 1)
            return .float(a.isEmpty ? 0 : try toFloat(a[0]))
        }
        def("str", typeTag: "str") { a, kw in
            try Args.count("str", a, 0, 3)
            if a.count >= 2 || !kw.isEmpty, case .bytes(let b) = a[0].kind { return .str(String(decoding: b, as: UTF8.self)) }
            try Args.noKwargs("str", kw)
            return .str(a.isEmpty ? "" : ValueFormatting.str(a[0]))
        }
        def("repr") { a, kw in
            try Args.noKwargs("repr", kw); try Args.count("repr", a, 1, 1)
            return .str(ValueFormatting.repr(a[0]))
        }
        def("bool", typeTag: "bool") { a, kw in
            try Args.noKwargs("bool", kw); try Args.count("bool", a, 0, 1)
            return .bool(a.first?.isTruthy ?? false)
        }
        def("list", typeTag: "list") { a, kw in
            try Args.noKwargs("list", kw); try Args.count("list", a, 0, 1)
            return .list(a.isEmpty ? [] : try Operators.iterate(a[0]))
        }
        def("tuple", typeTag: "tuple") { a, kw in
            try Args.noKwargs("tuple", kw); try Args.count("tuple", a, 0, 1)
            return ConfigValue(.tuple(a.isEmpty ? [] : try Operators.iterate(a[0])))
        }
        def("set", typeTag: "set") { a, kw in
            try Args.noKwargs("set", kw); try Args.count("set", a, 0, 1)
            let s = ConfigSet()
            if let x = a.first { for v in try Operators.iterate(x) { try s.insert(v) } }
            return ConfigValue(.set(s))
        }
        def("frozenset", typeTag: "frozenset") { a, kw in
            try Args.noKwargs("frozenset", kw); try Args.count("frozenset", a, 0, 1)
            let s = ConfigSet()
            if let x = a.first { for v in try Operators.iterate(x) { try s.insert(v) } }
            return ConfigValue(.set(s))
        }
        def("dict", typeTag: "dict") { a, kw in
            try Args.count("dict", a, 0, 1)
            let d = ConfigDict()
            if let x = a.first {
                if case .dict(let o) = x.kind {
                    for (k, v) in zip(o.keys, o.values) { try d.set(k, v) }
                } else if case .object(let o) = x.kind, try o.attribute("keys") != nil {
                    // A mapping object (defaultdict, os.environ, a class with keys/__getitem__).
                    for k in try Operators.iterate(try interp.call(try interp.getAttribute(x, "keys"), [], [], at: .builtin)) {
                        try d.set(k, try Operators.getItem(x, k))
                    }
                } else {
                    for item in try Operators.iterate(x) {
                        let pair = try Operators.iterate(item)
                        guard pair.count == 2 else { throw ConfigError(.value, "dictionary update sequence element has length \(pair.count); 2 is required") }
                        try d.set(pair[0], pair[1])
                    }
                }
            }
            for (k, v) in kw { d.set(k, v) }
            return ConfigValue(.dict(d))
        }
        def("sorted") { a, kw in
            let k = try Args.kwargs("sorted", kw, allowed: ["key", "reverse"])
            try Args.count("sorted", a, 1, 1)
            return .list(try sort(try Operators.iterate(a[0]), key: k["key"], reverse: k["reverse"]?.isTruthy ?? false, interp))
        }
        def("reversed") { a, kw in
            try Args.noKwargs("reversed", kw); try Args.count("reversed", a, 1, 1)
            switch a[0].kind {
            case .list, .tuple, .str, .bytes, .object: return .list(try Operators.iterate(a[0]).reversed())
            default: throw ConfigError(.type, "'\(a[0].typeName)' object is not reversible")
            }
        }
        def("enumerate") { a, kw in
            let k = try Args.kwargs("enumerate", kw, allowed: ["start"])
            try Args.count("enumerate", a, 1, 2)
            let start = try (a.count == 2 ? a[1] : k["start"]).map { try Args.int("enumerate", $0) } ?? 0
            return .list(try Operators.iterate(a[0]).enumerated().map { ConfigValue(.tuple([.int(start + $0.offset), $0.element])) })
        }
        def("zip") { a, kw in
            try Args.noKwargs("zip", kw)
            let seqs = try boundedColumns(a, "zip")
            let n = seqs.map { $0.count }.min() ?? 0
            return .list((0..<n).map { i in ConfigValue(.tuple(seqs.map { $0[i] })) })
        }
        def("any") { a, kw in
            try Args.noKwargs("any", kw); try Args.count("any", a, 1, 1)
            return .bool(try Operators.iterate(a[0]).contains { $0.isTruthy })
        }
        def("all") { a, kw in
            try Args.noKwargs("all", kw); try Args.count("all", a, 1, 1)
            return .bool(try Operators.iterate(a[0]).allSatisfy { $0.isTruthy })
        }
        def("map") { a, kw in
            try Args.noKwargs("map", kw); try Args.count("map", a, 2, 10)
            let seqs = try boundedColumns(Array(a.dropFirst()), "map")
            let n = seqs.map { $0.count }.min() ?? 0
            return .list(try (0..<n).map { i in try interp.call(a[0], seqs.map { $0[i] }, [], at: .builtin) })
        }
        def("filter") { a, kw in
            try Args.noKwargs("filter", kw); try Args.count("filter", a, 2, 2)
            return .list(try Operators.iterate(a[1]).filter { x in
                a[0].isNone ? x.isTruthy : try interp.call(a[0], [x], [], at: .builtin).isTruthy
            })
        }
        def("divmod") { a, kw in
            try Args.noKwargs("divmod", kw); try Args.count("divmod", a, 2, 2)
            return ConfigValue(.tuple([try Operators.binary(.floorDiv, a[0], a[1]), try Operators.binary(.mod, a[0], a[1])]))
        }
        def("pow") { a, kw in
            try Args.noKwargs("pow", kw); try Args.count("pow", a, 2, 2)
            return try Operators.binary(.pow, a[0], a[1])
        }
        def("chr") { a, kw in
            try Args.noKwargs("chr", kw); try Args.count("chr", a, 1, 1)
            guard let u = Unicode.Scalar(UInt32(truncatingIfNeeded: try Args.int("chr", a[0]))) else { throw ConfigError(.value, "chr() arg not in range") }
            return .str(String(Character(u)))
        }
        def("ord") { a, kw in
            try Args.noKwargs("ord", kw); try Args.count("ord", a, 1, 1)
            let s = try Args.str("ord", a[0])
            guard s.unicodeScalars.count == 1 else { throw ConfigError(.type, "ord() expected a character, but string of length \(s.count) found") }
            return .int(Int(s.unicodeScalars.first!.value))
        }
        for (name, radix, prefix) in [("hex", 16, "0x"), ("oct", 8, "0o"), ("bin", 2, "0b")] {
            def(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1)
                let i = try Args.int(name, a[0])
                return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix))
            }
        }
        def("format") { a, kw in
            try Args.noKwargs("format", kw); try Args.count("format", a, 1, 2)
            return .str(try ValueFormatting.format(a[0], spec: a.count == 2 ? try Args.str("format", a[1]) : ""))
        }
        def("print") { a, kw in
            let k = try Args.kwargs("print", kw, allowed: ["sep", "end", "file", "flush"])
            let sep = k["sep"].flatMap { $0.isNone ? nil : $0.stringValue } ?? " "
            let end = k["end"].flatMap { $0.isNone ? nil : $0.stringValue } ?? "\n"
            var text = a.map { ValueFormatting.str($0) }.joined(separator: sep) + end
            if case .object(let f as OutputStream)? = k["file"]?.kind {
                try f.write(text)
                return .none
            }
            if let f = k["file"], !f.isNone { throw ConfigError(.type, "print(file=...): a config can print only to sys.stdout or sys.stderr") }
            if text.hasSuffix("\n") { text.removeLast() }
            interp.environment.output(text)
            return .none
        }
        def("slice", typeTag: "slice") { a, kw in try ConfigSlice.make(a, kw) }
        ObjectBuiltins.add(to: &table, interp)
        return table
    }
}
