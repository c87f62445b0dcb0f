import ReturnnConfig

/// RETURNN's layer-wise pretraining (`returnn/pretrain.py` `Pretrain`): the net dict of every
/// pretrain epoch, built from the final `network` by a construction algorithm and repeated per
/// step. Epochs `1...numPretrainEpochs` train these nets; later epochs train `finalNetDict`.
///
/// Each step's net dict may carry settings: `#repetition` (epochs of this step; taken out of the
/// dict), `#config` (config keys overridden for the epoch) and `#copy_param_mode`.
///
/// `WrapEpochValue` is not supported: the config language has no such object.
public struct Pretrain: CustomStringConvertible {
    /// The options it was built with.
    public let options: PretrainOptions
    /// The net dict of each pretrain epoch (index 0 is epoch 1).
    private let epochNets: [ConfigDict]
    /// Epochs per construction step (after `#repetition` overrides).
    public let repetitions: [Int]

    /// Builds the pretrain schedule for `network` (a non-empty dict of layers); the value is
    /// deep-copied, the caller's dict is never modified.
    public init(network: ConfigValue, options: PretrainOptions) throws {
        guard let original = network.dictValue, original.count > 0 else {
            throw ConfigError(.type, "pretrain: `network` must be a non-empty dict of layers, got \(network.typeName) \(network.repr)",
                              at: network.location)
        }
        self.options = options
        let construction = PretrainConstruction(original: PretrainNetDict.deepCopy(original),
                                                outputLayers: options.outputLayers, inputLayers: options.inputLayers)
        let steps = try construction.steps(options.constructionAlgo)
        var reps = try options.repetitions.counts(stepCount: steps.count, context: "pretrain")
        for (i, net) in steps.enumerated() {
            if let v = try net.remove(.str("#repetition")) {
                guard case .int(let n) = v.kind, n >= 0 else {
                    throw ConfigError(.type, "pretrain step \(i): #repetition must be a non-negative int (number of epochs), got \(v.typeName) \(v.repr)",
                                      at: v.location)
                }
                reps[i] = n
            }
            try Self.validateSettings(net, step: i)
        }
        self.repetitions = reps
        var nets: [ConfigDict] = []
        for (n, net) in zip(reps, steps) {
            for _ in 0..<n { nets.append(PretrainNetDict.deepCopy(net)) }
        }
        guard !nets.isEmpty else {
            throw ConfigError(.value, "pretrain: the repetitions \(reps) give no pretrain epoch at all; give at least one step a repetition > 0")
        }
        if options.greedy && nets.count > 1 {
            throw ConfigError(.value, "pretrain: greedy=True is only supported for a single pretrain epoch (RETURNN removed it with Theano); this schedule has \(nets.count) epochs. Remove `greedy` / `pretrain_greedy`.")
        }
        for (i, net) in nets.enumerated() { try PretrainNetDict.resolveWrappedValues(net, epoch: i + 1) }
        self.epochNets = nets
    }

    /// Checks the `#config` and `#copy_param_mode` settings of a step net dict.
    private static func validateSettings(_ net: ConfigDict, step: Int) throws {
        if let v = net.get("#config") {
            guard let d = v.dictValue else {
                throw ConfigError(.type, "pretrain step \(step): #config must be a dict of config keys, got \(v.typeName) \(v.repr)", at: v.location)
            }
            for k in d.keys where k.stringValue == nil {
                throw ConfigError(.type, "pretrain step \(step): #config keys must be config key names (str), got \(k.repr)", at: k.location)
            }
        }
        if let v = net.get("#copy_param_mode") {
            _ = try ParameterCopyMode.parse(v, context: "pretrain step \(step): #copy_param_mode")
        }
    }

    /// The schedule of `config` (`pretrain_from_config`), or nil when pretraining is off. The net
    /// dict is the typed `network` key.
    public static func fromConfig(_ config: Config) throws -> Pretrain? {
        guard let options = try PretrainOptions.fromConfig(config) else { return nil }
        guard let network = try NetworkDescription.netDict(config), let d = network.dictValue, d.count > 0 else {
            throw ConfigError(.key, "Network is not defined in config. Define `network` (a dict of layers); pretraining builds its steps from it.",
                              at: config.location(of: "pretrain"))
        }
        return try Pretrain(network: network, options: options)
    }

    // MARK: public interface

    /// Number of pretrain epochs (upstream `get_train_num_epochs`).
    public var numPretrainEpochs: Int { epochNets.count }

    /// Whether output layers' params are copied into the next pretrain net (`copy_output_layer`
    /// resolved against `copy_param_mode`; default true).
    public var copyOutputLayer: Bool { options.resolvedCopyOutputLayer }

    /// The global `copy_param_mode`.
    public var copyParamMode: ParameterCopyMode? { options.copyParamMode }

    /// The net dict of the last pretrain epoch, which later epochs train (upstream
    /// `get_final_network_json`); a fresh deep copy.
    public var finalNetDict: ConfigValue { ConfigValue(.dict(PretrainNetDict.deepCopy(epochNets[epochNets.count - 1]))) }

    private func net(_ epoch: Int) -> ConfigDict {
        precondition(epoch >= 1, "Pretrain: epochs start at 1, got \(epoch)")
        return epochNets[min(epoch, epochNets.count) - 1]
    }

    /// The net dict for `epoch` (1-based; epochs after pretraining give the final net), as a
    /// fresh deep copy (upstream `get_network_json_for_epoch`).
    public func netDict(forEpoch epoch: Int) -> ConfigValue {
        ConfigValue(.dict(PretrainNetDict.deepCopy(net(epoch))))
    }

    /// The config keys the epoch's net dict overrides (`#config`), in the order written.
    public func configOverrides(forEpoch epoch: Int) -> [(String, ConfigValue)] {
        guard let d = net(epoch).get("#config")?.dictValue else { return [] }
        return zip(d.keys, d.values).map { (k, v) in (k.stringValue!, PretrainNetDict.deepCopy(v)) }
    }

    /// The copy mode for building the net of `epoch` from the previous one: the net dict's
    /// `#copy_param_mode` if it has the key, else the global `copy_param_mode` during pretraining,
    /// else nil (as upstream `init_new_network`).
    public func copyParamMode(forEpoch epoch: Int) -> ParameterCopyMode? {
        if let v = net(epoch).get("#copy_param_mode") {
            return (try? ParameterCopyMode.parse(v, context: "#copy_param_mode")) ?? nil
        }
        return epoch <= numPretrainEpochs ? options.copyParamMode : nil
    }

    /// Whether two net dicts differ, i.e. the network must be rebuilt (upstream `_net_dict_diff`).
    public static func netDictsDiffer(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        !PretrainNetDiff.lines(a, b).isEmpty
    }

    /// The difference of two net dicts as lines for the v3 log ("reinit because network
    /// description differs. Diff:"); empty when equal (upstream `obj_diff_list`).
    public static func netDictDiff(_ a: ConfigValue, _ b: ConfigValue) -> [String] {
        PretrainNetDiff.lines(a, b)
    }

    /// `Pretrain construction algo 'from_output', number of pretrain epochs: 2` (upstream
    /// `__str__`, logged as `pretrain: ...` at v4), with the repetitions unless all are 1.
    public var description: String {
        var parts = ["Pretrain construction algo \(options.constructionAlgo.repr),",
                     "number of pretrain epochs: \(numPretrainEpochs)"]
        let set = Set(repetitions)
        if set != [1] {
            if set.count == 1 {
                parts.append("(repetitions: \(repetitions[0]))")
            } else {
                parts.append("(repetitions: [\(repetitions.map(String.init).joined(separator: ", "))])")
            }
        }
        return parts.joined(separator: " ")
    }
}
