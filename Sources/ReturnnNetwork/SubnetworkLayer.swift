import ReturnnConfig

/// A whole net dict as one layer (RETURNN `subnetwork`): its `output` layer is the value.
///
/// Inside, `data` (or `data:data`) is the concatenated input (`concat_sources=True`, default);
/// with `concat_sources=False` each source is `data:<i>` and `data:<source name>`; `base:<name>`
/// reads a layer of the enclosing network. The sub-layers are nodes `<name>/<layer>`, reachable
/// from outside as `"<name>/<layer>"`, and their parameters are `<name>/<layer>/W` as upstream.
///
/// ```python
/// "enc": {"class": "subnetwork", "from": "data", "subnetwork": {
///     "l1": {"class": "linear", "activation": "relu", "n_out": 128},
///     "output": {"class": "linear", "activation": None, "n_out": 64, "from": "l1"}}}
/// ```
public final class SubnetworkLayer: Layer {
    /// The class name in a net dict: `"class": "subnetwork"`.
    public static let className = "subnetwork"
    /// The sources go into the subnetwork, not through a concatenation here.
    public static var concatenatesSources: Bool { false }
    /// The subnetwork's `output` template.
    public let output: DataTemplate

    init(output: DataTemplate) { self.output = output }

    /// Built by the network builder (`BuildState.makeSubnetworkNode`), which constructs the inside.
    public init(_ b: LayerBuilder) throws {
        preconditionFailure("SubnetworkLayer is built by the network builder")
    }

    /// The value of the subnetwork's `output` layer.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}

extension BuildState {
    /// A `subnetwork` layer: its inside (input nodes, `output`, layers with a loss), then the
    /// node whose value is the inside's `output`.
    mutating func makeSubnetworkNode(_ name: String, _ opts: OptionReader, sources: [LayerNode], scope: Int, location: SourceLocation) throws -> LayerNode {
        var opts = opts
        func read<T>(_ body: (inout OptionReader) throws -> T) throws -> T {
            do { return try body(&opts) } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
        }
        let subValue = try read { try $0.value("subnetwork") }
        guard let subDict = subValue.dictValue else {
            throw NetworkError(.invalidOption, "subnetwork must be a net dict (layer name -> layer dict), got \(subValue.typeName)", layer: name, at: subValue.location)
        }
        let concatSources = try read { try $0.bool("concat_sources", default: true) }
        let dropout = try read { try $0.double("dropout", default: 0) }
        let isOutputFlag = try read { try $0.bool("is_output_layer", default: false) }
        let onlyOnEval = try read { try $0.bool("only_on_eval", default: false) }
        if let v = opts.optionalValue("load_on_init"), !v.isNone {
            throw NetworkError(.invalidOption, "load_on_init of a subnetwork is not supported; use preload_from_files", layer: name, at: v.location)
        }
        if try !read({ try $0.bool("trainable", default: true) }) {
            throw NetworkError(.invalidOption, "trainable=False on a subnetwork is not supported; set it on the layers inside", layer: name, at: location)
        }
        for key in ["loss", "target"] where opts.optionalValue(key).map({ !$0.isNone }) == true {
            throw NetworkError(.invalidOption, "'\(key)' on a subnetwork layer is not supported; put the loss on a layer inside the subnetwork (e.g. its 'output')",
                               layer: name, at: location)
        }
        opts.ignore(["name_scope", "from"])
        let out = try buildSubnetwork(name, dict: subDict, sources: sources, concatSources: concatSources, dropout: dropout, scope: scope, location: location)
        do { try opts.finish() } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
        return LayerNode(name: name, className: SubnetworkLayer.className, layer: SubnetworkLayer(output: out.output), sources: [out.name],
                         concatenates: false, dropout: 0, loss: nil, isOutputLayer: name == "output" || isOutputFlag, onlyOnEval: onlyOnEval,
                         updaterOpts: nil, location: location)
    }
}
