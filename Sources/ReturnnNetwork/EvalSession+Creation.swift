import ReturnnConfig
import ReturnnTensor

/// TF ops of `eval` layers that make new tensors or select between them: `tf.range`,
/// `tf.sequence_mask`, `tf.one_hot`, `tf.zeros`/`ones`/`fill` (and `_like`), `tf.where`.
extension EvalSession {
    /// `tf.range(start, limit=None, delta=1, dtype=None)` (`tf.range(n)` counts from 0).
    func range(_ p: BoundArguments, function: String) throws -> TensorValue {
        var start = p["start"] ?? .int(0), limit = p.value("limit"), delta = p.value("delta") ?? .int(1)
        if limit == nil { limit = start; start = .int(0) }
        let values = [start, limit!, delta].map { v -> ConfigValue in
            if case .object(let t as TensorValue) = v.kind, let s = t.scalarValue { return s }
            return v
        }
        let dtype = try p.value("dtype").flatMap { try TFDType.parse($0, function: function) }
            ?? (values.contains { if case .float = $0.kind { return true } else { return false } } ? .float32 : .int32)
        guard let a = values[0].doubleValue, let b = values[1].doubleValue, let d = values[2].doubleValue else {
            throw ConfigError(.type, "\(function): start, limit and delta must be numbers or scalar tensors")
        }
        guard d != 0 else { throw ConfigError(.value, "\(function): delta must not be 0", pythonClass: "ValueError") }
        let n = Swift.max(0, Int(((b - a) / d).rounded(.up)))
        guard n <= 10_000_000 else { throw ConfigError(.limit, "\(function): \(n) elements are too many") }
        if dtype.isInt { return ints((0..<n).map { Int(a) + $0 * Int(d) }, shape: [n], dtype: dtype) }
        guard dtype == .float32 else { throw ConfigError(.type, "\(function): dtype must be numeric") }
        return float(Tensor(shape: [n], (0..<n).map { Float(a + Double($0) * d) }))
    }

    /// `tf.sequence_mask(lengths, maxlen=None, dtype=tf.bool)`: shape `lengths.shape + [maxlen]`.
    func sequenceMask(_ lengthsValue: ConfigValue, maxlen: ConfigValue?, dtype: TFDType, function: String) throws -> TensorValue {
        let lengths = try tensor(lengthsValue, function: function)
        guard lengths.dtype.isInt else { throw ConfigError(.type, "\(function): lengths must be an int tensor, got \(lengths.dtype.rawValue)") }
        let l = lengths.ints
        let m = try maxlen.map { try int($0, function: function, what: "maxlen") } ?? (l.max() ?? 0)
        guard m >= 0 else { throw ConfigError(.value, "\(function): maxlen must be non-negative, got \(m)") }
        var out: [Bool] = []
        out.reserveCapacity(l.count * m)
        for n in l { for t in 0..<m { out.append(t < n) } }
        return cast(bools(out, shape: lengths.shape + [m]), to: dtype)
    }

    /// `tf.one_hot(indices, depth, on_value=1, off_value=0, axis=-1, dtype=tf.float32)`.
    func oneHot(_ p: BoundArguments, function: String) throws -> TensorValue {
        let indices = try tensor(p["indices"]!, function: function)
        guard indices.dtype.isInt else { throw ConfigError(.type, "\(function): indices must be an int tensor") }
        let depth = try int(p["depth"]!, function: function, what: "depth")
        let on = try p.value("on_value").map { try tensor($0, function: function) }
        let off = try p.value("off_value").map { try tensor($0, function: function) }
        let dtype = try p.value("dtype").flatMap { try TFDType.parse($0, function: function) } ?? on?.dtype ?? off?.dtype ?? .float32
        let onV = on?.doubles.first ?? 1, offV = off?.doubles.first ?? 0
        let axis = try self.axis(p["axis"] ?? .int(-1), rank: indices.rank + 1, function: function)
        var out: [Double] = []
        out.reserveCapacity(indices.count * depth)
        for i in indices.ints { for d in 0..<depth { out.append(i == d ? onV : offV) } }
        let t = fromDoubles(out, shape: indices.shape + [depth], dtype: dtype)
        guard axis != indices.rank else { return t }
        var perm = Array(0..<indices.rank)
        perm.insert(indices.rank, at: axis)
        return permute(t, perm)
    }

    /// `tf.fill(dims, value)`, `tf.zeros(shape, dtype)`, `tf.ones(shape, dtype)`.
    func filled(_ shape: [Int], _ value: ConfigValue, dtype: TFDType?, function: String) throws -> TensorValue {
        let v = try tensor(value, dtype: dtype, function: function)
        guard v.count == 1 else { throw ConfigError(.value, "\(function): the value must be a scalar, got shape \(v.shape)") }
        let n = shape.reduce(1, *)
        guard n <= 100_000_000 else { throw ConfigError(.limit, "\(function): \(n) elements are too many") }
        return take(v, [Int](repeating: 0, count: n), shape: shape)
    }

    /// `tf.zeros_like`/`tf.ones_like(x, dtype=None)`.
    func filledLike(_ x: TensorValue, one: Bool, dtype: TFDType?, function: String) throws -> TensorValue {
        let dt = dtype ?? x.dtype
        return fromDoubles([Double](repeating: one ? 1 : 0, count: x.count), shape: x.shape, dtype: dt)
    }

    /// `tf.where(condition, x, y)` (and `tf.compat.v1.where`): `x` where the condition holds,
    /// else `y`, broadcasting as `tf.where` in TF2. A rank-1 condition against values of higher
    /// rank whose first axis it matches selects whole rows, as TF1's `tf.where` (the SpecAugment
    /// code of public setups relies on that). Float results are differentiable in `x` and `y`.
    func select(_ condValue: ConfigValue, _ xValue: ConfigValue, _ yValue: ConfigValue, function: String) throws -> TensorValue {
        var cond = try tensor(condValue, function: function)
        guard cond.dtype == .bool else {
            throw ConfigError(.type, "\(function): the condition must be a bool tensor, got \(cond.dtype.rawValue); compare first or use tf.cast(c, tf.bool)")
        }
        let (x, y) = try operands(xValue, yValue, function: function)
        let r = Swift.max(x.rank, y.rank)
        let lead = x.rank >= y.rank ? x.shape.first : y.shape.first
        if cond.rank == 1, r > 1, cond.shape[0] == lead {
            cond = cond.reshaped(cond.shape + [Int](repeating: 1, count: r - 1))
        }
        let shape = try broadcastShape([cond.shape, x.shape, y.shape], function: function)
        if x.dtype == .float32 {
            let mask = Tensor(shape: cond.shape, cond.bools.map { $0 ? 1 : 0 })
            return float(tape.select(mask, x.variable, y.variable))
        }
        let ic = TensorIndexMap.broadcast(from: cond.shape, to: shape)
        let ix = TensorIndexMap.broadcast(from: x.shape, to: shape), iy = TensorIndexMap.broadcast(from: y.shape, to: shape)
        let c = cond.bools
        if x.dtype == .bool {
            let a = x.bools, b = y.bools
            return bools(ic.indices.map { c[ic[$0]] ? a[ix[$0]] : b[iy[$0]] }, shape: shape)
        }
        let a = x.ints, b = y.ints
        return ints(ic.indices.map { c[ic[$0]] ? a[ix[$0]] : b[iy[$0]] }, shape: shape, dtype: x.dtype)
    }

    /// `tf.where(condition)`: the indices (int64 `[n, rank]`) of the true elements.
    func trueIndices(_ condValue: ConfigValue, function: String) throws -> TensorValue {
        let cond = try tensor(condValue, function: function)
        let d = cond.doubles
        var out: [Int] = []
        var count = 0
        for (i, v) in d.enumerated() where v != 0 {
            var rest = i
            var idx = [Int](repeating: 0, count: cond.rank)
            for k in stride(from: cond.rank - 1, through: 0, by: -1) {
                idx[k] = rest % cond.shape[k]
                rest /= cond.shape[k]
            }
            out += idx
            count += 1
        }
        return ints(out, shape: [count, cond.rank], dtype: .int64)
    }
}
