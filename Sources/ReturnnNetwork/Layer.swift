import ReturnnConfig

/// A layer type of the net dict (RETURNN `LayerBase` subclass), identified by `className`.
///
/// A layer reads its own options in `init` through `LayerBuilder` (which rejects unknown ones
/// afterwards), declares its parameters there, and computes its output template. `forward` then
/// computes the output for one batch on the tape. Common options (`from`, `loss`, `target`,
/// `dropout`, `L2`, `trainable`, ...) are handled by the network builder.
public protocol Layer: AnyObject {
    /// RETURNN's layer class name (`"linear"`, `"rec"`, ...).
    static var className: String { get }
    /// Whether the sources are concatenated on the feature axis, with optional `dropout`, before
    /// they reach the layer (RETURNN `_ConcatInputLayer`). `forward` then gets one input.
    static var concatenatesSources: Bool { get }
    /// Reads the options, declares parameters, computes the output template.
    init(_ builder: LayerBuilder) throws
    /// The sources when the layer dict has no `from` (RETURNN: `["data"]`; `[]` for layers that
    /// read no other layer, like `source` and `constant`).
    static var defaultSources: [String] { get }
    /// Whether the layer mixes frames over time (RETURNN's `recurrent` flag: batches then keep whole
    /// sequences unless chunking is asked for): `rec`, `conv`, `pool`, `window`, ...
    static var mixesFrames: Bool { get }
    /// Checks the options before the sources are constructed, for a form of the class that is not
    /// supported at all (so the user hears that, not a later symptom such as a missing `n_out`).
    static func checkSupported(_ options: OptionReader, layer: String) throws
    /// The output template.
    var output: DataTemplate { get }
    /// Computes the output for one batch.
    func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue
}

extension Layer {
    /// Most layers concatenate their sources.
    public static var concatenatesSources: Bool { true }
    /// Most layers read `data` by default.
    public static var defaultSources: [String] { ["data"] }
    /// Most layers work frame by frame.
    public static var mixesFrames: Bool { false }
    /// Every form of most layers is supported.
    public static func checkSupported(_ options: OptionReader, layer: String) throws {}
}
