import ReturnnConfig

/// A `ReferencingLayer` whose references are options holding a layer name, by key (RETURNN: the
/// `get_layer` calls in a layer's `transform_config_dict`, e.g. `switch`'s
/// `condition`/`true_from`/`false_from`, `softmax_over_spatial`'s `start`/`window_start`/`window_size`).
///
/// For every key of `layerOptionKeys` whose value is a string, the builder constructs that layer
/// before this one and puts its output template into `LayerBuilder.references[key]`; at run time
/// the outputs of those layers follow the layer's (concatenated) source inputs in `forward`'s
/// `inputs`, in the order of `layerOptionKeys`. Other values (numbers, bools) are constants the
/// layer reads itself.
public protocol ReferencesLayers: ReferencingLayer {
    /// The option keys that may hold a layer name.
    static var layerOptionKeys: [String] { get }
}

extension ReferencesLayers {
    /// The layer names of the `layerOptionKeys` options that hold a string, in key order.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        layerOptionKeys.compactMap { options.layerName($0) }
    }

    /// The option keys whose layers `referencedLayers` returned, in the same order.
    static func referencingKeys(_ options: OptionReader) -> [String] {
        layerOptionKeys.filter { options.layerName($0) != nil }
    }
}

extension LayerBuilder {
    /// The template of the layer that option `key` names, or nil when the option is absent or not
    /// a string (a constant). Throws when the option names a layer the builder did not provide.
    func referencedTemplate(_ key: String) throws -> DataTemplate? {
        guard let v = options.optionalValue(key), let layer = v.stringValue else { return nil }
        guard let t = references[key] else {
            throw error(.invalidOption, "\(key)='\(layer)' names another layer, but no layer was constructed for it",
                        at: v.location)
        }
        return t
    }

    /// The position in `forward`'s inputs of the layer named by option `key` (after the `sourceCount`
    /// source inputs), following `ReferencesLayers`' contract; nil when the option is a constant.
    func referenceIndex(_ key: String, keys: [String], sourceCount: Int) -> Int? {
        guard references[key] != nil, options.optionalValue(key)?.stringValue != nil else { return nil }
        return sourceCount + keys.prefix { $0 != key }.filter { references[$0] != nil && options.optionalValue($0)?.stringValue != nil }.count
    }
}
