import ReturnnConfig
import ReturnnTensor

/// Every TF function `eval` layers provide, by implementation name (see `TFModule` for the names
/// per namespace).
enum TFFunctionTable {
    typealias F = TFFunction

    static let all: [String: TFFunction] = elementwise.merging(layout) { a, _ in a }.merging(other) { a, _ in a }

    /// Arithmetic, comparisons, logic, unary math, casts.
    static let elementwise: [String: TFFunction] = [
        "add": F.binary(.add), "subtract": F.binary(.subtract), "multiply": F.binary(.multiply),
        "truediv": F.binary(.truediv), "divide": F.binary(.truediv), "realdiv": F.binary(.truediv),
        "floordiv": F.binary(.floordiv), "floormod": F.binary(.floormod), "pow": F.binary(.pow),
        "maximum": F.binary(.maximum), "minimum": F.binary(.minimum), "squared_difference": F.binary(.squaredDifference),
        "div": F(params: ["x", "y", "name"], required: 2) { s, p, n in
            // TF1's `tf.div`: Python 2 division (floor division for ints).
            let (x, _) = try s.operands(p["x"]!, p["y"]!, function: n)
            return F.wrap(try s.arithmetic(x.dtype.isInt ? .floordiv : .truediv, p["x"]!, p["y"]!, function: n))
        },
        "equal": F.comparison(.equal), "not_equal": F.comparison(.notEqual), "less": F.comparison(.less),
        "less_equal": F.comparison(.lessEqual), "greater": F.comparison(.greater), "greater_equal": F.comparison(.greaterEqual),
        "logical_and": F.logical(.and), "logical_or": F.logical(.or), "logical_xor": F.logical(.xor),
        "logical_not": F(params: ["x", "name"], required: 1) { s, p, n in F.wrap(try s.logicalNot(try F.arg(s, p, "x", n), function: n)) },
        "negative": F(params: ["x", "name"], required: 1) { s, p, n in F.wrap(try s.negative(try F.arg(s, p, "x", n), function: n)) },
        "abs": F.unary(.abs), "sign": F.unary(.sign), "square": F.unary(.square), "exp": F.unary(.exp), "log": F.unary(.log),
        "log1p": F.unary(.log1p), "sqrt": F.unary(.sqrt), "rsqrt": F.unary(.rsqrt), "reciprocal": F.unary(.reciprocal),
        "tanh": F.unary(.tanh), "sigmoid": F.unary(.sigmoid), "floor": F.unary(.floor), "ceil": F.unary(.ceil),
        "round": F.unary(.round), "is_nan": F.unary(.isNan), "is_finite": F.unary(.isFinite), "is_inf": F.unary(.isInf),
        "log_sigmoid": F.unary(.logSigmoid), "softplus": F.unary(.softplus, "features"), "relu": F.unary(.relu, "features"),
        "relu6": F.unary(.relu6, "features"), "elu": F.unary(.elu, "features"), "silu": F.unary(.silu, "features"),
        "leaky_relu": F(params: ["features", "alpha", "name"], required: 1) { s, p, n in
            F.wrap(try s.leakyRelu(try F.arg(s, p, "features", n), alpha: try p.double("alpha") ?? 0.2, function: n))
        },
        "clip_by_value": F(params: ["t", "clip_value_min", "clip_value_max", "name"], required: 3) { s, p, n in
            F.wrap(try s.clip(p["t"]!, p["clip_value_min"]!, p["clip_value_max"]!, function: n))
        },
        "cast": F(params: ["x", "dtype", "name"], required: 2) { s, p, n in
            guard let dt = try TFDType.parse(p["dtype"]!, function: n) else { throw ConfigError(.type, "\(n)(): dtype must not be None") }
            return F.wrap(s.cast(try F.arg(s, p, "x", n), to: dt))
        },
        "to_float": F.castTo(.float32), "to_int32": F.castTo(.int32), "to_int64": F.castTo(.int64),
        "matmul": F(params: ["a", "b", "transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse", "output_type", "name"],
                    required: 2) { s, p, n in
            F.wrap(try s.matmul(try F.arg(s, p, "a", n), try F.arg(s, p, "b", n), transposeA: p.bool("transpose_a", default: false),
                                transposeB: p.bool("transpose_b", default: false), function: n))
        },
    ]

    /// Reductions, shapes, layout, creation.
    static let layout: [String: TFFunction] = [
        "reduce_sum": F.reduction(.sum), "reduce_mean": F.reduction(.mean), "reduce_max": F.reduction(.max),
        "reduce_min": F.reduction(.min), "reduce_prod": F.reduction(.prod), "reduce_any": F.reduction(.any),
        "reduce_all": F.reduction(.all), "reduce_logsumexp": F.reduction(.logsumexp),
        "argmax": F.argExtreme(max: true), "argmin": F.argExtreme(max: false),
        "top_k": F(params: ["input", "k", "sorted", "name"], required: 1) { s, p, n in
            let (v, i) = try s.topK(try F.arg(s, p, "input", n), k: try s.int(p["k"] ?? .int(1), function: n, what: "k"), function: n)
            return ConfigValue(.tuple([F.wrap(v), F.wrap(i)]))
        },
        "softmax": F.softmax(log: false), "log_softmax": F.softmax(log: true),
        "l2_normalize": F(params: ["x", "axis", "epsilon", "name", "dim"], required: 1) { s, p, n in
            F.wrap(try s.l2Normalize(p["x"]!, axis: p.value("axis") ?? p.value("dim"), epsilon: try p.double("epsilon") ?? 1e-12, function: n))
        },
        "shape": F(params: ["input", "out_type", "name"], required: 1) { s, p, n in
            F.wrap(try s.shapeOf(try F.arg(s, p, "input", n), outType: try p.value("out_type").flatMap { try TFDType.parse($0, function: n) } ?? .int32))
        },
        "size": F(params: ["input", "out_type", "name"], required: 1) { s, p, n in
            let x = try F.arg(s, p, "input", n)
            return F.wrap(s.ints([x.count], shape: [], dtype: try p.value("out_type").flatMap { try TFDType.parse($0, function: n) } ?? .int32))
        },
        "rank": F(params: ["input", "name"], required: 1) { s, p, n in F.wrap(s.ints([try F.arg(s, p, "input", n).rank], shape: [])) },
        "reshape": F(params: ["tensor", "shape", "name"], required: 2) { s, p, n in F.wrap(try s.reshape(try F.arg(s, p, "tensor", n), p["shape"]!, function: n)) },
        "transpose": F(params: ["a", "perm", "conjugate", "name"], required: 1) { s, p, n in
            F.wrap(try s.transpose(try F.arg(s, p, "a", n), perm: p.value("perm"), function: n))
        },
        "expand_dims": F(params: ["input", "axis", "name", "dim"], required: 1) { s, p, n in
            guard let a = p.value("axis") ?? p.value("dim") else { throw ConfigError(.type, "\(n)() missing required argument 'axis'") }
            return F.wrap(try s.expandDims(try F.arg(s, p, "input", n), axis: a, function: n))
        },
        "squeeze": F(params: ["input", "axis", "name", "squeeze_dims"], required: 1) { s, p, n in
            F.wrap(try s.squeeze(try F.arg(s, p, "input", n), axis: p.value("axis") ?? p.value("squeeze_dims"), function: n))
        },
        "tile": F(params: ["input", "multiples", "name"], required: 2) { s, p, n in F.wrap(try s.tile(try F.arg(s, p, "input", n), p["multiples"]!, function: n)) },
        "concat": F(params: ["values", "axis", "name"], required: 2) { s, p, n in
            F.wrap(try s.concat(try F.tensorList(s, p["values"]!, n), axis: p["axis"]!, function: n))
        },
        "stack": F(params: ["values", "axis", "name"], required: 1) { s, p, n in
            F.wrap(try s.stack(try F.tensorList(s, p["values"]!, n), axis: try s.int(p["axis"] ?? .int(0), function: n, what: "axis"), function: n))
        },
        "unstack": F(params: ["value", "num", "axis", "name"], required: 1) { s, p, n in
            .list(try s.unstack(try F.arg(s, p, "value", n), axis: try s.int(p["axis"] ?? .int(0), function: n, what: "axis"), function: n).map(F.wrap))
        },
        "reverse": F(params: ["tensor", "axis", "name"], required: 2) { s, p, n in F.wrap(try s.reverse(try F.arg(s, p, "tensor", n), axis: p["axis"]!, function: n)) },
        "pad": F(params: ["tensor", "paddings", "mode", "constant_values", "name"], required: 2) { s, p, n in
            let value = try p.value("constant_values").map { try s.tensor($0, function: n).doubles.first ?? 0 } ?? 0
            return F.wrap(try s.pad(try F.arg(s, p, "tensor", n), p["paddings"]!, mode: try p.str("mode") ?? "CONSTANT", value: value, function: n))
        },
        "gather": F(params: ["params", "indices", "validate_indices", "axis", "batch_dims", "name"], required: 2) { s, p, n in
            F.wrap(try s.gather(try F.arg(s, p, "params", n), p["indices"]!, axis: p.value("axis"), batchDims: try p.int("batch_dims") ?? 0, function: n))
        },
        "gather_nd": F(params: ["params", "indices", "batch_dims", "name"], required: 2) { s, p, n in
            guard (try p.int("batch_dims") ?? 0) == 0 else { throw ConfigError(.unsupported, "\(n): batch_dims is not supported in eval layers; use returnn's nd_indices") }
            return F.wrap(try s.gatherND(try F.arg(s, p, "params", n), p["indices"]!, function: n))
        },
        "range": F(params: ["start", "limit", "delta", "dtype", "name"], required: 1) { s, p, n in F.wrap(try s.range(p, function: n)) },
        "sequence_mask": F(params: ["lengths", "maxlen", "dtype", "name"], required: 1) { s, p, n in
            let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) } ?? .bool
            return F.wrap(try s.sequenceMask(p["lengths"]!, maxlen: p.value("maxlen"), dtype: dt, function: n))
        },
        "one_hot": F(params: ["indices", "depth", "on_value", "off_value", "axis", "dtype", "name"], required: 2) { s, p, n in F.wrap(try s.oneHot(p, function: n)) },
        "zeros": F.filled(one: false), "ones": F.filled(one: true),
        "zeros_like": F.filledLike(one: false), "ones_like": F.filledLike(one: true),
        "fill": F(params: ["dims", "value", "name"], required: 2) { s, p, n in
            F.wrap(try s.filled(try s.shapeArgument(p["dims"]!, function: n), p["value"]!, dtype: nil, function: n))
        },
    ]

    /// Creation from values, selection, control flow, random, nn.
    static let other: [String: TFFunction] = [
        "constant": F(params: ["value", "dtype", "shape", "name"], required: 1) { s, p, n in
            let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) }
            var t = try s.tensor(p["value"]!, dtype: dt, function: n)
            if let dt, t.dtype != dt { t = s.cast(t, to: dt) }
            guard let shapeValue = p.value("shape") else { return F.wrap(t) }
            let shape = try s.shapeArgument(shapeValue, function: n)
            if t.count == 1 { return F.wrap(try s.filled(shape, F.wrap(t), dtype: nil, function: n)) }
            guard t.count == shape.reduce(1, *) else { throw ConfigError(.value, "\(n): \(t.count) values do not fill the shape \(shape)") }
            return F.wrap(t.reshaped(shape))
        },
        "convert_to_tensor": F(params: ["value", "dtype", "dtype_hint", "name"], required: 1) { s, p, n in
            F.wrap(try s.tensor(p["value"]!, dtype: try p.value("dtype").flatMap { try TFDType.parse($0, function: n) }, function: n))
        },
        "identity": F(params: ["input", "name"], required: 1) { s, p, n in F.wrap(try F.arg(s, p, "input", n)) },
        "stop_gradient": F(params: ["input", "name"], required: 1) { s, p, n in F.wrap(s.stopGradient(try F.arg(s, p, "input", n))) },
        "where": F(params: ["condition", "x", "y", "name"], required: 1) { s, p, n in
            switch (p.value("x"), p.value("y")) {
            case (nil, nil): return F.wrap(try s.trueIndices(p["condition"]!, function: n))
            case (let x?, let y?): return F.wrap(try s.select(p["condition"]!, x, y, function: n))
            default: throw ConfigError(.value, "\(n): give both x and y, or neither", pythonClass: "ValueError")
            }
        },
        "cond": F(params: ["pred", "true_fn", "false_fn", "strict", "name", "fn1", "fn2"], required: 1) { s, p, n in
            guard let t = p.value("true_fn") ?? p.value("fn1"), let f = p.value("false_fn") ?? p.value("fn2") else {
                throw ConfigError(.type, "\(n)() needs true_fn and false_fn")
            }
            return try s.cond(p["pred"]!, t, f, function: n)
        },
        "while_loop": F.whileLoop(unwrapSingle: false), "while_loop_v1": F.whileLoop(unwrapSingle: true),
        "name_scope": F(params: ["name", "default_name", "values", "skip_on_eager"], required: 0) { s, _, _ in s.nullContext() },
        "device": F(params: ["device_name"], required: 1) { s, _, _ in s.nullContext() },
        "control_dependencies": F(params: ["control_inputs"], required: 1) { s, _, _ in s.nullContext() },
        "random_uniform": F.random(normal: false), "random_normal": F.random(normal: true),
        "truncated_normal": F.random(normal: true, truncated: true),
        "random_shuffle": F(params: ["value", "seed", "name"], required: 1) { s, p, n in F.wrap(try s.shuffle(try F.arg(s, p, "value", n), function: n)) },
        "dropout": F.dropout(v1: false), "dropout_v1": F.dropout(v1: true),
        "sigmoid_cross_entropy_with_logits": F(params: ["labels", "logits", "name"], required: 2) { s, p, n in
            // max(x, 0) - x * z + softplus(-|x|), TF's stable form.
            let z = try F.arg(s, p, "labels", n, dtype: .float32).variable, x = try F.arg(s, p, "logits", n, dtype: .float32).variable
            let t = s.tape
            return F.wrap(s.float(t.add(t.sub(t.relu(x), t.mul(x, z)), t.softplus(t.neg(t.abs(x))))))
        },
        "softmax_cross_entropy_with_logits": F(params: ["labels", "logits", "axis", "name", "dim"], required: 2) { s, p, n in
            let logits = try F.arg(s, p, "logits", n, dtype: .float32), labels = try F.arg(s, p, "labels", n, dtype: .float32)
            let ls = try s.softmax(F.wrap(logits), axis: p.value("axis") ?? p.value("dim"), log: true, function: n)
            let k = try s.axis(p.value("axis") ?? p.value("dim") ?? .int(-1), rank: logits.rank, function: n)
            let prod = try s.arithmetic(.multiply, F.wrap(labels), F.wrap(ls), function: n)
            return F.wrap(try s.negative(try s.reduce(.sum, F.wrap(prod), axis: .int(k), keepdims: false, function: n), function: n))
        },
    ]
}
