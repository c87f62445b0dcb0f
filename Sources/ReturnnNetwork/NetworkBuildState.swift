import ReturnnConfig

/// One net dict being built: the root network, or the dict of a `subnetwork` layer.
struct BuildScope {
    /// Layer name → layer dict.
    let dict: ConfigDict
    /// Prefix of the node names (`""` at the root, `"enc/"` in the subnetwork layer `enc`).
    let prefix: String
    /// The enclosing scope (`base:`), nil at the root.
    let parent: Int?
    /// `data` keys of a subnetwork (`data`, `data:<source>`, `data:0`, ...) → node names.
    let inputs: [String: String]
    /// Where the dict is.
    let location: SourceLocation
    /// Set for the unit dict of a `rec` layer: which rec layer, and whether the layers are built
    /// per frame (inside the loop) or over whole sequences (moved out of it).
    var rec: RecScope? = nil

    /// The parameter name prefix of node `name` of this scope: `<rec>/rec/<layer>` inside a rec
    /// unit (upstream's variable scope), else the node name.
    func parameterPrefix(_ name: String) -> String {
        guard let rec, name.hasPrefix(prefix) else { return name }
        return rec.layer + "/rec/" + name.dropFirst(prefix.count)
    }
}

/// Mutable state of one `NetworkBuilder.build` run: the scopes, the nodes built so far (in
/// dependency order), the construction stack (for cycles) and the parameters.
struct BuildState {
    let builder: NetworkBuilder
    var scopes: [BuildScope]
    var nodes: [String: LayerNode] = [:]
    var order: [String] = []
    var stack: [String] = []
    var parameters: [ParameterSpec] = []
    /// Bytes of `parameters` (float32).
    var parameterBytes = 0
    /// `register_as_extern_data` keys → node names.
    var registeredData: [String: String] = [:]
    /// Node name of a `subnetwork` layer → the index of its scope.
    var subnetworks: [String: Int] = [:]
    /// Node name of a `rec` layer with a unit dict → what is known about its unit so far.
    var recUnits: [String: RecUnitInfo] = [:]
    /// The nodes a searching rec layer's `max_seq_len` reads through `max_len_from`, in call order.
    var recMaxLenNodes: [String: [String]] = [:]

    init(builder: NetworkBuilder, root: BuildScope) {
        self.builder = builder
        self.scopes = [root]
    }

    /// Constructs the layer that `ref` names in `scope` (and its dependencies) if not done yet;
    /// `from` is the referring layer and where the reference is written.
    mutating func construct(_ ref: String, scope: Int, from: (layer: String, loc: SourceLocation)?) throws -> LayerNode {
        let s = scopes[scope]
        if ref.hasPrefix("base:") {
            guard let parent = s.parent else {
                throw NetworkError(.layerNotFound, "'\(ref)': 'base:' refers to the network around a subnetwork, but '\(from?.layer ?? ref)' is not inside one",
                                   layer: from?.layer, at: from?.loc)
            }
            return try construct(String(ref.dropFirst(5)), scope: parent, from: from)
        }
        if let rec = s.rec {
            if let n = try recSpecialNode(ref, rec: rec, scope: scope, from: from) { return n }
        } else if ref.hasPrefix("prev:") {
            throw NetworkError(.invalidNetwork, "'\(ref)': 'prev:' (the value of the previous frame) is only valid inside the unit dict of a 'rec' layer",
                               layer: from?.layer, at: from?.loc)
        }
        if ref == "data" || ref.hasPrefix("data:") {
            return try dataNode(String(ref.dropFirst(ref == "data" ? 4 : 5)), scope: scope, from: from)
        }
        if let slash = ref.firstIndex(of: "/") {
            let head = String(ref[..<slash]), rest = String(ref[ref.index(after: slash)...])
            let outer = try construct(head, scope: scope, from: from)
            if let inner = subnetworks[outer.name] { return try construct(rest, scope: inner, from: from) }
            guard let parent = outer.layer as? any SubLayerOutputs else {
                throw NetworkError(.layerNotFound, "'\(ref)': layer '\(head)' (class '\(outer.className)') has no sub-layers; 'a/b' names layer 'b' " +
                                   "of a 'subnetwork' layer 'a' or part 'b' of a layer with parts ('split': 'a/0', 'a/1', ...)",
                                   layer: from?.layer, at: from?.loc)
            }
            return try subLayerNode(rest, of: outer, parent, ref: ref, from: from)
        }
        let full = s.prefix + ref
        if let n = nodes[full] { return n }
        if let i = stack.firstIndex(of: full) {
            let cycle = (stack[i...] + [full]).map { "'\($0)'" }.joined(separator: " -> ")
            throw NetworkError(.dependencyCycle, "layers depend on each other in a cycle: \(cycle); break it (only a rec " +
                               "subnetwork may refer to the previous frame with 'prev:')", layer: full, at: from?.loc)
        }
        guard let layerValue = s.dict.get(ref) else {
            var msg = "layer '\(ref)' is not in the \(s.parent == nil ? "network" : "subnetwork '\(s.prefix.dropLast())'")"
            let names = s.dict.keys.compactMap(\.stringValue).filter { !$0.hasPrefix("#") } + ["data"]
            if let sug = EditDistance.closest(to: ref, in: names) { msg += "; did you mean '\(sug)'?" }
            if s.parent != nil { msg += " (layers of the enclosing network are 'base:<name>')" }
            throw NetworkError(.layerNotFound, msg, layer: from?.layer, at: from?.loc)
        }
        stack.append(full)
        defer { stack.removeLast() }
        let node = try makeNode(full, layerValue, scope: scope)
        nodes[full] = node
        order.append(full)
        return node
    }

    /// The node of sub-layer `sub` of `outer` (a `SubLayerOutputs` layer), named `"<outer>/<sub>"`
    /// as upstream; made once, with `outer` as its source.
    mutating func subLayerNode(_ sub: String, of outer: LayerNode, _ parent: any SubLayerOutputs, ref: String,
                               from: (layer: String, loc: SourceLocation)?) throws -> LayerNode {
        let full = outer.name + "/" + sub
        if let n = nodes[full] { return n }
        guard let t = parent.subLayerOutput(sub) else {
            throw NetworkError(.layerNotFound, "'\(ref)': layer '\(outer.name)' (class '\(outer.className)') has no sub-layer '\(sub)'; its " +
                               "sub-layers are " + parent.subLayerNames.map { "'\(outer.name)/\($0)'" }.joined(separator: ", "),
                               layer: from?.layer, at: from?.loc)
        }
        let node = LayerNode(name: full, className: SubLayerOutputLayer.className, layer: SubLayerOutputLayer(parent: parent, name: sub, output: t),
                             sources: [outer.name], concatenates: false, dropout: 0, loss: nil, isOutputLayer: false,
                             onlyOnEval: outer.onlyOnEval, updaterOpts: nil, location: outer.location)
        nodes[full] = node
        order.append(full)
        return node
    }

    /// `data` / `data:<key>`: extern data or a registered layer at the root; the subnetwork's
    /// input inside one.
    mutating func dataNode(_ keyOrEmpty: String, scope: Int, from: (layer: String, loc: SourceLocation)?) throws -> LayerNode {
        let s = scopes[scope]
        if s.parent != nil {
            let key = keyOrEmpty.isEmpty ? "data" : keyOrEmpty
            guard let full = s.inputs[key], let n = nodes[full] else {
                throw NetworkError(.layerNotFound, "'data:\(key)' is not an input of subnetwork '\(s.prefix.dropLast())'; its inputs are " +
                                   s.inputs.keys.sorted().map { "'data:\($0)'" }.joined(separator: ", ") + " (layers outside are 'base:<name>')",
                                   layer: from?.layer, at: from?.loc)
            }
            return n
        }
        let key = keyOrEmpty.isEmpty ? builder.externData.defaultInput : keyOrEmpty
        if let full = registeredData[key], let n = nodes[full] { return n }
        let full = keyOrEmpty.isEmpty ? "data" : "data:" + key
        if let n = nodes[full] { return n }
        let d = ConfigDict()
        d.set("class", .str("source"))
        d.set("data_key", .str(key))
        let node = try makeNode(full, ConfigValue(.dict(d), at: from?.loc ?? s.location), scope: scope)
        nodes[full] = node
        order.append(full)
        return node
    }

    /// Builds the inside of the `subnetwork` layer `name` (its input nodes, then its `output` and
    /// the layers with a loss) and returns the node of its `output`.
    mutating func buildSubnetwork(_ name: String, dict: ConfigDict, sources: [LayerNode], concatSources: Bool, dropout: Double,
                                  scope: Int, location: SourceLocation) throws -> LayerNode {
        var inputs: [String: String] = [:]
        func inputNode(_ nodeName: String, _ from: [LayerNode]) throws -> String {
            let t = from.count == 1 ? from[0].output : try concatTemplate(from, layer: name, loc: location)
            let node = LayerNode(name: nodeName, className: "copy", layer: PassThroughLayer(output: t), sources: from.map(\.name),
                                 concatenates: true, dropout: dropout, loss: nil, isOutputLayer: false, onlyOnEval: false,
                                 updaterOpts: nil, location: location)
            nodes[nodeName] = node
            order.append(nodeName)
            return nodeName
        }
        if !sources.isEmpty {
            if concatSources {
                inputs["data"] = try inputNode(name + "/data", sources)
            } else {
                for (i, src) in sources.enumerated() {
                    let n = try inputNode(name + "/data:\(i)", [src])
                    inputs["\(i)"] = n
                    inputs[String(src.name.split(separator: "/").last ?? Substring(src.name))] = n
                    if i == 0 { inputs["data"] = n }
                }
            }
        }
        scopes.append(BuildScope(dict: dict, prefix: name + "/", parent: scope, inputs: inputs, location: location))
        let inner = scopes.count - 1
        subnetworks[name] = inner
        guard dict.get("output") != nil else {
            throw NetworkError(.invalidNetwork, "the subnetwork needs an 'output' layer (its value is the subnetwork's output)", layer: name, at: location)
        }
        let output = try construct("output", scope: inner, from: (name, location))
        for k in dict.keys.compactMap(\.stringValue) where k != "output" {
            guard let d = dict.get(k)?.dictValue else { continue }
            if (d.get("loss").map { !$0.isNone } ?? false) || (d.get("is_output_layer")?.isTruthy ?? false) {
                _ = try construct(k, scope: inner, from: (name, location))
            }
        }
        return output
    }
}

/// A node that passes its (concatenated) sources on: the input of a subnetwork.
final class PassThroughLayer: Layer {
    static let className = "copy"
    let output: DataTemplate
    init(output: DataTemplate) { self.output = output }
    init(_ b: LayerBuilder) throws { output = b.input }
    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}
