import ReturnnConfig

/// The one reading of a layer dict's `from` (used by the network builder and by pretraining):
/// a layer name or a list/tuple of names; absent or `None` gives the class's default sources
/// (`["data"]` for most, none for `source`/`constant`); the name `"none"` is dropped (RETURNN's
/// way of saying "no source"). A `ReferencingLayer` class may read `from` itself (`concat`).
///
/// ```python
/// "out": {"class": "softmax", "from": ["lstm_fw", "lstm_bw"]}
/// ```
public enum LayerSources {
    /// The source names of `layer` (named `name`, of class `className` if known).
    public static func parse(_ layer: ConfigDict, name: String, className: String?) throws -> [String] {
        let type = className.flatMap { BuiltinLayers.type(named: $0) }
        let defaults = type?.defaultSources ?? ["data"]
        guard let v = layer.get("from"), !v.isNone else { return defaults }
        // A class that reads `from` itself (`concat`'s `(layer, axis)` pairs).
        if let r = type as? any ReferencingLayer.Type, let names = try r.sourceNames(from: v, layer: name) { return names.filter { $0 != "none" } }
        var names: [String]
        if let s = v.stringValue {
            names = [s]
        } else if let items = v.sequenceItems {
            names = try items.map { x in
                guard let s = x.stringValue else {
                    throw ConfigError(.type, "layer '\(name)': 'from' entries must be layer names (str), got \(x.typeName) \(x.repr)", at: x.location)
                }
                return s
            }
        } else {
            throw ConfigError(.type, "layer '\(name)': 'from' must be a layer name or a list of layer names, got \(v.typeName) \(v.repr)", at: v.location)
        }
        names.removeAll { $0 == "none" }
        return names
    }
}
