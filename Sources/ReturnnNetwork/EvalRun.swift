import ReturnnConfig
import ReturnnTensor

/// One forward of an `eval` layer: the names its code sees (`source`, `self`), which sources it
/// used, and turning the result into the layer's output (checked against the template).
final class EvalRun {
    let layer: EvalLayer
    let inputs: [LayerValue]
    let ctx: ForwardContext
    let session: EvalSession
    /// Sources the code read (upstream requires all).
    private var used = Set<Int>()

    init(layer: EvalLayer, inputs: [LayerValue], ctx: ForwardContext, session: EvalSession) {
        self.layer = layer
        self.inputs = inputs
        self.ctx = ctx
        self.session = session
    }

    private lazy var network = EvalNetworkObject(config: layer.config, session: session)

    /// `source`, `self`.
    var names: [(String, ConfigValue)] {
        [("source", ConfigValue(.function(ConfigFunction(name: "source") { [unowned self] a, kw in try source(a, kw) }))),
         ("self", ConfigValue(.object(selfObject)))]
    }

    private lazy var selfObject: EvalLayerObject = {
        let sources = layer.sourceNames.indices.map { i in
            EvalLayerObject(name: layer.sourceNames[i], network: network, output: data(i, template: layer.sourceTemplates[i], value: raw(i)))
        }
        return EvalLayerObject(name: layer.name, network: network,
                               output: EvalDataObject(name: "\(layer.name)_output", template: layer.output, builder: layer.builder), sources: sources)
    }()

    /// Source `i` as a tensor, in its own layout (a softmax layer's output remembers its logits).
    private func raw(_ i: Int) -> TensorValue {
        let v = inputs[i]
        if let ints = v.ints { return session.ints(ints.array.map(Int.init), shape: ints.shape) }
        return session.float(v.dense, origin: v.logits.map { .softmax($0) })
    }

    /// A `Data` for a template and value, with the run-time sizes of its dynamic axes.
    private func data(_ i: Int, template: DataTemplate, value: TensorValue) -> EvalDataObject {
        var sizes: [Dim: TensorValue] = [:]
        for d in template.dims where d.isDynamic {
            if let s = ctx.sizes(of: d) { sizes[d] = session.ints(s.array.map(Int.init), shape: s.shape) }
        }
        return EvalDataObject(name: "\(layer.sourceNames[i])_output", template: template, placeholder: ConfigValue(.object(value)),
                              sizes: sizes, builder: layer.builder)
    }

    /// `source(i, auto_convert=True, enforce_batch_major=False, as_data=False, as_layer=False)`.
    private func source(_ a: [ConfigValue], _ kw: [(String, ConfigValue)]) throws -> ConfigValue {
        let p = try BoundArguments("source", a, kw, ["i", "auto_convert", "enforce_batch_major", "as_data", "as_layer"], required: 1)
        let i = try session.int(p["i"]!, function: "source", what: "i")
        guard i >= 0 && i < inputs.count else {
            throw ConfigError(.value, "source(\(i)): the layer has \(inputs.count) source\(inputs.count == 1 ? "" : "s")" +
                              (inputs.isEmpty ? "" : " (from: \(layer.sourceNames.joined(separator: ", ")))"), pythonClass: "IndexError")
        }
        used.insert(i)
        if p.bool("as_layer", default: false) { return ConfigValue(.object(selfObject.sources[i])) }
        var template = layer.sourceTemplates[i]
        var value = raw(i)
        if p.bool("auto_convert", default: true), let plan = EvalRun.layoutPlan(template, to: layer.output) {
            let perm = plan.compactMap { $0 }
            value = session.permute(value, perm).reshaped(plan.map { $0.map { value.shape[$0] } ?? 1 })
            template.dims = plan.map { $0.map { template.dims[$0] } ?? Dim(kind: .spatial, name: "broadcast", size: 1) }
        }
        let d = data(i, template: template, value: value)
        let result = p.bool("enforce_batch_major", default: false) ? try d.attribute("copy_as_batch_major")!.call() : ConfigValue(.object(d))
        if p.bool("as_data", default: false) { return result }
        return (result.objectValue as! EvalDataObject).placeholder
    }

    /// For each output axis, the source axis with the same role (nil: a size-1 axis), when every
    /// source axis has a place (RETURNN's `copy_compatible_to`); nil otherwise (no conversion).
    static func layoutPlan(_ s: DataTemplate, to o: DataTemplate) -> [Int?]? {
        let sr = AxisDescription.roles(s), or = AxisDescription.roles(o)
        guard sr.allSatisfy({ or.contains($0) }) else { return nil }
        let plan = or.map { r in sr.firstIndex(of: r) }
        return plan == Array(0..<s.rank) ? nil : plan
    }

    /// The result as the layer's output: a tensor of the template's dtype and axes (dynamic axes
    /// at least as long as their sequences), plus bias and activation.
    func finish(_ result: ConfigValue) throws -> LayerValue {
        let out = layer.output
        func fail(_ m: String) -> NetworkError { NetworkError(.dimensionMismatch, m, layer: layer.name, at: layer.builder.location) }
        let unused = (0..<inputs.count).filter { !used.contains($0) }
        if !unused.isEmpty {
            throw NetworkError(.invalidOption, "eval did not use source\(unused.count == 1 ? "" : "s") \(unused.map { "\($0) ('\(layer.sourceNames[$0])')" }.joined(separator: ", ")); " +
                               "every source in 'from' must be read with source(i) (as upstream)", layer: layer.name, at: layer.builder.location)
        }
        guard case .object(let t as TensorValue) = result.kind else {
            let hint = result.objectValue is EvalDataObject ? "; return its .placeholder" : ""
            throw fail("eval returned \(result.typeName) \(result.repr), not a tensor\(hint)")
        }
        guard t.dtype != .bool else { throw fail("eval returned a bool tensor; outputs are float32 or int32: use tf.cast(x, tf.int32) and out_type={'dtype': 'int32'}") }
        guard t.dtype.isInt == out.isInt else {
            throw fail("eval returned a \(t.dtype.rawValue) tensor, but the output template \(out) is \(out.isInt ? "int32" : "float32"); " +
                       (out.isInt ? "cast with tf.cast(x, tf.int32)" : "set out_type={'dtype': '\(t.dtype.rawValue)', ...} or cast with tf.cast(x, tf.float32)"))
        }
        let batch = inputs.first?.batch ?? ctx.data.values.first?.batch ?? t.shape.first ?? 1
        guard t.rank == out.rank else {
            throw fail("eval returned a tensor of shape \(TensorShapeObject.tupleText(t.shape)), but the output template \(out) has \(out.rank) axes; set out_type (e.g. {'shape': ...})")
        }
        for (k, d) in out.dims.enumerated() {
            let n = t.shape[k]
            if d.isBatch, n != batch { throw fail("axis \(k) of the result (shape \(TensorShapeObject.tupleText(t.shape))) should be the batch (\(batch))") }
            if let size = d.size, !d.isBatch, n != size { throw fail("axis \(k) of the result (shape \(TensorShapeObject.tupleText(t.shape))) should have size \(size) (\(d)) as in the output template \(out)") }
            if d.isDynamic {
                guard let s = ctx.sizes(of: d) else { throw fail("the sizes of the dynamic axis \(d) are not known in this batch") }
                let m = s.array.map(Int.init).max() ?? 0
                if n < m { throw fail("axis \(k) of the result (shape \(TensorShapeObject.tupleText(t.shape))) is shorter than the longest sequence (\(m)) of \(d)") }
            }
        }
        let lens = out.timeDim.flatMap { ctx.sizes(of: $0) }
        if out.isInt { return LayerValue(ints: IntTensor(shape: t.shape, t.ints.map { Int32(truncatingIfNeeded: $0) }), seqLens: lens) }
        var y = t.variable
        if let b = layer.bias { y = ctx.tape.add(y, ctx.parameter(b)) }
        let z = layer.activation.apply(y, ctx.tape)
        return LayerValue(values: z, seqLens: lens, logits: layer.activation.isSoftmax ? y : nil)
    }
}
