import Foundation
import ReturnnConfig
import ReturnnTensor

/// Elementwise TF ops of `eval` layers: arithmetic (`tf.add` ... `tf.pow`, Python operators),
/// comparisons, logical ops, and unary math. Float ops run on the tape (differentiable where TF's
/// are); int and bool ops compute values directly.
extension EvalSession {
    /// Binary arithmetic ops.
    enum Arithmetic: String {
        case add, subtract, multiply, truediv, floordiv, floormod, pow, maximum, minimum
        case squaredDifference = "squared_difference"
    }

    /// Comparisons (result bool).
    enum Comparison: String {
        case equal, notEqual = "not_equal", less, lessEqual = "less_equal", greater, greaterEqual = "greater_equal"
    }

    /// Logical binary ops on bool tensors.
    enum Logical: String {
        case and = "logical_and", or = "logical_or", xor = "logical_xor"
    }

    /// Python operators on tensors; nil when the other operand cannot be a tensor (Python then
    /// raises its `TypeError`).
    func pythonBinary(_ op: BinaryOperator, _ t: TensorValue, _ other: ConfigValue, reflected: Bool) throws -> TensorValue? {
        switch other.kind {
        case .bool, .int, .float, .list, .tuple, .object: break
        default: return nil
        }
        if case .object(let o) = other.kind, !(o is TensorValue), try o.numberValue() == nil, !o.isSequence { return nil }
        let me = ConfigValue(.object(t))
        let (a, b) = reflected ? (other, me) : (me, other)
        let name = "operator \(op.rawValue)"
        switch op {
        case .add: return try arithmetic(.add, a, b, function: name)
        case .sub: return try arithmetic(.subtract, a, b, function: name)
        case .mul: return try arithmetic(.multiply, a, b, function: name)
        case .div: return try arithmetic(.truediv, a, b, function: name)
        case .floorDiv: return try arithmetic(.floordiv, a, b, function: name)
        case .mod: return try arithmetic(.floormod, a, b, function: name)
        case .pow: return try arithmetic(.pow, a, b, function: name)
        case .bitAnd: return try logical(.and, a, b, function: name)
        case .bitOr: return try logical(.or, a, b, function: name)
        case .bitXor: return try logical(.xor, a, b, function: name)
        case .matMul: return try matmul(try tensor(a, function: name), try tensor(b, function: name), function: name)
        case .lshift, .rshift: return nil
        }
    }

    /// `tf.add`, `tf.subtract`, ... with broadcasting.
    func arithmetic(_ op: Arithmetic, _ a: ConfigValue, _ b: ConfigValue, function: String) throws -> TensorValue {
        let (x, y) = try operands(a, b, function: function)
        let shape = try broadcastShape([x.shape, y.shape], function: function)
        switch x.dtype {
        case .float32:
            let u = x.variable, v = y.variable
            switch op {
            case .add: return float(tape.add(u, v))
            case .subtract: return float(tape.sub(u, v))
            case .multiply: return float(tape.mul(u, v))
            case .truediv: return float(tape.div(u, v))
            case .floordiv: return float(floorTensor(tape.div(Variable(u.value), Variable(v.value)).value))
            case .floormod:
                // x - floor(x / y) * y, with TF's gradient (the floor is a constant).
                let q = Variable(floorTensor(tape.div(Variable(u.value), Variable(v.value)).value))
                return float(tape.sub(u, tape.mul(q, v)))
            case .pow: return float(tape.pow(u, v))
            case .maximum: return float(tape.maximum(u, v))
            case .minimum: return float(tape.minimum(u, v))
            case .squaredDifference: return float(tape.square(tape.sub(u, v)))
            }
        case .int32, .int64:
            let ia = TensorIndexMap.broadcast(from: x.shape, to: shape), ib = TensorIndexMap.broadcast(from: y.shape, to: shape)
            let p = x.ints, q = y.ints
            if op == .truediv {
                return float(Tensor(shape: shape, zip(ia, ib).map { Float(Double(p[$0]) / Double(q[$1])) }))
            }
            var out = [Int](repeating: 0, count: ia.count)
            for e in out.indices {
                let l = p[ia[e]], r = q[ib[e]]
                switch op {
                case .add: out[e] = l &+ r
                case .subtract: out[e] = l &- r
                case .multiply: out[e] = l &* r
                case .floordiv, .floormod:
                    guard r != 0 else { throw ConfigError(.value, "\(function): integer division by zero", pythonClass: "ZeroDivisionError") }
                    var d = l / r, m = l % r
                    if m != 0 && (m < 0) != (r < 0) { d -= 1; m += r }
                    out[e] = op == .floordiv ? d : m
                case .pow:
                    guard r >= 0 else { throw ConfigError(.value, "\(function): integers to negative integer powers are not allowed") }
                    var acc = 1, base = l, k = r
                    while k > 0 {
                        if k & 1 == 1 { acc = acc &* base }
                        base = base &* base
                        k >>= 1
                    }
                    out[e] = acc
                case .maximum: out[e] = Swift.max(l, r)
                case .minimum: out[e] = Swift.min(l, r)
                case .squaredDifference: out[e] = (l &- r) &* (l &- r)
                case .truediv: break
                }
            }
            return ints(out, shape: shape, dtype: x.dtype)
        case .bool:
            throw ConfigError(.type, "\(function) is not defined for bool tensors; use tf.logical_and/or/xor or tf.cast")
        }
    }

    /// Elementwise floor of a tensor.
    private func floorTensor(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, t.array.map { $0.rounded(.down) }) }

    /// `tf.equal`, `tf.less`, ... (bool result, with broadcasting).
    func compare(_ op: Comparison, _ a: ConfigValue, _ b: ConfigValue, function: String) throws -> TensorValue {
        let (x, y) = try operands(a, b, function: function)
        if x.dtype == .bool && op != .equal && op != .notEqual {
            throw ConfigError(.type, "\(function) is not defined for bool tensors")
        }
        let shape = try broadcastShape([x.shape, y.shape], function: function)
        let ia = TensorIndexMap.broadcast(from: x.shape, to: shape), ib = TensorIndexMap.broadcast(from: y.shape, to: shape)
        let p = x.doubles, q = y.doubles
        let out = zip(ia, ib).map { i, j -> Bool in
            let l = p[i], r = q[j]
            switch op {
            case .equal: return l == r
            case .notEqual: return l != r
            case .less: return l < r
            case .lessEqual: return l <= r
            case .greater: return l > r
            case .greaterEqual: return l >= r
            }
        }
        return bools(out, shape: shape)
    }

    /// `tf.logical_and`, `tf.logical_or`, `tf.math.logical_xor` (bool tensors, broadcasting).
    func logical(_ op: Logical, _ a: ConfigValue, _ b: ConfigValue, function: String) throws -> TensorValue {
        let (x, y) = try operands(a, b, function: function)
        guard x.dtype == .bool else {
            throw ConfigError(.type, "\(function) needs bool tensors, got \(x.dtype.rawValue); compare first (e.g. tf.greater(x, 0))")
        }
        let shape = try broadcastShape([x.shape, y.shape], function: function)
        let ia = TensorIndexMap.broadcast(from: x.shape, to: shape), ib = TensorIndexMap.broadcast(from: y.shape, to: shape)
        let p = x.bools, q = y.bools
        return bools(zip(ia, ib).map { i, j in
            switch op {
            case .and: return p[i] && q[j]
            case .or: return p[i] || q[j]
            case .xor: return p[i] != q[j]
            }
        }, shape: shape)
    }

    /// `tf.logical_not` / `~x` (bool tensors).
    func logicalNot(_ x: TensorValue, function: String) throws -> TensorValue {
        guard x.dtype == .bool else { throw ConfigError(.type, "\(function) needs a bool tensor, got \(x.dtype.rawValue)") }
        return bools(x.bools.map { !$0 }, shape: x.shape)
    }

    /// `tf.negative` / unary `-`.
    func negative(_ x: TensorValue, function: String) throws -> TensorValue {
        switch x.payload {
        case .float(let v): return float(tape.neg(v))
        case .int(let a): return ints(a.map { 0 &- $0 }, shape: x.shape, dtype: x.dtype)
        case .bool: throw ConfigError(.type, "\(function) is not defined for bool tensors")
        }
    }

    /// Unary math functions.
    enum UnaryMath: String, CaseIterable {
        case abs, sign, square, exp, log, log1p, sqrt, rsqrt, reciprocal, tanh, sigmoid, relu, relu6, elu, softplus
        case logSigmoid = "log_sigmoid", silu, floor, ceil, round, isNan = "is_nan", isFinite = "is_finite", isInf = "is_inf"
    }

    /// `tf.abs`, `tf.exp`, `tf.math.log`, `tf.nn.relu`, ...: float ops on the tape (floor, ceil,
    /// round and sign have no gradient, as in TF); `abs`, `sign`, `square`, `relu` also for ints.
    func unaryMath(_ op: UnaryMath, _ xv: ConfigValue, function: String) throws -> TensorValue {
        let x = try tensor(xv, function: function)
        if x.dtype.isInt {
            let f: (Int) -> Int
            switch op {
            case .abs: f = { Swift.abs($0) }
            case .sign: f = { $0.signum() }
            case .square: f = { $0 &* $0 }
            case .relu: f = { Swift.max($0, 0) }
            default: throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue); convert it with tf.cast(x, tf.float32)")
            }
            return ints(x.ints.map(f), shape: x.shape, dtype: x.dtype)
        }
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue)") }
        let v = x.variable
        func constant(_ f: (Float) -> Float) -> TensorValue { float(Tensor(shape: x.shape, v.value.array.map(f))) }
        func test(_ f: (Float) -> Bool) -> TensorValue { bools(v.value.array.map(f), shape: x.shape) }
        switch op {
        case .abs: return float(tape.abs(v))
        case .square: return float(tape.square(v))
        case .exp: return float(tape.exp(v), origin: .exp(v))
        case .log: return float(tape.log(v))
        case .log1p: return float(tape.log(tape.add(v, Variable(Tensor(scalar: 1)))))
        case .sqrt: return float(tape.sqrt(v))
        case .rsqrt: return float(tape.div(Variable(Tensor(scalar: 1)), tape.sqrt(v)))
        case .reciprocal: return float(tape.div(Variable(Tensor(scalar: 1)), v))
        case .tanh: return float(tape.tanh(v))
        case .sigmoid: return float(tape.sigmoid(v), origin: .sigmoid(v))
        case .relu: return float(tape.relu(v))
        case .relu6: return float(tape.minimum(tape.relu(v), Variable(Tensor(scalar: 6))))
        case .elu: return float(tape.elu(v))
        case .softplus: return float(tape.softplus(v))
        case .logSigmoid: return float(tape.neg(tape.softplus(tape.neg(v))))
        case .silu: return float(tape.mul(v, tape.sigmoid(v)))
        case .sign: return constant { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .floor: return constant { $0.rounded(.down) }
        case .ceil: return constant { $0.rounded(.up) }
        case .round: return constant { $0.rounded(.toNearestOrEven) }
        case .isNan: return test { $0.isNaN }
        case .isFinite: return test { $0.isFinite }
        case .isInf: return test { $0.isInfinite }
        }
    }

    /// `tf.nn.leaky_relu(x, alpha=0.2)`: `max(x, alpha * x)`.
    func leakyRelu(_ x: TensorValue, alpha: Double, function: String) throws -> TensorValue {
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue)") }
        return float(tape.maximum(x.variable, tape.scale(x.variable, by: Float(alpha))))
    }

    /// `tf.clip_by_value(x, lo, hi)`: `min(max(x, lo), hi)` (TF's gradient: zero outside).
    func clip(_ x: ConfigValue, _ lo: ConfigValue, _ hi: ConfigValue, function: String) throws -> TensorValue {
        let lower = try arithmetic(.maximum, x, lo, function: function)
        return try arithmetic(.minimum, .init(.object(lower)), hi, function: function)
    }

    /// `tf.cast(x, dtype)`: float to int truncates toward zero, to bool is `!= 0`; no gradient
    /// flows through a cast to or from a non-float type (as TF).
    func cast(_ x: TensorValue, to dtype: TFDType) -> TensorValue {
        if x.dtype == dtype { return x }
        if dtype.isInt, x.dtype.isInt { return ints(x.ints, shape: x.shape, dtype: dtype) }
        return fromDoubles(x.doubles, shape: x.shape, dtype: dtype)
    }

    /// `tf.matmul(a, b)` for float `[..., k] x [k, n]` (also with `transpose_b`) and `[m, k] x [k, n]`.
    func matmul(_ a: TensorValue, _ b: TensorValue, transposeA: Bool = false, transposeB: Bool = false, function: String) throws -> TensorValue {
        guard a.dtype == .float32, b.dtype == .float32 else { throw ConfigError(.type, "\(function) needs float tensors") }
        guard b.rank == 2, a.rank >= 2, a.rank == 2 || !transposeA else {
            throw ConfigError(.unsupported, "\(function): only [..., k] x [k, n] products are supported in eval layers, got shapes \(a.shape) and \(b.shape)")
        }
        let k = transposeA ? a.shape[0] : a.shape[a.rank - 1], kb = transposeB ? b.shape[1] : b.shape[0]
        guard k == kb else { throw ConfigError(.value, "\(function): inner dimensions differ: \(a.shape) and \(b.shape)", pythonClass: "ValueError") }
        return float(tape.matmul(a.variable, b.variable, transposeA: transposeA, transposeB: transposeB))
    }
}
