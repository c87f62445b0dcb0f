import Foundation

/// The RETURNN modules configs import, under their current and old names (`returnn.util.basic`
/// and `Util`, `returnn.tf.util.basic` and `TFUtil`, `returnn.pretrain` and `Pretrain`, ...):
/// the helpers configs call while they are evaluated. What configs use only inside functions
/// that build TF graphs (eval layers) imports as a placeholder that refuses use.
enum ReturnnModules {
    /// The module names this table provides.
    static let names: Set<String> = [
        "returnn", "returnn.config", "returnn.util", "returnn.util.basic", "returnn.pretrain",
        "returnn.learning_rate_control", "returnn.log", "returnn.tf", "returnn.tf.util", "returnn.tf.util.basic",
        "returnn.tf.util.data", "returnn.tensor",
    ]

    static func module(_ name: String, _ rt: ConfigRuntime) throws -> ConfigValue? {
        let fn = NativeModules.fn
        switch name {
        case "returnn":
            return partial(name, rt, [("__version__", .str("1.0-swift-returnn")), ("__long_version__", .str("1.0-swift-returnn"))])
        case "returnn.util", "returnn.tf", "returnn.tf.util":
            return partial(name, rt, [])
        case "returnn.config":
            return partial(name, rt, [
                ("get_global_config", fn("get_global_config") { _, kw in
                    _ = try Args.kwargs("get_global_config", kw, allowed: ["raise_exception", "auto_create", "return_empty_if_none"])
                    guard let obj = rt.configObject else { throw ConfigError(.value, "no global config is available here") }
                    return obj
                }),
            ])
        case "returnn.util.basic":
            return partial(name, rt, basicUtil(rt))
        case "returnn.tf.util.basic":
            // The TF helpers configs call at module level are the ones of `returnn.util.basic`
            // re-exported there; dim tags are in `returnn.tf.util.data`.
            var attrs = basicUtil(rt)
            if case .module(let data) = try ModuleImporter.module("returnn.tf.util.data", rt).kind {
                for n in data.attributeNames { if let v = try data.attribute(n) { attrs.append((n, v)) } }
            }
            return partial(name, rt, attrs)
        case "returnn.tensor":
            return partial(name, rt, ConfigDim.moduleAttributes())
        case "returnn.tf.util.data":
            // The same tag objects as returnn.tensor (`batch_dim` is one object).
            guard case .module(let tensor) = try ModuleImporter.module("returnn.tensor", rt).kind else { return nil }
            let attrs = try ["Dim", "DimensionTag", "SpatialDim", "FeatureDim", "batch_dim", "single_step_dim"].map { ($0, try tensor.attribute($0)!) }
            return partial(name, rt, attrs)
        case "returnn.pretrain":
            return partial(name, rt, [
                ("WrapEpochValue", fn("WrapEpochValue") { a, _ in
                    try Args.count("WrapEpochValue", a, 1, 1)
                    guard a[0].isCallable else { throw ConfigError(.type, "WrapEpochValue(func): func must be callable with epoch=...") }
                    return ConfigValue(.object(WrapEpochValue(a[0])))
                }),
            ])
        case "returnn.learning_rate_control", "returnn.log":
            return partial(name, rt, [])
        default:
            return nil
        }
    }

    /// A RETURNN module of which the sandbox provides `attributes` (and its native submodules):
    /// any other name is a placeholder that refuses use, as upstream's modules have hundreds of
    /// names that configs import only for functions the engine never calls.
    static func partial(_ name: String, _ rt: ConfigRuntime, _ attributes: [(String, ConfigValue)]) -> ConfigValue {
        guard case .module(let m) = ModuleImporter.package(name, rt, attributes: attributes).kind else { preconditionFailure() }
        return ConfigValue(.module(ConfigModule(name: name, typeName: "module", names: { m.attributeNames }) { attr in
            if let v = try m.attribute(attr) { return v }
            if attr.hasPrefix("__") { return nil }
            return NativeModules.unavailableModule(name + "." + attr, module: name, importedAt: .builtin, runtime: rt)
        }))
    }

    /// What configs use of `returnn.util.basic` (`Util`).
    static func basicUtil(_ rt: ConfigRuntime) -> [(String, ConfigValue)] {
        let fn = NativeModules.fn
        let env = rt.environment
        return [
            ("get_login_username", fn("get_login_username") { a, _ in
                try Args.count("get_login_username", a, 0, 0)
                return .str(env.userName)
            }),
            ("cleanup_env_var_path", fn("cleanup_env_var_path") { a, _ in
                try Args.count("cleanup_env_var_path", a, 2, 2)
                let key = try Args.str("cleanup_env_var_path", a[0]), prefix = try Args.str("cleanup_env_var_path", a[1])
                guard let value = rt.environ.get(key)?.stringValue else { return .none }
                let kept = value.split(separator: ":", omittingEmptySubsequences: false).filter { p in
                    let drop = p == prefix || p.hasPrefix(prefix + "/")
                    if drop { env.output("Removing \(p) from \(key).") }
                    return !drop
                }
                rt.environ.set(key, .str(kept.joined(separator: ":")))
                return .none
            }),
            ("NumbersDict", fn("NumbersDict") { a, kw in try numbersDict(a, kw) }),
            ("BackendEngine", ConfigValue(.module(ConfigModule(name: "BackendEngine", typeName: "type", attributes: [
                ("is_tensorflow_selected", fn("is_tensorflow_selected") { _, _ in .bool(true) }),
                ("is_torch_selected", fn("is_torch_selected") { _, _ in .bool(false) }),
            ])))),
        ]
    }

    /// `NumbersDict(x)` becomes what the engine reads for options such as `max_seq_length`: a
    /// number, or a dict of numbers per data key (the sandbox keeps no NumbersDict objects).
    static func numbersDict(_ a: [ConfigValue], _ kw: [(String, ConfigValue)]) throws -> ConfigValue {
        let k = try Args.kwargs("NumbersDict", kw, allowed: ["auto_convert", "numbers_dict", "broadcast_value"])
        try Args.count("NumbersDict", a, 0, 1)
        let x = a.first ?? k["numbers_dict"] ?? k["broadcast_value"] ?? .int(0)
        switch x.kind {
        case .int, .float, .bool: return x
        case .dict(let d): return ConfigValue(.dict(d.copy()), at: x.location)
        default: throw ConfigError(.type, "NumbersDict() takes a number or a dict of numbers, not '\(x.typeName)'")
        }
    }
}

/// `WrapEpochValue(func)` (upstream `returnn/pretrain.py`): a value in a pretrain net dict that
/// depends on the epoch; `get_value(epoch)` calls `func(epoch=epoch)`.
public final class WrapEpochValue: PyObject {
    /// The wrapped function.
    public let function: ConfigValue
    init(_ function: ConfigValue) { self.function = function }
    override public var typeName: String { "WrapEpochValue" }
    /// The value for `epoch`.
    public func value(epoch: Int) throws -> ConfigValue { try function.call([], [("epoch", .int(epoch))]) }
    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "func": return function
        case "get_value":
            return ConfigValue(.function(ConfigFunction(name: "get_value") { a, kw in
                let e = a.first ?? kw.first { $0.0 == "epoch" }?.1 ?? .none
                return try self.value(epoch: try Args.int("get_value", e))
            }))
        default: return nil
        }
    }
    override public func repr() throws -> String { "<WrapEpochValue \(ValueFormatting.repr(function))>" }
}
