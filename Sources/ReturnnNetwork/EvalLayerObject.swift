import ReturnnConfig

/// A layer (RETURNN's `LayerBase`) as the config code of an `eval` layer sees it: `self` in the
/// eval string (`self.network`, `self.name`, `self.output`, `self.sources`), the entries of
/// `self.sources` and of `sources` in an `out_type` function, and `source(i, as_layer=True)`:
/// `name`, `network`, `output` (a `Data`).
final class EvalLayerObject: PyObject {
    let name: String
    let network: EvalNetworkObject
    let output: EvalDataObject
    /// The sources (for `self`; empty for the sources themselves).
    let sources: [EvalLayerObject]

    init(name: String, network: EvalNetworkObject, output: EvalDataObject, sources: [EvalLayerObject] = []) {
        self.name = name
        self.network = network
        self.output = output
        self.sources = sources
    }

    override var typeName: String { "LayerBase" }
    override var attributeNames: [String] { ["name", "network", "output", "sources"] }
    override func attribute(_ attr: String) throws -> ConfigValue? {
        switch attr {
        case "name": return .str(name)
        case "network": return ConfigValue(.object(network))
        case "output": return ConfigValue(.object(output))
        case "sources": return .list(sources.map { ConfigValue(.object($0)) })
        default: return nil
        }
    }
    override func repr() throws -> String { "<Layer '\(name)' out_type=\(output.template)>" }
}
