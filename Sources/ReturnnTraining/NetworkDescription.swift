import ReturnnConfig

/// Where the net dict comes from: the config's `network` dict, or, for Theano-era configs without
/// one, upstream's old `LayerNetworkDescription` keys (`hidden_size`, `hidden_type`,
/// `activation`, `bidirectional`, `dropout`, `L2_reg`, `loss`), turned into the net dict that
/// RETURNN's `to_json_content` made of them (removed upstream in 2022).
///
/// ```
/// hidden_size 10,10,10
/// hidden_type forward
/// activation sigmoid
/// bidirectional false
/// ```
/// gives `hidden_0..2` (`linear`, 10 units, sigmoid, each from the one before) and a softmax
/// `output` with the `ce` loss. Recurrent types (`lstm`, `recurrent`) become `rec` layers, named
/// `_fw`/`_bw` with a reversed copy when `bidirectional` (default True).
public enum NetworkDescription {
    /// The net dict of `config`, or nil when it defines none.
    public static func netDict(_ config: Config) throws -> ConfigValue? {
        if let nd = config.typedValue("network"), !nd.isNone { return nd }
        guard config.has("hidden_size") else { return nil }
        return try legacyNetDict(config)
    }

    /// The net dict of `config`; an error saying what to define when there is none.
    public static func requiredNetDict(_ config: Config) throws -> ConfigValue {
        guard let nd = try netDict(config) else {
            throw ConfigError(.key, "the config defines no network: define network = {...} with your layers (or, in a Theano-era config, hidden_size)")
        }
        return nd
    }

    /// Layer classes of `hidden_type`, and whether they are recurrent.
    static func layerClass(_ type: String) -> (dict: [(String, ConfigValue)], recurrent: Bool)? {
        switch type {
        case "forward", "hidden", "linear": return ([("class", .str("linear"))], false)
        case "lstm", "lstm_opt", "nativelstm", "nativelstm2": return ([("class", .str("rec")), ("unit", .str("nativelstm2"))], true)
        case "recurrent", "rnn": return ([("class", .str("rec")), ("unit", .str("rnn"))], true)
        default: return nil
        }
    }

    static func legacyNetDict(_ config: Config) throws -> ConfigValue {
        let loc = config.location(of: "hidden_size") ?? .builtin
        func at(_ key: String) -> SourceLocation { config.location(of: key) ?? loc }
        let sizes = try config.intList("hidden_size")
        guard !sizes.isEmpty else { throw ConfigError(.value, "hidden_size: no hidden layers specified", at: loc) }
        var types = try config.pyList("hidden_type", []).map { $0.description }
        guard types.count <= sizes.count else { throw ConfigError(.value, "hidden_type: more types than hidden layers", at: at("hidden_type")) }
        if types.isEmpty { types = ["forward"] }
        while types.count < sizes.count { types.append(types.count == 1 ? types[0] : "forward") }
        var names = try config.pyList("hidden_name", []).map { $0.description }
        while names.count < sizes.count { names.append("_") }
        names = names.enumerated().map { $0.element == "_" ? "hidden_\($0.offset)" : $0.element }
        var activations = try config.pyList("activation", []).map { $0.description }
        guard !activations.isEmpty else { throw ConfigError(.key, "activation: a Theano-era network description (hidden_size) needs an activation function", at: loc) }
        while activations.count < sizes.count { activations.append(activations.last!) }
        var dropout = try config.floatList("dropout").map { $0 }
        if dropout.isEmpty { dropout = [0] }
        while dropout.count < sizes.count + 1 { dropout.append(dropout.last!) }
        let l2 = try config.float("L2_reg", default: 0) ?? 0
        let bidirectional = try config.bool("bidirectional", default: true) ?? true
        let loss = try config.value("loss", default: "ce") ?? "ce"

        let net = ConfigDict()
        func layer(_ i: Int, from source: String, reverse: Bool) throws -> String {
            guard let (cls, recurrent) = layerClass(types[i]) else {
                throw ConfigError(.value, "hidden_type '\(types[i])' is not a layer type of a Theano-era network description (forward, lstm, recurrent); define network = {...} instead", at: at("hidden_type"))
            }
            var name = names[i]
            let d = ConfigDict()
            for (k, v) in cls { d.set(k, v.at(at("hidden_type"))) }
            d.set("n_out", .int(sizes[i], at: loc))
            d.set("activation", .str(activations[i], at: at("activation")))
            d.set("dropout", .float(dropout[i]))
            if l2 != 0 { d.set("L2", .float(l2, at: at("L2_reg"))) }
            d.set("from", .list([.str(source)]))
            if recurrent && bidirectional {
                name += reverse ? "_bw" : "_fw"
                if reverse { d.set("direction", .int(-1)) }
            }
            net.set(name, ConfigValue(.dict(d), at: loc))
            return name
        }
        var last = "data"
        for i in sizes.indices { last = try layer(i, from: last, reverse: false) }
        var sources = [last]
        if bidirectional {
            last = "data"
            for i in sizes.indices { last = try layer(i, from: last, reverse: true) }
            sources.append(last)
        }
        let out = ConfigDict()
        out.set("class", .str("softmax"))
        out.set("loss", .str(loss, at: at("loss")))
        out.set("dropout", .float(dropout[sizes.count]))
        if l2 != 0 { out.set("L2", .float(l2, at: at("L2_reg"))) }
        // As upstream: with `bidirectional` and non-recurrent layers, the backward copies replace
        // the forward ones under the same names and the last one is a source twice.
        out.set("from", .list(sources.map { .str($0) }))
        net.set("output", ConfigValue(.dict(out), at: loc))
        return ConfigValue(.dict(net), at: loc)
    }
}
