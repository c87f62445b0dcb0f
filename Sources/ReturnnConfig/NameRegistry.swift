/// The one mechanism for every named family (layer classes, losses, datasets, optimizers, rec
/// units, learning-rate control types, tasks): the RETURNN names (each entry's name lives on its
/// type), aliases, case rules, "did you mean", and "exists in upstream RETURNN but is not
/// supported by swift-returnn yet" for upstream's other names (`UpstreamNames`).
///
/// Each family keeps its one explicit list in one file (`BuiltinLayers`, `BuiltinLosses`, ...)
/// and exposes it as a registry.
public struct NameRegistry<Entry> {
    /// What the names are, for messages (`layer class`, `loss`, `dataset class`, ...).
    public let family: String
    private let entries: [(name: String, entry: Entry)]
    private let aliases: [String: String]
    private let caseInsensitive: Bool
    private let upstream: Set<String>

    /// A registry of `entries` by name; `aliases` map other names to entry names; with
    /// `caseInsensitive` names match in any case (optimizers); `upstreamNames` are the family's
    /// names in upstream RETURNN.
    public init(family: String, entries: [(name: String, entry: Entry)], aliases: [String: String] = [:],
                caseInsensitive: Bool = false, upstreamNames: [String] = []) {
        self.family = family
        self.entries = entries
        self.aliases = aliases
        self.caseInsensitive = caseInsensitive
        self.upstream = Set(upstreamNames.map { caseInsensitive ? $0.lowercased() : $0 })
    }

    private func key(_ s: String) -> String { caseInsensitive ? s.lowercased() : s }

    /// The entry named `name` (after aliases), or nil.
    public func lookup(_ name: String) -> Entry? {
        let k = key(name)
        let target = aliases.first { key($0.key) == k }?.value ?? name
        let t = key(target)
        return entries.first { key($0.name) == t }?.entry
    }

    /// The names of the entries, in the family's order.
    public var names: [String] { entries.map(\.name) }

    /// Names and aliases, for suggestions.
    public var allNames: [String] { names + aliases.keys.sorted() }

    /// Whether upstream RETURNN knows `name` although swift-returnn has no entry for it.
    public func isUpstreamOnly(_ name: String) -> Bool { lookup(name) == nil && upstream.contains(key(name)) }

    /// Upstream names swift-returnn does not implement, sorted.
    public var upstreamOnlyNames: [String] {
        upstream.filter { lookup($0) == nil }.sorted()
    }

    /// Why `name` is not an entry: upstream's but not here yet, or unknown with the closest name.
    public func unknownMessage(_ name: String) -> String {
        if isUpstreamOnly(name) {
            return "\(family) '\(name)' exists in upstream RETURNN but is not supported by swift-returnn yet; supported: \(names.joined(separator: ", "))"
        }
        var msg = "unknown \(family) '\(name)'"
        if let s = EditDistance.closest(to: name, in: allNames) { msg += "; did you mean '\(s)'?" }
        return msg
    }

    /// The entry named `name`, or a `ConfigError` (kind `unsupported` for upstream's other
    /// names, `value` for unknown ones) located at `location`.
    public func resolve(_ name: String, at location: SourceLocation? = nil) throws -> Entry {
        if let e = lookup(name) { return e }
        throw ConfigError(isUpstreamOnly(name) ? .unsupported : .value, unknownMessage(name), at: location)
    }
}

extension NameRegistry: Sendable where Entry: Sendable {}
