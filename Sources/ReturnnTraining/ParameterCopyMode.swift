import ReturnnConfig

/// How parameter values are carried from the old network into a newly built one when the net
/// dict changes (RETURNN's `copy_param_mode`: pretrain option, or `#copy_param_mode` in a net
/// dict). Without a mode (`None`), values are copied where the shapes match.
public enum ParameterCopyMode: String, Sendable, CaseIterable {
    /// `"ifpossible"`: copy by name where the shapes match; skip (with a v3 message) otherwise.
    case ifPossible = "ifpossible"
    /// `"subset"`: like `ifpossible`, but a tensor of another shape (same rank) gets the old
    /// values in the leading part of each block (per gate block when the param has split info).
    case subset
    /// `"reset"`: copy nothing; the new network keeps its random initialization.
    case reset

    /// Reads the option: `None` gives nil, else one of the RETURNN names.
    public static func parse(_ v: ConfigValue, context: String) throws -> ParameterCopyMode? {
        if v.isNone { return nil }
        let names = allCases.map(\.rawValue)
        guard let s = v.stringValue else {
            throw ConfigError(.type, "\(context): expected None or one of \(names.map { "'\($0)'" }.joined(separator: ", ")), got \(v.typeName) \(v.repr)",
                              at: v.location)
        }
        guard let m = ParameterCopyMode(rawValue: s) else {
            var msg = "\(context): unknown copy_param_mode '\(s)' (use None, \(names.map { "'\($0)'" }.joined(separator: ", ")))"
            if let c = EditDistance.closest(to: s, in: names) { msg += "; did you mean '\(c)'?" }
            throw ConfigError(.value, msg, at: v.location)
        }
        return m
    }
}

/// RETURNN's name of the option (`copy_param_mode`), for code written against the config key.
public typealias CopyParamMode = ParameterCopyMode
