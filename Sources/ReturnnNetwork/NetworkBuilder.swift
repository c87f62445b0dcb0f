import ReturnnConfig
import ReturnnTensor

/// Builds a `Network` from a net dict with RETURNN's rules (spec §6.1): layers are constructed
/// lazily, starting from the output layers (`output`, layers with a loss, `is_output_layer`), each
/// after its sources; every layer's output template is computed on the way, so dimension errors
/// are found before any data is loaded.
///
/// References (`from`, `target: "layer:x"`, `reuse_params`): a layer name, `data` / `data:<key>`
/// (extern data, or what a layer registered with `register_as_extern_data`), `a/b` (layer `b` of
/// the `subnetwork` layer `a`), and, inside a subnetwork, `base:<name>` (a layer of the enclosing
/// network) and `data`/`data:<source>` (the subnetwork's input). Sub-layers are nodes named
/// `a/b`, so their parameters are `a/b/W`, as upstream.
public struct NetworkBuilder {
    /// The extern data (from `extern_data`, `num_inputs`/`num_outputs`, or the dataset).
    public let externData: ExternData
    /// Whether layers marked `only_on_eval` are built (eval/forward tasks; training skips them).
    public let evalFlag: Bool
    /// Whether the network is built for search (RETURNN's `search_flag`: the `search` task, or
    /// `forward` with `forward_use_search`): `choice` layers do beam search, the loop of a `rec`
    /// unit runs until its `end` layer, and layers marked `only_on_search` are built.
    public let searchFlag: Bool
    /// The config the net dict comes from (for layers that run config code: `eval`), if any.
    public let config: Config?
    /// The memory the parameters must fit into: a parameter (or all together) larger than this
    /// is a construction error, before anything is allocated.
    public let memoryBudget: MemoryBudget

    /// Creates a builder.
    public init(externData: ExternData, evalFlag: Bool = true, searchFlag: Bool = false, config: Config? = nil,
                memoryBudget: MemoryBudget = .current()) {
        self.externData = externData
        self.evalFlag = evalFlag
        self.searchFlag = searchFlag
        self.config = config
        self.memoryBudget = memoryBudget
    }

    /// Builds the network for the net dict `value` (a dict of layer name → layer dict).
    public func build(_ value: ConfigValue) throws -> Network {
        guard let dict = value.dictValue else {
            throw NetworkError(.invalidNetwork, "network must be a dict of layer name -> layer dict, got \(value.typeName)",
                               at: value.location)
        }
        var state = BuildState(builder: self, root: BuildScope(dict: dict, prefix: "", parent: nil, inputs: [:], location: value.location))
        var names: [String] = []
        for k in dict.keys {
            guard let name = k.stringValue else {
                throw NetworkError(.invalidNetwork, "layer names must be strings, got \(k.repr)", at: k.location)
            }
            if !name.hasPrefix("#") { names.append(name) }
        }
        var outputs: [String] = []
        for name in names.sorted() {
            guard let layerDict = dict.get(name)?.dictValue else {
                throw NetworkError(.invalidNetwork, "layer '\(name)' must be a dict like {\"class\": \"linear\", ...}",
                                   layer: name, at: dict.get(name)?.location)
            }
            let hasLoss = layerDict.get("loss").map { $0.isTruthy } ?? false
            let isOut = layerDict.get("is_output_layer").map { $0.isTruthy } ?? false
            let onlyEval = layerDict.get("only_on_eval").map { $0.isTruthy } ?? false
            let onlySearch = layerDict.get("only_on_search").map { $0.isTruthy } ?? false
            if (onlySearch && !searchFlag) || (onlyEval && !evalFlag) { continue }
            if name == "output" || name.hasSuffix(":output") || hasLoss || isOut { outputs.append(name) }
        }
        if outputs.isEmpty {
            throw NetworkError(.invalidNetwork, "the network has no output layer: name a layer 'output', or give a layer a 'loss' or " +
                               "'is_output_layer': True", at: value.location)
        }
        // Layers that register their output as extern data come first (RETURNN does the same), so
        // that `data:<key>` references and targets find them.
        for name in names where dict.get(name)?.dictValue?.get("register_as_extern_data").map({ !$0.isNone }) == true {
            _ = try state.construct(name, scope: 0, from: nil)
        }
        for name in outputs { _ = try state.construct(name, scope: 0, from: nil) }
        return Network(nodes: state.order.map { state.nodes[$0]! }, parameters: state.parameters, externData: externData)
    }
}

