import ReturnnConfig
import ReturnnTensor

/// A trainable (or fixed) parameter as a layer output (RETURNN `variable`).
///
/// Options: `shape` (required: a list of ints or static dim tags; ints give spatial axes and a
/// last feature axis), `init` (0; an initializer name, number or expression as `forward_weights_init`),
/// `add_batch_axis` (False: no batch axis; True: repeated over the batch), `add_time_axis` (False;
/// True adds a leading axis of size 1, `<name>:dummy-time`), `trainable` (True), `param_name` (the
/// layer name), `dtype` ("float32" only). No sources. The parameter is `<name>/<param_name>` with
/// the `shape` sizes. Upstream's `dummy-time` axis is a time axis of size 1; here a static axis of
/// size 1 (this port's time axis is always dynamic). Not supported: `init_by_layer`,
/// `saveable=False`, `non_critical_for_restore=True`.
/// ```python
/// "pos_emb": {"class": "variable", "shape": [max_len, FeatureDim("model", 512)], "init": "glorot_uniform"}
/// ```
public final class VariableLayer: Layer {
    /// The class name in a net dict: `"class": "variable"`.
    public static let className = "variable"
    /// No sources.
    public static var defaultSources: [String] { [] }
    /// No sources to concatenate.
    public static var concatenatesSources: Bool { false }
    /// `[B?, 1?, shape...]`.
    public let output: DataTemplate
    let parameter: String
    let shape: [Int]
    let addTime: Bool

    /// Reads the options and declares the parameter.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.isEmpty else {
            throw b.error(.invalidNetwork, "a variable layer has no sources; remove 'from' (got \(b.sourceNames.joined(separator: ", ")))")
        }
        let shapeValue = try b.read { try $0.value("shape") }
        guard let items = shapeValue.sequenceItems else {
            throw b.error(.invalidOption, "shape must be a list of ints or dim tags, got \(shapeValue.repr)", at: shapeValue.location)
        }
        let dims: [Dim] = try items.enumerated().map { i, item in
            if let tag = b.externData.dimTags.dim(item) {
                guard tag.size != nil, !tag.isBatch else {
                    throw b.error(.invalidOption, "shape entry \(tag) must be a static dim tag", at: item.location)
                }
                return tag
            }
            guard let n = item.intValue, item.boolValue == nil, n > 0 else {
                throw b.error(.invalidOption, "shape entries must be positive ints or static dim tags, got \(item.repr)", at: item.location)
            }
            return Dim(kind: i == items.count - 1 ? .feature : .spatial, name: "\(b.name):static:\(i)", size: n)
        }
        shape = dims.map { $0.size! }
        if let dtype = try b.read({ try $0.optionalString("dtype") }), dtype != "float32" {
            throw b.error(.invalidOption, "dtype \"\(dtype)\" is not supported for variable; only \"float32\"")
        }
        if !(try b.read { try $0.bool("saveable", default: true) }) {
            throw b.error(.invalidOption, "saveable=False is not supported: every parameter is saved in the checkpoint")
        }
        if try b.read({ try $0.bool("non_critical_for_restore", default: false) }) {
            throw b.error(.invalidOption, "non_critical_for_restore=True is not supported: a missing parameter is an error when loading")
        }
        if b.hasOption("init_by_layer") { throw b.error(.invalidOption, "init_by_layer is not supported yet; use init") }
        b.options.ignore(["init_by_layer"])
        let addBatch = try b.read { try $0.bool("add_batch_axis", default: false) }
        addTime = try b.read { try $0.bool("add_time_axis", default: false) }
        let paramName = try b.read { try $0.optionalString("param_name") } ?? b.name
        parameter = b.parameter(paramName, shape: shape, initializer: try b.initializer("init", default: .constant(0)))
        var out = dims
        if addTime { out.insert(Dim(kind: .spatial, name: "\(b.name):dummy-time", size: 1), at: 0) }
        if addBatch { out.insert(.batch, at: 0) }
        output = DataTemplate(dims: out)
    }

    /// The parameter, with the extra axes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var y = ctx.parameter(parameter)
        if addTime { y = tape.reshape(y, [1] + shape) }
        if output.hasBatch {
            guard let batch = ctx.data.values.first?.batch else {
                throw NetworkError(.invalidNetwork, "add_batch_axis needs the batch size, but the batch has no data")
            }
            y = tape.add(tape.reshape(y, [1] + y.shape), Variable(Tensor(zeros: [batch] + y.shape)))
        }
        return LayerValue(values: y, seqLens: nil)
    }
}
