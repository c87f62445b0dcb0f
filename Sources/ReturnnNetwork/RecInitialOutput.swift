import ReturnnConfig
import ReturnnTensor

/// The value of `prev:x` at the first frame (RETURNN `initial_output` of layer x in a rec unit,
/// `LayerBase.get_rec_initial_output`): `"zeros"` (default for dense outputs), `"ones"`, a number,
/// `"var"` (a trainable vector, parameter `<rec>/rec/init_<x>_var`, zeros at first), or a layer
/// (`"base:enc_last"`) whose value is used as is.
/// ```python
/// "t": {"class": "combine", "kind": "add", "from": ["prev:t", "dt"], "initial_output": -1}
/// ```
enum RecInitialOutput {
    case constant(Double)
    case variable(String)
    /// A layer outside the loop (its node name).
    case layer(String)

    /// Parses layer `x`'s `initial_output` for its per-frame template `frame`; declares the `var`
    /// parameter and constructs a referenced layer.
    static func parse(_ x: String, rec: String, dict: ConfigDict, frame: DataTemplate, state: inout BuildState, scope: Int) throws -> RecInitialOutput {
        let layerName = rec + "/" + x
        let v = dict.get(x)?.dictValue?.get("initial_output")
        guard let v, !v.isNone else {
            if frame.isSparse {
                throw NetworkError(.invalidOption, "'prev:\(x)' needs an initial value for the first frame, and the output \(frame) is sparse: " +
                                   "set 'initial_output' (e.g. 0 or the index of the begin/end label) on '\(x)'", layer: layerName, at: dict.get(x)?.location)
            }
            return .constant(0)
        }
        if let d = v.doubleValue { return .constant(d) }
        guard let s = v.stringValue else {
            throw NetworkError(.invalidOption, "initial_output must be \"zeros\", \"ones\", \"var\", a number or a layer name, got \(v.repr)",
                               layer: layerName, at: v.location)
        }
        switch s {
        case "zeros": return .constant(0)
        case "ones": return .constant(1)
        case "var":
            guard !frame.isSparse, let f = frame.featureDim, frame.dims.allSatisfy({ $0.isBatch || $0 === frame.featureTag! }) else {
                throw NetworkError(.invalidOption, "initial_output \"var\" needs a dense output with only a feature axis, got \(frame)",
                                   layer: layerName, at: v.location)
            }
            let name = rec + "/rec/init_\(x)_var"
            try state.registerParameters([ParameterSpec(name: name, layer: layerName, shape: [f], initializer: .constant(0),
                                                        trainable: true, split: nil, l2: 0)], layer: layerName, loc: v.location)
            return .variable(name)
        case "apply(0)":
            throw NetworkError(.invalidOption, "initial_output \"apply(0)\" is not supported yet; use \"zeros\", \"var\" or a layer",
                               layer: layerName, at: v.location)
        default:
            let n = try state.construct(s, scope: scope, from: (layerName, v.location))
            return .layer(n.name)
        }
    }

    /// The layer node this value reads, if any (an input of the node that uses it).
    var layerNode: String? {
        if case .layer(let n) = self { return n }
        return nil
    }

    /// The first-frame value for `batch` sequences in the shape of `frame`; `layer` is the value of
    /// the referenced layer for `.layer`.
    func value(frame: DataTemplate, batch: Int, layer: LayerValue?, _ ctx: ForwardContext) -> LayerValue {
        let shape = frame.dims.map { d in d.isBatch ? batch : d.size ?? Int(ctx.sizes(of: d)?.array.max() ?? 0) }
        switch self {
        case .constant(let c):
            if frame.isInt { return LayerValue(ints: IntTensor(shape: shape, repeating: Int32(c)), seqLens: nil) }
            return LayerValue(values: Variable(Tensor(shape: shape, repeating: Float(c))), seqLens: nil)
        case .variable(let p):
            let v = ctx.parameter(p)
            let zeros = Variable(Tensor(zeros: shape))
            return LayerValue(values: ctx.tape.add(zeros, ctx.tape.reshape(v, [Int](repeating: 1, count: shape.count - 1) + [v.shape[0]])), seqLens: nil)
        case .layer:
            guard let layer else { preconditionFailure("RecInitialOutput: no value for the initial layer") }
            return layer
        }
    }
}
