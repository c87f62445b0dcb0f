import ReturnnConfig

/// RETURNN's `TFNetwork` as the config code of an `eval` layer sees it (`self.network`, the
/// `network` argument of SpecAugment `transform` functions): `get_config()` (the `config`
/// object: `.typed_value('transform')`), `train_flag` (a scalar bool tensor), `global_train_step`
/// (a scalar int64 tensor), `cond_on_train(fn_train, fn_eval)` (calls the branch for this run),
/// `parent_net` (None), `name`.
final class EvalNetworkObject: PyObject {
    let config: Config
    /// The run, nil while the network is built (for `out_type` functions).
    let session: EvalSession?

    init(config: Config, session: EvalSession?) {
        self.config = config
        self.session = session
    }

    private func running(_ what: String) throws -> EvalSession {
        guard let session else { throw ConfigError(.value, "network.\(what) is only available while the eval layer runs, not while the network is built") }
        return session
    }

    override var typeName: String { "TFNetwork" }
    override var attributeNames: [String] {
        ["get_config", "train_flag", "global_train_step", "get_global_train_step", "cond_on_train", "parent_net", "name"]
    }
    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "get_config": return ConfigValue(.function(ConfigFunction(name: name) { [config] _, _ in config.configObject }))
        case "train_flag":
            let s = try running(name)
            return ConfigValue(.object(s.bools([s.isTraining], shape: [])))
        case "global_train_step":
            let s = try running(name)
            return ConfigValue(.object(s.ints([s.globalStep], shape: [], dtype: .int64)))
        case "get_global_train_step":
            let s = try running(name)
            return ConfigValue(.function(ConfigFunction(name: name) { _, _ in ConfigValue(.object(s.ints([s.globalStep], shape: [], dtype: .int64))) }))
        case "cond_on_train":
            let s = try running(name)
            return ConfigValue(.function(ConfigFunction(name: name) { a, kw in
                let p = try BoundArguments("network.cond_on_train", a, kw, ["fn_train", "fn_eval"], required: 2)
                return try s.cond(.bool(s.isTraining), p["fn_train"]!, p["fn_eval"]!, function: "network.cond_on_train")
            }))
        case "parent_net": return ConfigValue.none
        case "name": return .str("root")
        default: return nil
        }
    }
    override func repr() throws -> String { "<TFNetwork 'root' train=\(session.map { "\($0.isTraining)" } ?? "?")>" }
}
