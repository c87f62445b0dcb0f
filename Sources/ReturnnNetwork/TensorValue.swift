import ReturnnConfig
import ReturnnTensor

/// A tensor in the config code of an `eval` layer (TF's eager `tf.Tensor`): float32 values on the
/// autodiff tape, or int32/int64/bool values, with a concrete shape.
///
/// Python operators map to the TF ops (`+ - * / // % **`, comparisons, `& | ^ ~`, unary `-`),
/// broadcasting as numpy; a Python number next to a tensor takes the tensor's dtype (an int tensor
/// and a float number are refused, as in TF). Indexing (`x[:, 0]`, `x[:, i]` with a scalar
/// tensor `i`, `x[None]`), `x.shape`, `x.get_shape()`, `x.dtype`, `len(x)`, iteration over the
/// first axis, and `bool(x)`/`int(x)`/`float(x)` for one element (eager semantics) work.
public final class TensorValue: PyObject {
    /// The values.
    enum Payload {
        /// float32 values on the tape.
        case float(Variable)
        /// int32/int64 values.
        case int([Int])
        /// bool values.
        case bool([Bool])
    }

    /// Where a float tensor came from, when a later op has a better form for it (RETURNN's
    /// `safe_log` of a softmax is the log-softmax of its logits).
    enum Origin {
        /// `softmax(logits)` over the last axis.
        case softmax(Variable)
        /// `sigmoid(x)`.
        case sigmoid(Variable)
        /// `exp(x)`.
        case exp(Variable)
    }

    let payload: Payload
    /// The shape.
    public let shape: [Int]
    /// The element type.
    public let dtype: TFDType
    /// The eval run the tensor belongs to (its tape and generators).
    let session: EvalSession
    /// The producing op, when it matters to `safe_log`.
    let origin: Origin?

    init(_ payload: Payload, shape: [Int], dtype: TFDType, session: EvalSession, origin: Origin? = nil) {
        self.payload = payload
        self.shape = shape
        self.dtype = dtype
        self.session = session
        self.origin = origin
        super.init()
        precondition(ShapeUtil.count(shape) == count, "TensorValue: shape \(shape) does not fit \(count) values")
    }

    /// Number of elements.
    var count: Int {
        switch payload {
        case .float(let v): return v.value.count
        case .int(let a): return a.count
        case .bool(let a): return a.count
        }
    }

    /// Number of axes.
    var rank: Int { shape.count }

    /// The float variable (precondition: float dtype).
    var variable: Variable {
        guard case .float(let v) = payload else { preconditionFailure("TensorValue: \(dtype) tensor has no float variable") }
        return v
    }

    /// The int values (precondition: int dtype).
    var ints: [Int] {
        guard case .int(let a) = payload else { preconditionFailure("TensorValue: \(dtype) tensor has no int values") }
        return a
    }

    /// The bool values (precondition: bool dtype).
    var bools: [Bool] {
        guard case .bool(let a) = payload else { preconditionFailure("TensorValue: \(dtype) tensor has no bool values") }
        return a
    }

    /// The values as doubles (bools as 0/1), for non-differentiable computations.
    var doubles: [Double] {
        switch payload {
        case .float(let v): return v.value.array.map(Double.init)
        case .int(let a): return a.map(Double.init)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        }
    }

    /// The values as a float tensor (ints converted, bools as 0/1), without gradient.
    var floatTensor: Tensor {
        if case .float(let v) = payload { return v.value }
        return Tensor(shape: shape, doubles.map { Float($0) })
    }

    /// The single value as a Python number, or nil when the tensor has more than one element.
    var scalarValue: ConfigValue? {
        guard count == 1 else { return nil }
        switch payload {
        case .float(let v): return .float(Double(v.value.pointer[0]))
        case .int(let a): return .int(a[0])
        case .bool(let a): return .bool(a[0])
        }
    }

    /// The single value as an int, or nil when the tensor is no one-element integer tensor.
    var scalarInt: Int? {
        guard count == 1, case .int(let a) = payload else { return nil }
        return a[0]
    }

    /// The same values with another shape (same element count).
    func reshaped(_ newShape: [Int]) -> TensorValue {
        if newShape == shape { return self }
        switch payload {
        case .float(let v): return TensorValue(.float(session.tape.reshape(v, newShape)), shape: newShape, dtype: dtype, session: session)
        default: return TensorValue(payload, shape: newShape, dtype: dtype, session: session)
        }
    }

    // MARK: Python

    override public var typeName: String { "Tensor" }
    override public var attributeNames: [String] { ["shape", "dtype", "get_shape", "ndim", "set_shape"] }

    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "shape": return ConfigValue(.object(TensorShapeObject(shape)))
        case "dtype": return ConfigValue(.object(TFDTypeObject(dtype)))
        case "ndim": return .int(rank)
        case "get_shape":
            return ConfigValue(.function(ConfigFunction(name: "get_shape") { [shape] _, _ in ConfigValue(.object(TensorShapeObject(shape))) }))
        case "set_shape":
            return ConfigValue(.function(ConfigFunction(name: "set_shape") { [shape] a, kw in
                let p = try BoundArguments("Tensor.set_shape", a, kw, ["shape"], required: 1)
                let want = try TensorShapeObject.dims(p["shape"]!, function: "Tensor.set_shape")
                guard want.count == shape.count, zip(want, shape).allSatisfy({ $0 == nil || $0 == $1 }) else {
                    throw ConfigError(.value, "Tensor.set_shape: shape \(shape) is not compatible with \(want.map { $0.map(String.init) ?? "None" })")
                }
                return .none
            }))
        default: return nil
        }
    }

    override public func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        try session.pythonBinary(op, self, other, reflected: reflected).map { ConfigValue(.object($0)) }
    }

    override public func unary(_ op: UnaryOperator) throws -> ConfigValue? {
        switch op {
        case .neg: return ConfigValue(.object(try session.negative(self, function: "unary -")))
        case .pos: return ConfigValue(.object(self))
        case .invert: return ConfigValue(.object(try session.logicalNot(self, function: "~")))
        case .not: return nil
        }
    }

    override public func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        let kind: EvalSession.Comparison
        switch op {
        case .eq: kind = .equal
        case .ne: kind = .notEqual
        case .lt: kind = .less
        case .le: kind = .lessEqual
        case .gt: kind = .greater
        case .ge: kind = .greaterEqual
        default: return nil
        }
        return ConfigValue(.object(try session.compare(kind, ConfigValue(.object(self)), other, function: op.rawValue)))
    }

    override public func isTruthy() throws -> Bool {
        guard let v = scalarValue else {
            throw ConfigError(.value, "the truth value of a tensor of shape \(shape) is ambiguous; reduce it (tf.reduce_any/tf.reduce_all) first",
                              pythonClass: "ValueError")
        }
        return v.isTruthy
    }

    override public func numberValue() throws -> ConfigValue? { scalarValue }

    override public func length() throws -> Int? {
        guard let n = shape.first else { throw ConfigError(.type, "len() of a scalar tensor", pythonClass: "TypeError") }
        return n
    }

    override public func iterate() throws -> [ConfigValue]? {
        guard !shape.isEmpty else { throw ConfigError(.type, "iterating over a scalar tensor is not possible", pythonClass: "TypeError") }
        return try session.unstack(self, axis: 0, function: "iter").map { ConfigValue(.object($0)) }
    }

    override public func getItem(_ index: ConfigValue) throws -> ConfigValue {
        ConfigValue(.object(try session.index(self, index)))
    }

    override public func getSlice(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) throws -> ConfigValue {
        ConfigValue(.object(try session.index(self, items: [.range(lower, upper, step)])))
    }

    override public func repr() throws -> String {
        let shown = doubles.prefix(12).map { d -> String in
            switch dtype {
            case .float32: return "\(Float(d))"
            case .bool: return d != 0 ? "True" : "False"
            default: return "\(Int(d))"
            }
        }
        let values = "[" + shown.joined(separator: ", ") + (count > 12 ? ", ..." : "") + "]"
        return "<tf.Tensor: shape=\(TensorShapeObject.tupleText(shape)), dtype=\(dtype.rawValue), values=\(values)>"
    }
}
