import ReturnnConfig
import ReturnnNetwork

/// Helpers over a net dict (`network`: layer name → layer dict) as the pretrain construction needs
/// them: deep copies, the layer names (keys starting with `#` are settings, not layers), a layer's
/// sources (`from`, default `["data"]`) and its `trainable` flag.
enum PretrainNetDict {
    /// Python's `copy.deepcopy` of a config value (`ConfigValue.deepCopied`). Net dicts are
    /// nested far less than the copy's depth limit (the parser allows 100 levels).
    static func deepCopy(_ v: ConfigValue) -> ConfigValue {
        (try? v.deepCopied()) ?? v
    }

    /// A deep copy of a dict (keys are hashable values and are kept as they are).
    static func deepCopy(_ d: ConfigDict) -> ConfigDict {
        deepCopy(ConfigValue(.dict(d))).dictValue ?? d.copy()
    }

    /// Upstream `Pretrain._resolve_wrapped_values`: every `WrapEpochValue` in the epoch's net
    /// dict (through dicts, lists and tuples) becomes its value for `epoch`.
    static func resolveWrappedValues(_ d: ConfigDict, epoch: Int) throws {
        func resolve(_ v: ConfigValue) throws -> ConfigValue {
            switch v.kind {
            case .object(let w as WrapEpochValue): return try w.value(epoch: epoch)
            case .list(let l): l.items = try l.items.map(resolve); return v
            case .tuple(let t): return ConfigValue(.tuple(try t.map(resolve)), at: v.location)
            case .dict(let inner): try resolveWrappedValues(inner, epoch: epoch); return v
            default: return v
            }
        }
        for (k, v) in zip(d.keys, d.values) { try d.set(k, try resolve(v)) }
    }

    /// Whether `key` names a layer (not a `#` setting such as `#config`).
    static func isLayerKey(_ key: String) -> Bool { !key.hasPrefix("#") }

    /// The layer names of `net` in insertion order (str keys not starting with `#`).
    static func layerNames(_ net: ConfigDict) -> [String] {
        net.keys.compactMap { $0.stringValue }.filter(isLayerKey)
    }

    /// The layer dict of `name`, or nil when `net` has no such layer (or its value is no dict).
    static func layer(_ net: ConfigDict, _ name: String) -> ConfigDict? {
        net.get(name)?.dictValue
    }

    /// The sources of a layer dict (`LayerSources`, the network builder's reading of `from`).
    static func sources(_ layer: ConfigDict, name: String) throws -> [String] {
        try LayerSources.parse(layer, name: name, className: layer.get("class")?.stringValue)
    }

    /// `layer.get("trainable", True)` as Python truthiness.
    static func isTrainable(_ layer: ConfigDict) -> Bool {
        layer.get("trainable")?.isTruthy ?? true
    }

    /// Sets `from` of a layer dict to a list of names.
    static func setSources(_ layer: ConfigDict, _ names: [String]) {
        let loc = layer.get("from")?.location ?? .builtin
        layer.set("from", .list(names.map { .str($0, at: loc) }, at: loc))
    }
}
