import ReturnnConfig

/// The difference of two net dicts as text lines, in the format of RETURNN's `obj_diff_list`
/// (`returnn/util/basic.py`), which the engine prints at v3 before it rebuilds the network
/// ("reinit because network description differs. Diff:"). An empty list means equal.
///
/// Values of different Python types differ (`1` vs `1.0`, `True` vs `1`, a list vs a tuple);
/// dict keys are compared as sets and then value by value; functions compare by identity.
enum PretrainNetDiff {
    /// The diff lines of `a` ("self") against `b` ("other").
    static func lines(_ a: ConfigValue, _ b: ConfigValue) -> [String] {
        diff(a, b, prefix: "", depth: 0)
    }

    private static func diff(_ a: ConfigValue, _ b: ConfigValue, prefix: String, depth: Int) -> [String] {
        if depth > 200 { return ["\(prefix)nested more than 200 levels deep"] }
        switch (a.isNone, b.isNone) {
        case (true, true): return []
        case (true, false): return ["\(prefix)self is None and other is \(b.repr)"]
        case (false, true): return ["\(prefix)other is None and self is \(a.repr)"]
        case (false, false): break
        }
        if a.typeName != b.typeName {
            return ["\(prefix)type diff: self is \(a.typeName) but other is \(b.typeName)"]
        }
        switch (a.kind, b.kind) {
        case (.list, .list), (.tuple, .tuple):
            let x = a.sequenceItems ?? [], y = b.sequenceItems ?? []
            if x.count != y.count { return ["\(prefix)list diff len: len self: \(x.count), len other: \(y.count)"] }
            var s: [String] = []
            for (i, (p, q)) in zip(x, y).enumerated() {
                s += diff(p, q, prefix: "\(prefix)[\(i)] ", depth: depth + 1)
            }
            return s.isEmpty ? [] : ["\(prefix)list diff:"] + s
        case (.set(let x), .set(let y)):
            let onlyX = sortedForDiff(x.items.filter { (try? y.contains($0)) != true })
            let onlyY = sortedForDiff(y.items.filter { (try? x.contains($0)) != true })
            if onlyX.count == 1, onlyY.count == 1 {
                let s = diff(onlyX[0], onlyY[0], prefix: "", depth: depth + 1)
                if s.count == 1 { return ["\(prefix)set diff value: \(s[0])"] }
            }
            let s = onlyX.map { "\(prefix)  \($0.repr) not in other" } + onlyY.map { "\(prefix)  \($0.repr) not in self" }
            return s.isEmpty ? [] : ["\(prefix)set diff:"] + s
        case (.dict(let x), .dict(let y)):
            if x === y { return [] }
            var s: [String] = []
            var same: [ConfigValue] = []
            for k in sortedForDiff(x.keys) {
                if (try? y.get(k)) ?? nil != nil { same.append(k) } else { s.append("\(prefix)  key \(k.repr) not in other") }
            }
            for k in sortedForDiff(y.keys) where ((try? x.get(k)) ?? nil) == nil {
                s.append("\(prefix)  key \(k.repr) not in self")
            }
            for k in same {
                guard let p = (try? x.get(k)) ?? nil, let q = (try? y.get(k)) ?? nil else { continue }
                s += diff(p, q, prefix: "\(prefix)[\(k.repr)] ", depth: depth + 1)
            }
            return s.isEmpty ? [] : ["\(prefix)dict diff:"] + s
        default:
            return scalarsEqual(a, b) ? [] : ["\(prefix)self: \(a.repr) != other: \(b.repr)"]
        }
    }

    /// Equality of two values of the same non-container type (Python `==`; NaN differs from itself).
    private static func scalarsEqual(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a.kind, b.kind) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.str(let x), .str(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.function(let x), .function(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        default: return false
        }
    }

    /// Keys or set elements in a deterministic order: str keys by their text (Python's `sorted`),
    /// other types after them, grouped by type and ordered by their repr.
    private static func sortedForDiff(_ items: [ConfigValue]) -> [ConfigValue] {
        items.sorted { p, q in
            switch (p.stringValue, q.stringValue) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil):
                if p.typeName != q.typeName { return p.typeName < q.typeName }
                if let x = p.doubleValue, let y = q.doubleValue { return x < y }
                return p.repr < q.repr
            }
        }
    }
}
