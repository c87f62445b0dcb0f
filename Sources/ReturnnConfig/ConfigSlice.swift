/// A Python `slice` object: `slice(1, 3)`, and the slices inside a tuple index (`a[1:3, 0]`,
/// numpy), which the interpreter evaluates to this object.
///
/// ```python
/// s = slice(None, None, -1)
/// rev = [1, 2, 3][s]          # [3, 2, 1]
/// ```
final class ConfigSlice: PyObject {
    /// `slice.start` (None when omitted).
    let lower: ConfigValue
    /// `slice.stop` (None when omitted).
    let upper: ConfigValue
    /// `slice.step` (None when omitted).
    let step: ConfigValue

    /// Creates `slice(lower, upper, step)`.
    init(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// `slice(stop)`, `slice(start, stop[, step])`.
    static func make(_ a: [ConfigValue], _ kw: [(String, ConfigValue)]) throws -> ConfigValue {
        try Args.noKwargs("slice", kw)
        try Args.count("slice", a, 1, 3)
        let s = a.count == 1 ? ConfigSlice(.none, a[0], .none) : ConfigSlice(a[0], a[1], a.count == 3 ? a[2] : .none)
        return ConfigValue(.object(s))
    }

    /// The indices this slice selects in a sequence of `count` elements (Python's `indices`).
    func indices(count: Int) throws -> [Int] { try Operators.sliceIndices(lower, upper, step, count: count) }

    override var typeName: String { "slice" }
    override var attributeNames: [String] { ["start", "stop", "step", "indices"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "start": return lower
        case "stop": return upper
        case "step": return step
        case "indices":
            return NativeModules.fn("indices") { [self] a, _ in
                try Args.count("indices", a, 1, 1)
                let n = try Args.int("indices", a[0])
                let st = step.isNone ? 1 : try Args.int("indices", step)
                let idx = try indices(count: n)
                let start = idx.first ?? (st > 0 ? n : n - 1)
                let stop = idx.last.map { $0 + st } ?? start
                return ConfigValue(.tuple([.int(start), .int(stop), .int(st)]))
            }
        default: return nil
        }
    }
    override func repr() throws -> String {
        "slice(\(ValueFormatting.repr(lower)), \(ValueFormatting.repr(upper)), \(ValueFormatting.repr(step)))"
    }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne, case .object(let o as ConfigSlice) = other.kind else { return nil }
        let same = Operators.equals(lower, o.lower) && Operators.equals(upper, o.upper) && Operators.equals(step, o.step)
        return .bool(same == (op == .eq))
    }
}
