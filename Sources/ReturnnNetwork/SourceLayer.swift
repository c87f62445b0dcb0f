import ReturnnConfig

/// Extern data as a layer (RETURNN `source`): `"data"` and `"data:<key>"` in `from` are this layer.
///
/// Options: `data_key` (default: the extern data's default input, `"data"`).
/// ```python
/// "feat": {"class": "source", "data_key": "data"}
/// ```
public final class SourceLayer: Layer {
    /// The class name in a net dict: `"class": "source"`.
    public static let className = "source"
    /// Source layers read no other layer.
    public static var defaultSources: [String] { [] }
    /// The data key.
    public let dataKey: String
    /// The template of that data.
    public let output: DataTemplate

    /// Looks up the data key in the extern data.
    public init(_ b: LayerBuilder) throws {
        dataKey = try b.read { try $0.string("data_key", default: b.externData.defaultInput) }
        guard let t = b.externData[dataKey] else {
            var msg = "no extern data '\(dataKey)'; the data keys are \(b.externData.keys.map { "'\($0)'" }.joined(separator: ", "))"
            if let s = EditDistance.closest(to: dataKey, in: b.externData.keys) { msg += "; did you mean '\(s)'?" }
            throw b.error(.layerNotFound, msg)
        }
        output = t
    }

    /// The batch's data for the key.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        guard let v = ctx.data[dataKey] else {
            throw NetworkError(.invalidNetwork, "the batch has no data '\(dataKey)'", layer: "data:\(dataKey)")
        }
        return v
    }
}
