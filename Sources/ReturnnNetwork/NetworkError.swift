import ReturnnConfig

/// A user mistake in the `network` dict (or in data that does not fit it), found while the network
/// is built or run: names the layer, the config location and what to do.
///
/// Broken internal invariants are `precondition` failures instead.
public struct NetworkError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// `class` names no known layer class.
        case unknownLayerClass = "unknown layer class"
        /// A layer dict has an option this layer does not know.
        case unknownOption = "unknown option"
        /// An option has a wrong type or value.
        case invalidOption = "invalid option"
        /// `from` (or another reference) names a layer that is not in the net dict.
        case layerNotFound = "layer not found"
        /// Layers depend on each other in a cycle.
        case dependencyCycle = "dependency cycle"
        /// Dimensions of connected layers do not fit.
        case dimensionMismatch = "dimension mismatch"
        /// A sparse input where a dense one is needed (or the other way round).
        case sparseMismatch = "sparse/dense mismatch"
        /// A loss that needs a target has none, or the target is not in the data.
        case missingTarget = "missing target"
        /// Unknown loss class.
        case unknownLoss = "unknown loss"
        /// Anything else about the net dict (no output layer, bad data key, ...).
        case invalidNetwork = "invalid network"
        /// A checkpoint does not fit the network.
        case parameterMismatch = "parameter mismatch"
        /// A size asked for (a parameter, a batch) is larger than the memory this process may use.
        case resourceLimit = "resource limit"
    }

    /// The category.
    public var kind: Kind
    /// The human-readable explanation, including what to do.
    public var message: String
    /// The layer concerned, when there is one.
    public var layer: String?
    /// Where in the config, when known.
    public var location: SourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, layer: String? = nil, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.layer = layer
        self.location = location
    }

    /// `file:line:col: layer 'x': message` (parts omitted when unknown).
    public var description: String {
        var s = ""
        if let location, location != .builtin { s += "\(location): " }
        if let layer { s += "layer '\(layer)': " }
        return s + message
    }

    /// Wraps a `ConfigError` from an option reader, keeping its location.
    public static func from(_ e: ConfigError, layer: String?) -> NetworkError {
        let kind: Kind = e.kind == .key ? .unknownOption : .invalidOption
        var message = e.message
        if let layer, message.hasPrefix("layer '\(layer)': ") { message.removeFirst("layer '\(layer)': ".count) }
        return NetworkError(kind, message, layer: layer, at: e.location)
    }
}
