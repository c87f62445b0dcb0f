import ReturnnConfig

/// A layer class whose options name other layers besides `from` (RETURNN's
/// `transform_config_dict` calling `get_layer`): `gather`'s `position`, `repeat`'s `repetitions`,
/// `postfix_in_time`'s `postfix`, `time_unchunking`'s `chunking_layer`, `reinterpret_data`'s
/// `size_base`, ...; or whose `from` is not a list of names (`concat`: `(layer, axis)` pairs).
///
/// The network constructs the referenced layers before this one, hands their nodes to `init`
/// (`LayerBuilder.referencedNodes`, in the order `referencedLayers` returned them) and passes
/// their outputs to `forward` after the inputs (`inputs[inputCount...]`).
public protocol ReferencingLayer: Layer {
    /// The names of the layers the options refer to, in order (read-only: the copy of the reader
    /// is discarded; `init` reads the options again). Errors name `layer`.
    static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String]
    /// The source names when `from` is not a layer name or a list of names; nil for the usual
    /// parsing.
    static func sourceNames(from value: ConfigValue, layer: String) throws -> [String]?
}

extension ReferencingLayer {
    /// The usual `from`.
    public static func sourceNames(from value: ConfigValue, layer: String) throws -> [String]? { nil }
}

/// Reading layer references from options.
extension OptionReader {
    /// The layer name an option holds when it is a string (RETURNN passes strings through
    /// `get_layer`; numbers stay constants); nil when absent, None or not a string.
    public func layerName(_ key: String) -> String? {
        guard let v = dict.get(key), !v.isNone else { return nil }
        return v.stringValue
    }
}
