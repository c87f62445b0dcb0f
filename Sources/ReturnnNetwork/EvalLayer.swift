import ReturnnConfig
import ReturnnTensor

/// Runs config code on the sources (RETURNN `eval`, also `combine` with `kind="eval"`): `eval` is
/// a Python expression, or a function the config defines that gets `source=` and `self=` (and
/// the `eval_locals`) as keyword arguments.
///
/// In the expression, `source(i)` is source `i` as a tensor (`auto_convert=True`: laid out like
/// the output, missing axes of size 1), `source(i, as_data=True)` its `Data` (placeholder,
/// axes, sequence lengths), `source(i, as_layer=True)` the layer; `self` has `.network`
/// (`get_config()`, `train_flag`, `global_train_step`, `cond_on_train`), `.name`, `.output`,
/// `.sources`; `tf` is the TF subset of `docs/layers-eval.md`, and the helpers of
/// `returnn.tf.util.basic` (`where_bc`, `safe_log`, ...) are names, as upstream. Config functions
/// that import `tensorflow`, `returnn.tf.compat` or `TFUtil` reach the same functions while the
/// layer runs. The code runs eagerly on every batch; float results are differentiable.
///
/// Options: `eval` (required: str or function), `eval_locals` (dict of extra names), `out_type`
/// (dict: `shape`, `dim`, `dtype`, `sparse`, ...; or a function `(sources, network, name, ...)
/// -> Data`; default: the sources' common template), `n_out`/`out_dim`, `activation` (None),
/// `with_bias` (False), `allow_broadcast_all_sources`. Every source must be used (as upstream).
/// ```python
/// "source": {"class": "eval", "from": "data",
///            "eval": "self.network.get_config().typed_value('transform')(source(0, as_data=True), network=self.network)"}
/// "scaled": {"class": "eval", "from": "out", "eval": "am_scale * safe_log(source(0))", "eval_locals": {"am_scale": 0.3}}
/// ```
public final class EvalLayer: Layer {
    /// `"class": "eval"` in net dicts.
    public static let className = "eval"
    /// Every source is its own operand.
    public static var concatenatesSources: Bool { false }
    /// Arbitrary code may mix frames (upstream marks eval layers recurrent).
    public static var mixesFrames: Bool { true }

    /// The output template.
    public let output: DataTemplate

    /// The code: an expression (with where it is written) or a config function.
    enum Code {
        case expression(String, SourceLocation)
        case function(ConfigValue)
    }

    let code: Code
    let evalLocals: [(String, ConfigValue)]
    let config: Config
    let name: String
    let sourceNames: [String]
    let sourceTemplates: [DataTemplate]
    let activation: Activation
    let bias: String?
    let builder: LayerBuilder

    /// Reads the options (also for `combine` with `kind="eval"`, which has read `kind`).
    public init(_ b: LayerBuilder) throws {
        guard let config = b.config else {
            throw b.error(.invalidNetwork, "eval layers run config code, but this network was built without its config (NetworkBuilder(config:))")
        }
        self.config = config
        builder = b
        name = b.name
        sourceNames = b.sourceNames
        sourceTemplates = b.inputs
        let ev = try b.read { try $0.value("eval") }
        if let s = ev.stringValue {
            code = .expression(s, ev.location == .builtin ? b.location : ev.location)
        } else if ev.isCallable {
            code = .function(ev)
        } else {
            throw b.error(.invalidOption, "eval must be a Python expression (str) or a function, got \(ev.typeName)", at: ev.location)
        }
        var locals: [(String, ConfigValue)] = []
        if let l = try b.read({ $0.optionalValue("eval_locals") }), !l.isNone {
            guard let d = l.dictValue else { throw b.error(.invalidOption, "eval_locals must be a dict of names, got \(l.typeName)", at: l.location) }
            for (k, v) in d.entries {
                guard let s = k.stringValue else { throw b.error(.invalidOption, "eval_locals keys must be str, got \(k.repr)", at: k.location) }
                locals.append((s, v))
            }
        }
        evalLocals = locals
        if try b.read({ try $0.bool("eval_for_output_loss", default: false) }) {
            throw b.error(.invalidOption, "eval_for_output_loss is not supported by swift-returnn")
        }
        if let s = try b.read({ $0.optionalValue("out_shape") }), !s.isNone {
            throw b.error(.invalidOption, "out_shape is not supported by swift-returnn; give out_type={'shape': ...}", at: s.location)
        }
        let outType = try b.read { $0.optionalValue("out_type") }
        let nOut = try b.nOut(required: false)
        let givesShape = outType?.dictValue.map { $0.get("shape") != nil || $0.get("dims") != nil || $0.get("dim_tags") != nil } ?? false
        let broadcastAll = try b.read { try $0.optionalBool("allow_broadcast_all_sources") } ?? givesShape
        var base: DataTemplate?
        if b.inputs.count == 1 {
            base = b.inputs[0]
        } else if !b.inputs.isEmpty {
            var t = try CombineLayer.commonTemplate(b, broadcastAll: broadcastAll || outType?.isCallable == true)
            if b.inputs.allSatisfy(\.isInt) {
                t.isInt = true
                if let s = b.inputs[0].sparseTag, b.inputs.allSatisfy({ $0.sparseDim == s.size }) { t.sparseTag = s }
            }
            base = t
        }
        let dynamic = b.inputs.flatMap { $0.dims.filter(\.isDynamic) }.reduce(into: [Dim]()) { acc, d in if !acc.contains(d) { acc.append(d) } }
        var out: DataTemplate
        if let outType, !outType.isNone {
            if let d = outType.dictValue {
                out = try EvalOutType.template(d.entries.map { ($0.key.stringValue ?? $0.key.repr, $0.value) }, base: base, nOut: nOut,
                                               featureTag: b.outDimTag, dynamic: dynamic, what: "out_type", at: outType.location, b)
            } else if outType.isCallable {
                out = try EvalLayer.callOutType(outType, b, config: config, locals: locals, dynamic: dynamic)
            } else {
                throw b.error(.invalidOption, "out_type must be a dict or a function, got \(outType.typeName)", at: outType.location)
            }
        } else {
            guard let base else { throw b.error(.invalidOption, "an eval layer without sources needs out_type (e.g. {'shape': (), 'dtype': 'int32'})") }
            out = nOut == nil ? base : try EvalOutType.template([], base: base, nOut: nOut, featureTag: b.outDimTag, dynamic: dynamic, what: "n_out", at: nil, b)
        }
        activation = try b.activation()
        if try b.read({ try $0.bool("with_bias", default: false) }) {
            guard let f = out.featureDim, !out.isInt else { throw b.error(.dimensionMismatch, "with_bias needs a float output with a feature axis, the output is \(out)") }
            bias = b.parameter("b", shape: [f], initializer: .constant(0))
        } else {
            bias = nil
        }
        if activation != .identity && out.isInt { throw b.error(.invalidOption, "activation needs a float output, the output is \(out)") }
        output = out
    }

    /// Runs the code on one batch.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let session = EvalSession(tape: ctx.tape, isTraining: ctx.isTraining, globalStep: ctx.step,
                                  generator: ctx.generator(RandomGenerator.Stream.layerNoise, layer: name))
        let run = EvalRun(layer: self, inputs: inputs, ctx: ctx, session: session)
        let helpers = TFUtilModule(session: session)
        config.setModuleProvider { fullName in try TFModule.provide(fullName, session: session, helpers: helpers) }
        defer { config.setModuleProvider(nil) }
        let result: ConfigValue
        do {
            switch code {
            case .expression(let text, let loc):
                let names: [(String, ConfigValue)] = helpers.evalLocals(for: text) + [("tf", try TFModule.resolve([], session: session))] + run.names + evalLocals
                result = try config.evaluate(text, locals: names, location: loc)
            case .function(let f):
                result = try f.call([], run.names + evalLocals)
            }
        } catch let e as ConfigError {
            throw NetworkError.from(e, layer: name)
        }
        return try run.finish(result)
    }

    /// The identifiers in a Python expression (for the helper names it may use).
    static func identifiers(in text: String) -> Set<String> {
        var out = Set<String>(), word = ""
        for c in text.unicodeScalars {
            if c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (!word.isEmpty && ("0"..."9").contains(c)) {
                word.unicodeScalars.append(c)
            } else if !word.isEmpty {
                out.insert(word)
                word = ""
            }
        }
        if !word.isEmpty { out.insert(word) }
        return out
    }

    /// `out_type` as a function: called with `sources` (layers with template outputs), `network`
    /// and `name` (and the `eval_locals`); it returns a `Data` (a source's `.output`, a copy of
    /// it, or `Data(...)`).
    static func callOutType(_ f: ConfigValue, _ b: LayerBuilder, config: Config, locals: [(String, ConfigValue)], dynamic: [Dim]) throws -> DataTemplate {
        let net = EvalNetworkObject(config: config, session: nil)
        let sources = zip(b.sourceNames, b.inputs).map { n, t in
            ConfigValue(.object(EvalLayerObject(name: n, network: net, output: EvalDataObject(name: "\(n)_output", template: t, builder: b))))
        }
        let dataClass = ConfigValue(.function(ConfigFunction(name: "Data") { a, kw in
            guard a.isEmpty else { throw ConfigError(.type, "Data() takes keyword arguments only here (name=..., shape=..., dim=...)") }
            if kw.contains(where: { $0.0 == "size_placeholder" }) {
                throw ConfigError(.unsupported, "Data(size_placeholder=...) is not supported in out_type functions by swift-returnn; the output keeps the sources' dynamic axes")
            }
            let name = kw.first { $0.0 == "name" }?.1.stringValue ?? "\(b.name)_output"
            do {
                let t = try EvalOutType.template(kw, base: nil, nOut: nil, featureTag: nil, dynamic: dynamic, what: "Data()", at: nil, b)
                return ConfigValue(.object(EvalDataObject(name: name, template: t, builder: b)))
            } catch let e as NetworkError {
                throw ConfigError(.value, e.message)
            }
        }))
        config.setModuleProvider { full in full.hasSuffix(".Data") && (full.hasPrefix("returnn.tf.util.") || full.hasPrefix("TFUtil")) ? dataClass : nil }
        defer { config.setModuleProvider(nil) }
        let result: ConfigValue
        do {
            result = try f.call([], [("sources", .list(sources)), ("network", ConfigValue(.object(net))), ("name", .str(b.name))] + locals)
        } catch let e as ConfigError {
            throw NetworkError.from(e, layer: b.name)
        }
        guard case .object(let d as EvalDataObject) = result.kind else {
            throw b.error(.invalidOption, "out_type function returned \(result.typeName) \(result.repr); it must return a Data (e.g. sources[0].output)", at: f.location)
        }
        return d.template
    }
}
