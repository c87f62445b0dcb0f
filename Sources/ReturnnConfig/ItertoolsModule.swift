import Foundation

/// The `itertools` module of the config sandbox: `product` (with `repeat`), `chain` and
/// `chain.from_iterable`, `permutations`, `combinations`, `combinations_with_replacement`,
/// `accumulate`, `islice`, `groupby`, `zip_longest`, `starmap`, `compress`, `filterfalse`,
/// `takewhile`, `dropwhile`, `pairwise`, `tee`, and the endless `count`, `cycle`, `repeat`.
///
/// The finite functions return lists where Python returns iterators (configs loop over them or
/// call `list()`; a list also allows a second pass, an iterator would be empty). The endless
/// ones (`count()`, `cycle(x)`, `repeat(x)` without `times`) are `EndlessIterator`s: `islice`,
/// `zip`, `map`, `takewhile` and `next` take elements from them; anything that would run forever
/// is refused.
///
/// ```python
/// import itertools
/// grid = [dict(lr=lr, drop=d) for lr, d in itertools.product([1e-3, 5e-4], [0.1, 0.3])]
/// ```
enum ItertoolsModule {
    /// The module object.
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        func call(_ f: ConfigValue, _ args: [ConfigValue]) throws -> ConfigValue { try rt.call(f, args, [], at: .builtin) }
        let attrs: [(String, ConfigValue)] = [
            ("chain", ConfigValue(.object(ItertoolsChain()))),
            ("product", fn("product") { a, kw in
                let p = try BoundArguments("product", [], kw, ["repeat"])
                let r = try p.int("repeat") ?? 1
                guard r >= 0 else { throw ConfigError(.value, "repeat argument cannot be negative") }
                let pools = try Array(repeating: a.map { try items($0, "product") }, count: r).flatMap { $0 }
                try limit(pools.reduce(1.0) { $0 * Double($1.count) }, "product")
                var out: [[ConfigValue]] = [[]]
                for pool in pools { out = out.flatMap { prefix in pool.map { prefix + [$0] } } }
                return .list(out.map { ConfigValue(.tuple($0)) })
            }),
            ("permutations", fn("permutations") { a, kw in
                let p = try BoundArguments("permutations", a, kw, ["iterable", "r"], required: 1)
                let pool = try items(p["iterable"]!, "permutations")
                let r = try p.int("r") ?? pool.count
                guard r >= 0 else { throw ConfigError(.value, "r must be non-negative") }
                if r > pool.count { return .list([]) }
                try limit((0..<r).reduce(1.0) { $0 * Double(pool.count - $1) }, "permutations")
                var out: [ConfigValue] = []
                var used = [Bool](repeating: false, count: pool.count)
                var chosen: [Int] = []
                func walk() {
                    if chosen.count == r { out.append(ConfigValue(.tuple(chosen.map { pool[$0] }))); return }
                    for i in pool.indices where !used[i] {
                        used[i] = true; chosen.append(i)
                        walk()
                        used[i] = false; chosen.removeLast()
                    }
                }
                walk()
                return .list(out)
            }),
            ("combinations", fn("combinations") { a, kw in try combinations(a, kw, replacement: false) }),
            ("combinations_with_replacement", fn("combinations_with_replacement") { a, kw in try combinations(a, kw, replacement: true) }),
            ("accumulate", fn("accumulate") { a, kw in
                let p = try BoundArguments("accumulate", a, kw, ["iterable", "func", "*", "initial"], required: 1)
                var xs = try items(p["iterable"]!, "accumulate")
                if let initial = p.value("initial") { xs.insert(initial, at: 0) }
                guard var acc = xs.first else { return .list([]) }
                var out = [acc]
                for x in xs.dropFirst() {
                    acc = try p.value("func").map { try call($0, [acc, x]) } ?? Operators.binary(.add, acc, x)
                    out.append(acc)
                }
                return .list(out)
            }),
            ("islice", fn("islice") { a, kw in
                try Args.noKwargs("islice", kw)
                try Args.count("islice", a, 2, 4)
                func index(_ v: ConfigValue) throws -> Int? {
                    if v.isNone { return nil }
                    guard let i = v.intValue, i >= 0 else {
                        throw ConfigError(.value, "Indices for islice() must be None or an int: 0 <= x <= sys.maxsize.")
                    }
                    return i
                }
                let start = a.count > 2 ? try index(a[1]) ?? 0 : 0
                let stop = try index(a.count > 2 ? a[2] : a[1])
                let step = a.count > 3 ? try index(a[3]) ?? 1 : 1
                guard step > 0 else { throw ConfigError(.value, "Step for islice() must be a positive integer or None.") }
                if case .object(let e as EndlessIterator) = a[0].kind {
                    guard let stop else { throw EndlessIterator.refusal(e.name, "islice(..., None)") }
                    try limit(Double(stop - start) / Double(step), "islice")
                    return .list(try e.take(start: start, stop: stop, step: step))
                }
                let xs = try items(a[0], "islice")
                let end = Swift.min(stop ?? xs.count, xs.count)
                return .list(start < end ? Swift.stride(from: start, to: end, by: step).map { xs[$0] } : [])
            }),
            ("count", fn("count") { a, kw in
                let p = try BoundArguments("count", a, kw, ["start", "step"])
                let start = p["start"] ?? .int(0), step = p["step"] ?? .int(1)
                for v in [start, step] where v.doubleValue == nil { throw ConfigError(.type, "a number is required") }
                let shown = "count(\(start.repr)\(step.intValue == 1 && step.boolValue == nil ? "" : ", " + step.repr))"
                return ConfigValue(.object(EndlessIterator(name: "count", repr: shown) { i in
                    try Operators.binary(.add, start, try Operators.binary(.mul, step, .int(i)))
                }))
            }),
            ("cycle", fn("cycle") { a, kw in
                try Args.noKwargs("cycle", kw)
                try Args.count("cycle", a, 1, 1)
                let xs = try items(a[0], "cycle")
                if xs.isEmpty { return .list([]) }
                return ConfigValue(.object(EndlessIterator(name: "cycle", repr: "<itertools.cycle object>") { xs[$0 % xs.count] }))
            }),
            ("repeat", fn("repeat") { a, kw in
                let p = try BoundArguments("repeat", a, kw, ["object", "times"], required: 1)
                let x = p["object"]!
                if let n = try p.int("times") {
                    try limit(Double(n), "repeat")
                    return .list([ConfigValue](repeating: x, count: Swift.max(0, n)))
                }
                return ConfigValue(.object(EndlessIterator(name: "repeat", repr: "repeat(\(x.repr))") { _ in x }))
            }),
            ("groupby", fn("groupby") { a, kw in
                let p = try BoundArguments("groupby", a, kw, ["iterable", "key"], required: 1)
                var out: [ConfigValue] = []
                var current: (key: ConfigValue, group: [ConfigValue])?
                for x in try items(p["iterable"]!, "groupby") {
                    let k = try p.value("key").map { try call($0, [x]) } ?? x
                    if let c = current, try Operators.equalsThrowing(c.key, k) {
                        current!.group.append(x)
                    } else {
                        if let c = current { out.append(ConfigValue(.tuple([c.key, .list(c.group)]))) }
                        current = (k, [x])
                    }
                }
                if let c = current { out.append(ConfigValue(.tuple([c.key, .list(c.group)]))) }
                return .list(out)
            }),
            ("zip_longest", fn("zip_longest") { a, kw in
                let p = try BoundArguments("zip_longest", [], kw, ["fillvalue"])
                let seqs = try a.map { try items($0, "zip_longest") }
                let n = seqs.map { $0.count }.max() ?? 0
                let fill = p["fillvalue"] ?? .none
                return .list((0..<n).map { i in ConfigValue(.tuple(seqs.map { i < $0.count ? $0[i] : fill })) })
            }),
            ("starmap", fn("starmap") { a, kw in
                try Args.noKwargs("starmap", kw)
                try Args.count("starmap", a, 2, 2)
                return .list(try items(a[1], "starmap").map { try call(a[0], try Operators.iterate($0)) })
            }),
            ("compress", fn("compress") { a, kw in
                let p = try BoundArguments("compress", a, kw, ["data", "selectors"], required: 2)
                let data = try items(p["data"]!, "compress"), sel = try items(p["selectors"]!, "compress")
                return .list(zip(data, sel).filter { $0.1.isTruthy }.map { $0.0 })
            }),
            ("filterfalse", fn("filterfalse") { a, kw in
                try Args.noKwargs("filterfalse", kw)
                try Args.count("filterfalse", a, 2, 2)
                return .list(try items(a[1], "filterfalse").filter { x in
                    !(a[0].isNone ? x.isTruthy : try call(a[0], [x]).isTruthy)
                })
            }),
            ("takewhile", fn("takewhile") { a, kw in
                try Args.noKwargs("takewhile", kw)
                try Args.count("takewhile", a, 2, 2)
                var out: [ConfigValue] = []
                if case .object(let e as EndlessIterator) = a[1].kind {
                    while true {
                        let x = try e.next()
                        if !(try call(a[0], [x]).isTruthy) { return .list(out) }
                        out.append(x)
                        if out.count > Operators.maxSequenceLength { throw EndlessIterator.refusal(e.name, "takewhile") }
                    }
                }
                for x in try items(a[1], "takewhile") {
                    if !(try call(a[0], [x]).isTruthy) { break }
                    out.append(x)
                }
                return .list(out)
            }),
            ("dropwhile", fn("dropwhile") { a, kw in
                try Args.noKwargs("dropwhile", kw)
                try Args.count("dropwhile", a, 2, 2)
                let xs = try items(a[1], "dropwhile")
                var k = 0
                while k < xs.count, try call(a[0], [xs[k]]).isTruthy { k += 1 }
                return .list(Array(xs[k...]))
            }),
            ("pairwise", fn("pairwise") { a, kw in
                try Args.noKwargs("pairwise", kw)
                try Args.count("pairwise", a, 1, 1)
                let xs = try items(a[0], "pairwise")
                return .list(xs.count < 2 ? [] : (1..<xs.count).map { ConfigValue(.tuple([xs[$0 - 1], xs[$0]])) })
            }),
            ("tee", fn("tee") { a, kw in
                try Args.noKwargs("tee", kw)
                try Args.count("tee", a, 1, 2)
                let xs = try items(a[0], "tee")
                let n = a.count == 2 ? try Args.int("tee", a[1]) : 2
                guard n >= 0 else { throw ConfigError(.value, "n must be >= 0") }
                return ConfigValue(.tuple((0..<n).map { _ in .list(xs) }))
            }),
        ]
        return ConfigValue(.module(ConfigModule(name: "itertools", attributes: attrs)))
    }

    /// The elements of a finite iterable (an endless one is refused, naming `function`).
    static func items(_ v: ConfigValue, _ function: String) throws -> [ConfigValue] {
        if case .object(let e as EndlessIterator) = v.kind { throw EndlessIterator.refusal(e.name, function) }
        return try Operators.iterate(v)
    }

    /// Refuses results larger than the config limit on sequence lengths.
    static func limit(_ count: Double, _ function: String) throws {
        if count > Double(Operators.maxSequenceLength) {
            throw ConfigError(.limit, "itertools.\(function)() would produce about \(Int(Swift.min(count, 9e18))) items, more than the config limit of \(Operators.maxSequenceLength)")
        }
    }

    private static func combinations(_ a: [ConfigValue], _ kw: [(String, ConfigValue)], replacement: Bool) throws -> ConfigValue {
        let name = replacement ? "combinations_with_replacement" : "combinations"
        let p = try BoundArguments(name, a, kw, ["iterable", "r"], required: 2)
        let pool = try items(p["iterable"]!, name)
        guard let r = try p.int("r"), r >= 0 else { throw ConfigError(.value, "r must be non-negative") }
        let n = pool.count
        // n choose r (or n + r - 1 choose r with replacement), as a size check.
        let top = replacement ? n + r - 1 : n
        if !replacement && r > n { return .list([]) }
        try limit((0..<Swift.min(r, Swift.max(top - r, 0))).reduce(1.0) { $0 * Double(top - $1) / Double($1 + 1) }, name)
        var out: [ConfigValue] = []
        var chosen: [Int] = []
        func walk(_ from: Int) {
            if chosen.count == r { out.append(ConfigValue(.tuple(chosen.map { pool[$0] }))); return }
            guard from < n else { return }
            for i in from..<n {
                chosen.append(i)
                walk(replacement ? i : i + 1)
                chosen.removeLast()
            }
        }
        walk(0)
        return .list(out)
    }
}

/// `itertools.chain(*iterables)` and `itertools.chain.from_iterable(iterable)`: the elements one
/// after the other, as a list.
final class ItertoolsChain: PyObject {
    override var typeName: String { "type" }
    override var isCallable: Bool { true }
    override func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        try Args.noKwargs("chain", kwargs)
        return .list(try args.flatMap { try ItertoolsModule.items($0, "chain") })
    }
    override var attributeNames: [String] { ["from_iterable"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        guard name == "from_iterable" else { return nil }
        return NativeModules.fn(name) { a, kw in
            try Args.noKwargs(name, kw)
            try Args.count(name, a, 1, 1)
            return .list(try ItertoolsModule.items(a[0], name).flatMap { try ItertoolsModule.items($0, "chain.from_iterable") })
        }
    }
    override func repr() throws -> String { "<class 'itertools.chain'>" }
}

/// An endless iterator (`itertools.count()`, `cycle(x)`, `repeat(x)`): `next()`, `islice`,
/// `zip` with a finite sequence, `map` and `takewhile` take elements from it; a `for` loop,
/// `list()` or anything else that would run forever is refused with a located error.
///
/// ```python
/// ids = dict(zip(["a", "b"], itertools.count(1)))     # {'a': 1, 'b': 2}
/// ```
final class EndlessIterator: PyObject {
    /// The itertools function that made it.
    let name: String
    private let shown: String
    private let nth: (Int) throws -> ConfigValue
    private var position = 0

    /// An iterator whose `i`-th element (from its creation) is `nth(i)`.
    init(name: String, repr: String, _ nth: @escaping (Int) throws -> ConfigValue) {
        self.name = name
        self.shown = repr
        self.nth = nth
    }

    /// `next(it)`.
    func next() throws -> ConfigValue {
        defer { position += 1 }
        return try nth(position)
    }

    /// The next `count` elements.
    func take(_ count: Int) throws -> [ConfigValue] { try (0..<Swift.max(0, count)).map { _ in try next() } }

    /// Elements `start..<stop` by `step` counted from the current position; the iterator moves
    /// past `stop`.
    func take(start: Int, stop: Int, step: Int) throws -> [ConfigValue] {
        let base = position
        position += Swift.max(stop, start)
        return start < stop ? try Swift.stride(from: start, to: stop, by: step).map { try nth(base + $0) } : []
    }

    /// The refusal for using an endless iterator where all its elements would be needed.
    static func refusal(_ name: String, _ use: String) -> ConfigError {
        ConfigError(.unsupported, "itertools.\(name)() never ends, so \(use) over it would run forever; bound it with itertools.islice(it, n) or zip it with a finite sequence")
    }

    override var typeName: String { name }
    override func iterate() throws -> [ConfigValue]? { throw EndlessIterator.refusal(name, "a loop or list()") }
    override func repr() throws -> String { shown }
}
