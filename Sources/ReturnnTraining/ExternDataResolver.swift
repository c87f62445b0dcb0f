import ReturnnConfig
import ReturnnData
import ReturnnNetwork

/// Where the network's extern data comes from (upstream `init_train_from_config`): the config's
/// `extern_data` / `num_inputs`+`num_outputs`, else the train (or other) dataset's data keys.
enum ExternDataResolver {
    /// Extern data from the config, else from `dataset`.
    static func resolve(config: Config, dataset: (any Dataset)?) throws -> ExternData {
        if let ed = try ExternData.fromConfig(config) { return ed }
        guard let dataset else {
            throw EngineError("cannot tell the network's input dims: set extern_data (or num_inputs/num_outputs) in the config, " +
                              "or a train dataset")
        }
        let defaultInput = try config.value("default_input", default: "data") ?? "data"
        let defaultTarget = try config.value("target", default: "classes") ?? "classes"
        var entries: [(key: String, template: DataTemplate)] = []
        for key in dataset.dataKeys {
            let spec = try dataset.dataSpec(key)
            let spatial = spec.sparse ? [] : Array(spec.shape.dropLast())
            entries.append((key, ExternData.template(key: key, dim: spec.dim, sparse: spec.sparse, spatial: spatial)))
        }
        return ExternData(entries, defaultInput: defaultInput, defaultTarget: defaultTarget)
    }
}
