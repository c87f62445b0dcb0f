import ReturnnConfig

/// How the pretrain steps' net dicts are built from the final net (RETURNN's
/// `Pretrain(construction_algo=...)`, legacy key `pretrain_construction_algo`; default
/// `"from_output"`).
public enum PretrainConstructionAlgo {
    /// `"from_output"`: start from the full net and repeatedly replace the sources of the output
    /// layers by their sources (deleting the layers in between), smallest net first.
    case fromOutput
    /// `"from_input"`: grow from `data`; step k holds the layers up to depth k plus all output
    /// layers, with `from` re-wired to layers that exist.
    case fromInput
    /// `"no_network_modifications"`: one step, the original net.
    case noNetworkModifications
    /// A config function `f(idx, net_dict)`, called with `idx` = 0, 1, ... and a deep copy of the
    /// net dict until it returns None (or an empty dict); the original net is the last step.
    case custom(ConfigFunction)

    /// The algorithm names accepted as str.
    public static let names = ["from_output", "from_input", "no_network_modifications"]

    /// Reads the option value: one of `names`, or a function defined in the config.
    public init(_ v: ConfigValue, context: String) throws {
        if let f = v.functionValue {
            self = .custom(f)
            return
        }
        guard let s = v.stringValue else {
            throw ConfigError(.type, "\(context): construction_algo must be one of \(Self.names.map { "'\($0)'" }.joined(separator: ", ")) or a function f(idx, net_dict), got \(v.typeName) \(v.repr)",
                              at: v.location)
        }
        switch s {
        case "from_output": self = .fromOutput
        case "from_input": self = .fromInput
        case "no_network_modifications": self = .noNetworkModifications
        default:
            var msg = "\(context): invalid construction_algo '\(s)' (use one of \(Self.names.map { "'\($0)'" }.joined(separator: ", ")), or a function f(idx, net_dict) defined in the config)"
            if let c = EditDistance.closest(to: s, in: Self.names) { msg += "; did you mean '\(c)'?" }
            throw ConfigError(.value, msg, at: v.location)
        }
    }

    /// Python's repr of the option as RETURNN prints it in `Pretrain.__str__`.
    public var repr: String {
        switch self {
        case .fromOutput: return "'from_output'"
        case .fromInput: return "'from_input'"
        case .noNetworkModifications: return "'no_network_modifications'"
        case .custom(let f): return "<function \(f.name)>"
        }
    }
}
