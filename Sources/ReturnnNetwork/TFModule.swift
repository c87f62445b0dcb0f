import ReturnnConfig

/// The `tf` module that `eval` layers see: the namespaces `tf`, `tf.math`, `tf.nn`, `tf.random`,
/// `tf.dtypes`, `tf.compat.v1` (also under `returnn.tf.compat.v1` and RETURNN's old `TFCompat.v1`)
/// and `tf.compat.v2`, with TF2's and TF1's spellings of the functions `TFFunctionTable` provides
/// (`tf.math.log` and `tf.log`, `tf.random.uniform` and `tf.random_uniform`). Any other name is a
/// located error that names it.
///
/// The namespaces are the same in `tf` and `tf.compat.v1`, except that `tf.compat.v1.while_loop`
/// returns a single loop variable unwrapped and `tf.compat.v1.nn.dropout` takes `keep_prob`
/// second, as in TF1.
enum TFModule {
    /// Where the unsupported names are documented.
    static let docHint = "swift-returnn provides the TF subset listed in docs/layers-eval.md"

    /// TF dtypes that exist but are not supported, by name.
    static let refusedDTypes: Set<String> = ["float16", "half", "float64", "double", "bfloat16", "string", "uint8", "uint16",
                                             "uint32", "uint64", "int8", "int16", "complex64", "complex128", "qint8", "qint32", "variant", "resource"]

    static let elementwise = ["add", "subtract", "multiply", "divide", "truediv", "realdiv", "floordiv", "floormod", "pow",
                              "maximum", "minimum", "squared_difference", "equal", "not_equal", "less", "less_equal", "greater",
                              "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "negative", "abs", "sign",
                              "square", "exp", "log", "log1p", "sqrt", "rsqrt", "reciprocal", "tanh", "sigmoid", "floor", "ceil",
                              "round", "is_nan", "is_finite", "is_inf", "log_sigmoid"]
    static let reductions = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
                             "reduce_logsumexp", "argmax", "argmin"]

    /// Names in `tf` (and `tf.compat.v1`, `tf.compat.v2`) → implementation names.
    static let root: [String: String] = {
        var m: [String: String] = [:]
        let names = elementwise + reductions + [
            "div", "clip_by_value", "cast", "to_float", "to_int32", "to_int64", "matmul", "shape", "size", "rank", "reshape",
            "transpose", "expand_dims", "squeeze", "tile", "concat", "stack", "unstack", "reverse", "pad", "gather", "gather_nd",
            "range", "sequence_mask", "one_hot", "zeros", "ones", "zeros_like", "ones_like", "fill", "constant", "convert_to_tensor",
            "identity", "stop_gradient", "where", "cond", "while_loop", "name_scope", "device", "control_dependencies",
            "random_uniform", "random_normal", "truncated_normal", "random_shuffle",
        ]
        for n in names { m[n] = n }
        m["mod"] = "floormod"
        m["where_v2"] = "where"
        return m
    }()

    /// Names in `tf.math`.
    static let math: [String: String] = {
        var m: [String: String] = [:]
        for n in elementwise + reductions + ["softplus", "top_k", "l2_normalize", "softmax", "log_softmax"] { m[n] = n }
        m["mod"] = "floormod"
        return m
    }()

    /// Names in `tf.nn`.
    static let nn: [String: String] = {
        var m: [String: String] = [:]
        for n in ["relu", "relu6", "elu", "leaky_relu", "silu", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "top_k",
                  "dropout", "l2_normalize", "sigmoid_cross_entropy_with_logits", "softmax_cross_entropy_with_logits"] { m[n] = n }
        m["swish"] = "silu"
        m["softmax_cross_entropy_with_logits_v2"] = "softmax_cross_entropy_with_logits"
        return m
    }()

    /// Names in `tf.random`.
    static let random: [String: String] = ["uniform": "random_uniform", "normal": "random_normal",
                                           "truncated_normal": "truncated_normal", "shuffle": "random_shuffle"]

    /// Submodules of each namespace.
    static func submodules(_ path: String) -> [String] {
        switch path {
        case "tf", "tf.compat.v1", "tf.compat.v2": return ["math", "nn", "random", "dtypes"] + (path == "tf" ? ["compat"] : [])
        case "tf.compat": return ["v1", "v2"]
        default: return []
        }
    }

    /// The value of `path` (`tf`, `tf.compat.v1.nn`, ...), a function or a submodule.
    static func resolve(_ path: [String], session: EvalSession) throws -> ConfigValue {
        var current = ["tf"]
        for name in path { current = try step(current, name) }
        return try value(current, session: session)
    }

    /// One attribute step from namespace `ns`: the path of the attribute, or a located error.
    private static func step(_ ns: [String], _ name: String) throws -> [String] {
        let path = ns.joined(separator: ".")
        if submodules(path).contains(name) { return ns + [name] }
        if table(path)?[name] != nil || constant(name, in: path) != nil { return ns + [name] }
        if refusedDTypes.contains(name) && (path == "tf" || path.hasSuffix("compat.v1") || path.hasSuffix("compat.v2") || path.hasSuffix("dtypes")) {
            throw ConfigError(.unsupported, "\(path).\(name): dtype \(name) is not supported in eval layers; tensors there are " +
                              TFDType.allCases.map { "tf." + $0.rawValue }.joined(separator: ", "))
        }
        var msg = "\(path).\(name) is not supported in eval layers; \(docHint)"
        if let s = EditDistance.closest(to: name, in: names(path)) { msg += "; did you mean '\(path).\(s)'?" }
        throw ConfigError(.unsupported, msg, pythonClass: "AttributeError")
    }

    /// The function table of a namespace.
    private static func table(_ path: String) -> [String: String]? {
        if path == "tf" || path == "tf.compat.v1" || path == "tf.compat.v2" { return root }
        if path.hasSuffix(".math") { return math }
        if path.hasSuffix(".nn") { return nn }
        if path.hasSuffix(".random") { return random }
        if path.hasSuffix(".dtypes") { return ["cast": "cast"] }
        return nil
    }

    /// Constants of a namespace: dtypes and `newaxis`.
    private static func constant(_ name: String, in path: String) -> ConfigValue? {
        guard path == "tf" || path == "tf.compat.v1" || path == "tf.compat.v2" || path.hasSuffix(".dtypes") else { return nil }
        if name == "newaxis" { return path.hasSuffix(".dtypes") ? nil : ConfigValue.none }
        return TFDType(rawValue: name).map { ConfigValue(.object(TFDTypeObject($0))) }
    }

    private static func names(_ path: String) -> [String] {
        let dtypes = constant("float32", in: path) != nil ? TFDType.allCases.map(\.rawValue) + ["newaxis"] : []
        return ((table(path).map { Array($0.keys) } ?? []) + submodules(path) + dtypes).sorted()
    }

    /// The value at a resolved path.
    private static func value(_ p: [String], session: EvalSession) throws -> ConfigValue {
        let path = p.joined(separator: ".")
        if p.count == 1 || submodules(p.dropLast().joined(separator: ".")).contains(p.last!) {
            return ConfigValue(.module(ConfigModule(name: path, attributeNames: names(path)) { attr in
                if attr.hasPrefix("__") { return nil }
                return try value(try step(p, attr), session: session)
            }))
        }
        let ns = p.dropLast().joined(separator: "."), name = p.last!
        if let c = constant(name, in: ns) { return c }
        guard var impl = table(ns)?[name] else { preconditionFailure("TFModule: unresolved \(path)") }
        let v1 = ns.hasPrefix("tf.compat.v1")
        if v1 && impl == "while_loop" { impl = "while_loop_v1" }
        if v1 && impl == "dropout" { impl = "dropout_v1" }
        guard let f = TFFunctionTable.all[impl] else { preconditionFailure("TFModule: no implementation \(impl) for \(path)") }
        return f.value(path, session)
    }

    /// The provider `Config.setModuleProvider` gets while an eval layer runs: TF's names under
    /// `tensorflow`, `returnn.tf.compat`/`TFCompat`, and RETURNN's TF helpers under
    /// `returnn.tf.util.basic` (`TFUtil`); nil for other modules.
    static func provide(_ fullName: String, session: EvalSession, helpers: TFUtilModule) throws -> ConfigValue? {
        let parts = fullName.split(separator: ".").map(String.init)
        if parts.first == "tensorflow" { return try resolve(Array(parts.dropFirst()), session: session) }
        if parts.starts(with: ["returnn", "tf", "compat"]) { return try resolve(["compat"] + parts.dropFirst(3), session: session) }
        if parts.first == "TFCompat" { return try resolve(["compat"] + parts.dropFirst(), session: session) }
        for prefix in [["returnn", "tf", "util", "basic"], ["returnn", "tf", "util", "data"]] where parts.starts(with: prefix) && parts.count > prefix.count {
            return try helpers.resolve(Array(parts.dropFirst(prefix.count)), module: prefix.joined(separator: "."))
        }
        return nil
    }
}
