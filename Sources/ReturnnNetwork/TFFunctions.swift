import ReturnnConfig
import ReturnnTensor

/// The TF functions `eval` layers provide, by implementation name: each with its Python
/// parameter list (TF's names, so keyword calls bind as in TF) and a body on `EvalSession`.
/// `TFModule` maps the names of the namespaces (`tf`, `tf.math`, `tf.nn`, `tf.random`,
/// `tf.compat.v1`, ...) to these.
struct TFFunction: Sendable {
    /// Parameter names in TF's order (`"*"` starts keyword-only ones).
    let params: [String]
    /// How many leading parameters are required.
    let required: Int
    /// The implementation; `name` is the qualified name for messages (`tf.math.reduce_sum`).
    let body: @Sendable (_ s: EvalSession, _ p: BoundArguments, _ name: String) throws -> ConfigValue

    /// The function as a config value.
    func value(_ name: String, _ s: EvalSession) -> ConfigValue {
        let short = String(name.split(separator: ".").last ?? Substring(name))
        return ConfigValue(.function(ConfigFunction(name: short) { a, kw in
            let p = try BoundArguments(name, a, kw, params, required: required)
            return try body(s, p, name)
        }))
    }
}

extension TFFunction {
    /// A tensor as a config value.
    static func wrap(_ t: TensorValue) -> ConfigValue { ConfigValue(.object(t)) }

    /// The argument `key` as a tensor.
    static func arg(_ s: EvalSession, _ p: BoundArguments, _ key: String, _ name: String, dtype: TFDType? = nil) throws -> TensorValue {
        guard let v = p[key] else { throw ConfigError(.type, "\(name)() missing required argument '\(key)'") }
        return try s.tensor(v, dtype: dtype, function: name)
    }

    /// A list argument as tensors.
    static func tensorList(_ s: EvalSession, _ v: ConfigValue, _ name: String) throws -> [TensorValue] {
        guard let items = v.sequenceItems else { throw ConfigError(.type, "\(name): expected a list of tensors, got \(v.typeName)") }
        return try items.map { try s.tensor($0, function: name) }
    }

    /// `keepdims`, also under TF1's `keep_dims`.
    static func keepdims(_ p: BoundArguments) -> Bool {
        p.value("keepdims").map(\.isTruthy) ?? p.value("keep_dims").map(\.isTruthy) ?? false
    }

    static func binary(_ op: EvalSession.Arithmetic) -> TFFunction {
        TFFunction(params: ["x", "y", "name"], required: 2) { s, p, n in wrap(try s.arithmetic(op, p["x"]!, p["y"]!, function: n)) }
    }

    static func comparison(_ op: EvalSession.Comparison) -> TFFunction {
        TFFunction(params: ["x", "y", "name"], required: 2) { s, p, n in wrap(try s.compare(op, p["x"]!, p["y"]!, function: n)) }
    }

    static func logical(_ op: EvalSession.Logical) -> TFFunction {
        TFFunction(params: ["x", "y", "name"], required: 2) { s, p, n in wrap(try s.logical(op, p["x"]!, p["y"]!, function: n)) }
    }

    static func unary(_ op: EvalSession.UnaryMath, _ param: String = "x") -> TFFunction {
        TFFunction(params: [param, "name"], required: 1) { s, p, n in wrap(try s.unaryMath(op, p[param]!, function: n)) }
    }

    static func reduction(_ kind: EvalSession.Reduction) -> TFFunction {
        TFFunction(params: ["input_tensor", "axis", "keepdims", "name", "reduction_indices", "keep_dims"], required: 1) { s, p, n in
            wrap(try s.reduce(kind, p["input_tensor"]!, axis: p.value("axis") ?? p.value("reduction_indices"), keepdims: keepdims(p), function: n))
        }
    }

    static func argExtreme(max: Bool) -> TFFunction {
        TFFunction(params: ["input", "axis", "output_type", "name", "dimension"], required: 1) { s, p, n in
            let out = try p.value("output_type").flatMap { try TFDType.parse($0, function: n) } ?? .int64
            return wrap(try s.argExtreme(p["input"]!, axis: p.value("axis") ?? p.value("dimension"), outputType: out, max: max, function: n))
        }
    }

    static func castTo(_ dtype: TFDType) -> TFFunction {
        TFFunction(params: ["x", "name"], required: 1) { s, p, n in wrap(s.cast(try arg(s, p, "x", n), to: dtype)) }
    }

    static func softmax(log: Bool) -> TFFunction {
        TFFunction(params: ["logits", "axis", "name", "dim"], required: 1) { s, p, n in
            wrap(try s.softmax(p["logits"]!, axis: p.value("axis") ?? p.value("dim"), log: log, function: n))
        }
    }

    static func random(normal: Bool, truncated: Bool = false) -> TFFunction {
        if normal {
            return TFFunction(params: ["shape", "mean", "stddev", "dtype", "seed", "name"], required: 1) { s, p, n in
                wrap(try s.randomNormal(p, truncated: truncated, function: n))
            }
        }
        return TFFunction(params: ["shape", "minval", "maxval", "dtype", "seed", "name"], required: 1) { s, p, n in
            wrap(try s.randomUniform(p, function: n))
        }
    }

    static func filled(one: Bool) -> TFFunction {
        TFFunction(params: ["shape", "dtype", "name"], required: 1) { s, p, n in
            let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) } ?? .float32
            return wrap(try s.filled(try s.shapeArgument(p["shape"]!, function: n), .int(one ? 1 : 0), dtype: dt, function: n))
        }
    }

    static func filledLike(one: Bool) -> TFFunction {
        TFFunction(params: ["input", "dtype", "name", "optimize"], required: 1) { s, p, n in
            let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) }
            return wrap(try s.filledLike(try arg(s, p, "input", n), one: one, dtype: dt, function: n))
        }
    }

    /// `tf.nn.dropout`: TF2's `rate` second, or TF1's `keep_prob` second (`v1`).
    static func dropout(v1: Bool) -> TFFunction {
        let params = v1 ? ["x", "keep_prob", "noise_shape", "seed", "name", "rate"] : ["x", "rate", "noise_shape", "seed", "name", "keep_prob"]
        return TFFunction(params: params, required: 1) { s, p, n in
            let x = try arg(s, p, "x", n)
            let keep: Double
            if let r = p.value("rate") { keep = 1 - (try s.tensor(r, dtype: .float32, function: n).doubles.first ?? 0) } else if let k = p.value("keep_prob") {
                keep = try s.tensor(k, dtype: .float32, function: n).doubles.first ?? 1
            } else {
                throw ConfigError(.type, "\(n)() needs rate (or keep_prob)")
            }
            let noise = try p.value("noise_shape").map { try s.shapeArgument($0, function: n) }
            return wrap(try s.dropout(x, keep: keep, noiseShape: noise, scale: true, function: n))
        }
    }

    /// `tf.while_loop` (`unwrapSingle`: TF1's single-variable result).
    static func whileLoop(unwrapSingle: Bool) -> TFFunction {
        TFFunction(params: ["cond", "body", "loop_vars", "shape_invariants", "parallel_iterations", "back_prop", "swap_memory",
                            "maximum_iterations", "name", "return_same_structure"], required: 3) { s, p, n in
            try s.whileLoop(p, unwrapSingle: unwrapSingle && !p.bool("return_same_structure", default: false), function: n)
        }
    }
}
