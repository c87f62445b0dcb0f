import ReturnnConfig
import ReturnnTensor

/// One run of an `eval` layer's config code on one batch: the tape the TF functions record on,
/// the train flag and global step the code may ask for, and the layer's random generator.
///
/// The TF functions (`EvalSession+*.swift`) are eager: each call computes its result at once;
/// float results are tape variables, so gradients flow through the differentiable ones back into
/// the layer's sources. Random ops draw from one generator seeded by the config's `random_seed`,
/// the layer name, the epoch and the global step: a step gives the same masks in every run.
public final class EvalSession {
    /// The tape (no-grad outside training).
    let tape: Tape
    /// Whether this is a training step (`network.train_flag`).
    let isTraining: Bool
    /// The global train step (`network.global_train_step`).
    let globalStep: Int
    /// The layer's generator for `tf.random.*`.
    var generator: RandomGenerator
    /// Upper bound for the iterations of one `tf.while_loop` (beyond the config step limit).
    static let maxLoopIterations = 100_000

    /// A session for one forward of a layer.
    init(tape: Tape, isTraining: Bool, globalStep: Int, generator: RandomGenerator) {
        self.tape = tape
        self.isTraining = isTraining
        self.globalStep = globalStep
        self.generator = generator
    }

    // MARK: making tensors

    /// A float tensor.
    func float(_ v: Variable, origin: TensorValue.Origin? = nil) -> TensorValue {
        TensorValue(.float(v), shape: v.shape, dtype: .float32, session: self, origin: origin)
    }

    /// A float constant.
    func float(_ t: Tensor) -> TensorValue { float(Variable(t)) }

    /// An int tensor (values wrapped to 32 bits for int32).
    func ints(_ a: [Int], shape: [Int], dtype: TFDType = .int32) -> TensorValue {
        precondition(dtype.isInt, "EvalSession.ints: \(dtype) is no int dtype")
        return TensorValue(.int(dtype == .int32 ? a.map(dtype.wrap) : a), shape: shape, dtype: dtype, session: self)
    }

    /// A bool tensor.
    func bools(_ a: [Bool], shape: [Int]) -> TensorValue {
        TensorValue(.bool(a), shape: shape, dtype: .bool, session: self)
    }

    /// A tensor of `dtype` from doubles (floats rounded to float32, ints truncated, bools `!= 0`).
    func fromDoubles(_ d: [Double], shape: [Int], dtype: TFDType) -> TensorValue {
        switch dtype {
        case .float32: return float(Tensor(shape: shape, d.map { Float($0) }))
        case .int32, .int64: return ints(d.map { $0.isFinite ? Int(clamping: Int64($0.rounded(.towardZero).clamped(-9.2e18, 9.2e18))) : 0 }, shape: shape, dtype: dtype)
        case .bool: return bools(d.map { $0 != 0 }, shape: shape)
        }
    }

    /// A tensor with the elements of `x` at the flat indices `idx` (−1: `fill`), shaped `shape`.
    /// Differentiable for floats (`Tape.take`).
    func take(_ x: TensorValue, _ idx: [Int], shape: [Int], fill: Double = 0) -> TensorValue {
        switch x.payload {
        case .float(let v):
            return float(tape.take(v, rows: IntTensor(shape: [idx.count], idx.map { Int32($0) }), rowSize: 1, shape: shape, fill: Float(fill)))
        case .int(let a):
            let f = Int(fill)
            return ints(idx.map { $0 < 0 ? f : a[$0] }, shape: shape, dtype: x.dtype)
        case .bool(let a):
            return bools(idx.map { $0 < 0 ? fill != 0 : a[$0] }, shape: shape)
        }
    }

    // MARK: converting config values

    /// `tf.convert_to_tensor(v, dtype)`: a tensor stays (its dtype must match a given one), Python
    /// numbers and (nested) lists of numbers and tensors become tensors. Without `dtype`, ints
    /// become int32 and floats float32.
    func tensor(_ v: ConfigValue, dtype: TFDType? = nil, function: String) throws -> TensorValue {
        if case .object(let t as TensorValue) = v.kind {
            if let dtype, dtype != t.dtype {
                throw ConfigError(.type, "\(function): expected a \(dtype.rawValue) tensor, got \(t.dtype.rawValue); convert it with tf.cast")
            }
            return t
        }
        if case .object(let d as EvalDataObject) = v.kind {
            throw ConfigError(.type, "\(function): got a Data object (\(try d.repr())); use its .placeholder")
        }
        if let items = v.sequenceItems {
            let leaves = try flattenScalars(items, function: function)
            if let (values, shape) = leaves {
                let dt = dtype ?? inferredDType(values)
                return try scalars(values, shape: shape, dtype: dt, function: function)
            }
            // Tensors inside: convert each element, then stack (TF's packing).
            let parts = try items.map { try tensor($0, dtype: dtype, function: function) }
            return try stack(parts, axis: 0, function: function)
        }
        var number = v
        if case .object(let o) = v.kind, let n = try o.numberValue() { number = n }
        switch number.kind {
        case .bool, .int, .float:
            return try scalars([number], shape: [], dtype: dtype ?? inferredDType([number]), function: function)
        default:
            throw ConfigError(.type, "\(function): expected a tensor or a number, got \(v.typeName) \(v.repr)")
        }
    }

    /// Nested lists of Python numbers as values and shape, or nil when some element is a tensor.
    private func flattenScalars(_ items: [ConfigValue], function: String) throws -> ([ConfigValue], [Int])? {
        var values: [ConfigValue] = []
        var inner: [Int]?
        for item in items {
            if let sub = item.sequenceItems {
                guard let (v, s) = try flattenScalars(sub, function: function) else { return nil }
                if let inner, inner != s { throw ConfigError(.value, "\(function): nested lists of different lengths cannot make a tensor") }
                inner = s
                values += v
            } else {
                switch item.kind {
                case .bool, .int, .float:
                    if inner != nil && inner != [] { throw ConfigError(.value, "\(function): nested lists of different lengths cannot make a tensor") }
                    inner = []
                    values.append(item)
                default: return nil
                }
            }
        }
        return (values, [items.count] + (inner ?? []))
    }

    private func inferredDType(_ values: [ConfigValue]) -> TFDType {
        if values.contains(where: { if case .float = $0.kind { return true } else { return false } }) { return .float32 }
        if values.contains(where: { if case .int = $0.kind { return true } else { return false } }) { return .int32 }
        return values.isEmpty ? .float32 : .bool
    }

    private func scalars(_ values: [ConfigValue], shape: [Int], dtype: TFDType, function: String) throws -> TensorValue {
        switch dtype {
        case .float32:
            return float(Tensor(shape: shape, values.map { Float($0.doubleValue ?? 0) }))
        case .int32, .int64:
            return ints(try values.map { v in
                if case .float(let d) = v.kind { throw ConfigError(.type, "\(function): cannot convert \(d) to a tensor of dtype \(dtype.rawValue); TF does not mix ints and floats (use tf.cast)") }
                return v.intValue ?? 0
            }, shape: shape, dtype: dtype)
        case .bool:
            return bools(try values.map { v in
                guard let b = v.boolValue else { throw ConfigError(.type, "\(function): cannot convert \(v.repr) to a tensor of dtype bool") }
                return b
            }, shape: shape)
        }
    }

    /// Two operands of an elementwise op as tensors of one dtype: a Python number takes the
    /// other operand's dtype; two tensors must agree (TF does not promote).
    func operands(_ a: ConfigValue, _ b: ConfigValue, function: String) throws -> (TensorValue, TensorValue) {
        let ta = a.objectValue as? TensorValue, tb = b.objectValue as? TensorValue
        let x = try ta ?? tensor(a, dtype: tb?.dtype, function: function)
        let y = try tb ?? tensor(b, dtype: x.dtype, function: function)
        guard x.dtype == y.dtype else {
            throw ConfigError(.type, "\(function): operands have different dtypes \(x.dtype.rawValue) and \(y.dtype.rawValue); TF does not promote, convert one with tf.cast")
        }
        return (x, y)
    }

    /// The broadcast shape of `shapes`, or a TF-style error naming them.
    func broadcastShape(_ shapes: [[Int]], function: String) throws -> [Int] {
        var out: [Int] = []
        for s in shapes {
            guard let r = Broadcast.shape(out, s) else {
                throw ConfigError(.value, "\(function): shapes \(shapes.map { TensorShapeObject.tupleText($0) }.joined(separator: " and ")) are incompatible (broadcasting aligns the last axes; sizes must be equal or 1)",
                                  pythonClass: "ValueError")
            }
            out = r
        }
        return out
    }

    // MARK: argument helpers

    /// A Python int or a one-element int tensor.
    func int(_ v: ConfigValue, function: String, what: String) throws -> Int {
        if let i = v.intValue, v.boolValue == nil { return i }
        if case .object(let t as TensorValue) = v.kind, let i = t.scalarInt { return i }
        throw ConfigError(.type, "\(function): \(what) must be an int or a scalar int tensor, got \(v.repr)")
    }

    /// A shape: a list/tuple of ints and scalar int tensors, a 1-D int tensor (`tf.shape(x)`), or
    /// a `TensorShape`.
    func shapeArgument(_ v: ConfigValue, function: String) throws -> [Int] {
        if case .object(let t as TensorValue) = v.kind {
            guard t.dtype.isInt, t.rank <= 1 else { throw ConfigError(.type, "\(function): a shape tensor must be a 1-D int tensor, got \(try t.repr())") }
            return t.ints
        }
        if let n = v.intValue, v.boolValue == nil { return [n] }
        let dims = try TensorShapeObject.dims(v, function: function)
        return try dims.map { d in
            guard let d, d >= 0 else { throw ConfigError(.value, "\(function): shape \(v.repr) has an unknown or negative dim") }
            return d
        }
    }

    /// An axis in `0..<rank` from a (possibly negative) int.
    func axis(_ v: ConfigValue, rank: Int, function: String) throws -> Int {
        let a = try int(v, function: function, what: "axis")
        let k = a < 0 ? a + rank : a
        guard k >= 0 && k < rank else {
            throw ConfigError(.value, "\(function): axis \(a) is out of range for a tensor of rank \(rank)", pythonClass: "ValueError")
        }
        return k
    }

    /// Axes from `None` (nil), an int, a list of ints or a 1-D int tensor; sorted, unique.
    func axes(_ v: ConfigValue?, rank: Int, function: String) throws -> [Int]? {
        guard let v, !v.isNone else { return nil }
        var items: [ConfigValue]
        if case .object(let t as TensorValue) = v.kind, t.dtype.isInt { items = t.ints.map { .int($0) } } else { items = v.sequenceItems ?? [v] }
        if items.isEmpty { return [] }
        let ks = try items.map { try axis($0, rank: rank, function: function) }
        guard Set(ks).count == ks.count else { throw ConfigError(.value, "\(function): axis \(v.repr) names an axis twice") }
        return ks.sorted()
    }
}

extension Double {
    fileprivate func clamped(_ lo: Double, _ hi: Double) -> Double { Swift.min(Swift.max(self, lo), hi) }
}
