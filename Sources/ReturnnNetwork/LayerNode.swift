import ReturnnConfig

/// A constructed layer in the network: the layer object plus the common options the network
/// handles (sources, dropout, loss, output flags).
public final class LayerNode {
    /// Layer name (`"data"`, `"data:classes"` for extern data).
    public let name: String
    /// RETURNN class name.
    public let className: String
    /// The layer.
    public let layer: any Layer
    /// Names of the source nodes.
    public let sources: [String]
    /// Whether the sources are concatenated before the layer.
    let concatenates: Bool
    /// Dropout rate on the concatenated input (training only).
    public let dropout: Double
    /// The loss, when the layer has one.
    public let loss: LossBinding?
    /// Whether the layer is an output layer (name `output`, a loss, or `is_output_layer`).
    public let isOutputLayer: Bool
    /// Whether the layer is only computed in eval (RETURNN `only_on_eval`).
    public let onlyOnEval: Bool
    /// The layer's `updater_opts`, for the updater.
    public let updaterOpts: ConfigValue?
    /// Where the layer dict is.
    public let location: SourceLocation
    /// The output template (the layer's, with the tag of `out_dim` when the config gave one).
    public let output: DataTemplate
    /// Layers the options name (`ReferencingLayer`); their outputs follow the inputs in `forward`.
    public internal(set) var references: [String] = []

    /// Whether the node is a part of another layer (`"s/0"` of a `split` layer `s`; see
    /// `SubLayerOutputs`) rather than a layer of the net dict.
    public var isSubLayer: Bool { layer is SubLayerOutputLayer }

    init(name: String, className: String, layer: any Layer, sources: [String], concatenates: Bool, dropout: Double,
         loss: LossBinding?, isOutputLayer: Bool, onlyOnEval: Bool, updaterOpts: ConfigValue?, location: SourceLocation,
         output: DataTemplate? = nil) {
        self.output = output ?? layer.output
        self.name = name
        self.className = className
        self.layer = layer
        self.sources = sources
        self.concatenates = concatenates
        self.dropout = dropout
        self.loss = loss
        self.isOutputLayer = isOutputLayer
        self.onlyOnEval = onlyOnEval
        self.updaterOpts = updaterOpts
        self.location = location
    }
}

/// A layer's loss with its target and scale.
public struct LossBinding {
    /// The loss object.
    public let loss: any Loss
    /// Loss name (the layer name).
    public let name: String
    /// Data key of the target, or `nil` (`as_is`).
    public let targetKey: String?
    /// Layer whose output is the target (`target: "layer:x"`), or `nil`.
    public let targetLayer: String?
    /// `loss_scale` / `loss_opts.scale` (default 1).
    public let scale: Double
}
