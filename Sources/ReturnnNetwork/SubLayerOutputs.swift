import ReturnnConfig

/// A layer class whose parts are layers of their own, named `"<layer>/<sub>"` in the net dict
/// (RETURNN `LayerBase.get_sub_layer` / `get_sub_layer_out_data_from_opts`): `split`'s parts
/// `"s/0"`, `"s/1"`, ...
///
/// Wherever a layer name is accepted (`from`, `target: "layer:..."`, options that name layers), the
/// builder resolves `"a/b"` for a layer `a` of such a class to a node named `"a/b"` that reads `a`'s
/// output and computes the part with `forwardSubLayer`; so gradients flow back through `a`.
/// (`"a/b"` for a `subnetwork` layer `a` names its inner layer `b` instead.)
/// ```python
/// "s": {"class": "split", "num_splits": 2, "from": "data"},
/// "out": {"class": "combine", "kind": "mul", "from": ["s/0", "s/1"]}
/// ```
public protocol SubLayerOutputs: Layer {
    /// The sub-layer names, in order (for messages).
    var subLayerNames: [String] { get }
    /// The output template of sub-layer `name`; nil when the layer has no sub-layer of that name.
    func subLayerOutput(_ name: String) -> DataTemplate?
    /// Computes sub-layer `name` (one of `subLayerNames`) for one batch from `parent`, this layer's
    /// own output value.
    func forwardSubLayer(_ name: String, parent: LayerValue, _ ctx: ForwardContext) throws -> LayerValue
}

/// The node of one sub-layer of a `SubLayerOutputs` layer (RETURNN's `InternalLayer` that
/// `get_sub_layer` returns): its only source is the parent layer.
final class SubLayerOutputLayer: Layer {
    /// Not a class of the net dict (upstream's `InternalLayer` has none either).
    static let className = "internal"
    /// The parent's value is read as is.
    static var concatenatesSources: Bool { false }
    let output: DataTemplate
    let parent: any SubLayerOutputs
    let subName: String

    init(parent: any SubLayerOutputs, name: String, output: DataTemplate) {
        self.parent = parent
        self.subName = name
        self.output = output
    }

    init(_ b: LayerBuilder) throws {
        preconditionFailure("SubLayerOutputLayer is built by the network builder, not from a layer dict")
    }

    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        try parent.forwardSubLayer(subName, parent: inputs[0], ctx)
    }
}
