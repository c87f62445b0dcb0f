import ReturnnConfig
import ReturnnTensor

/// Construction of one layer node: its options, sources, loss and parameters.
extension BuildState {
    mutating func makeNode(_ name: String, _ value: ConfigValue, scope: Int) throws -> LayerNode {
        var dropped = false
        do {
            return try makeNode(name, value, scope: scope, dropped: &dropped)
        } catch where dropped && !(error is RecTemplatePending) && !BuildState.notFromMissingSource(error) {
            // A per-frame template pass left out a `prev:` source: retry in the next pass (and
            // keep the error, in case the layer never builds).
            if let rec = scopes[scope].rec, name.hasPrefix(rec.layer + "/") {
                recUnits[rec.layer]?.deferredErrors[String(name.dropFirst(rec.layer.count + 1))] = error
            }
            throw RecTemplatePending(layer: name)
        }
    }

    /// Whether `error` cannot come from a source left out in a template pass (an unknown class,
    /// option, layer or loss), so it is reported at once.
    static func notFromMissingSource(_ error: any Error) -> Bool {
        guard let e = error as? NetworkError else { return false }
        return [.unknownLayerClass, .unknownOption, .layerNotFound, .unknownLoss, .resourceLimit].contains(e.kind)
    }

    /// Whether `scope` is a rec unit's per-frame scope in a template pass that may leave out
    /// `prev:` sources whose template is not known yet.
    func recTolerant(_ scope: Int) -> Bool {
        guard let rec = scopes[scope].rec, rec.mode == .step else { return false }
        return recUnits[rec.layer]?.tolerant ?? false
    }

    private mutating func makeNode(_ name: String, _ value: ConfigValue, scope: Int, dropped: inout Bool) throws -> LayerNode {
        let loc = value.location
        var opts: OptionReader
        do { opts = try OptionReader(value, context: "layer '\(name)'") } catch let e as ConfigError {
            throw NetworkError.from(e, layer: name)
        }
        func read<T>(_ body: (inout OptionReader) throws -> T) throws -> T {
            do { return try body(&opts) } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
        }
        let classValue = try read { try $0.value("class") }
        guard let className = classValue.stringValue else {
            throw NetworkError(.invalidOption, "'class' must be a string", layer: name, at: classValue.location)
        }
        guard let type = BuiltinLayers.type(named: className) else {
            throw NetworkError(.unknownLayerClass, BuiltinLayers.registry.unknownMessage(className), layer: name, at: classValue.location)
        }
        try type.checkSupported(opts, layer: name)
        // A rec unit layer that runs in the loop, over whole sequences: its frames stacked.
        let stacked = recStackedLayer(name, scope: scope)
        // Sources.
        let fromValue = opts.optionalValue("from")
        var sourceNames: [String] = []
        do {
            if stacked == nil { sourceNames = try LayerSources.parse(value.dictValue!, name: name, className: type.className) }
            // A `choice` reads its label scores only when it searches; otherwise its value is the
            // target, and not reading the scores keeps the decoder free of a loop in training.
            if type == ChoiceLayer.self && !ChoiceLayer.searches(opts, searchFlag: builder.searchFlag) { sourceNames = [] }
        } catch let e as ConfigError {
            throw NetworkError.from(e, layer: name)
        }
        let fromLoc = fromValue?.location ?? loc
        var sourceNodes: [LayerNode] = []
        let tolerant = recTolerant(scope)
        for s in sourceNames {
            do { sourceNodes.append(try construct(s, scope: scope, from: (name, fromLoc))) } catch is RecTemplatePending where tolerant { dropped = true }
        }
        var referencedNodes: [LayerNode] = []
        // A searching choice reads its target only to cheat (add the true label to the beam).
        let searchingChoice = type == ChoiceLayer.self && ChoiceLayer.searches(opts, searchFlag: builder.searchFlag) && !ChoiceLayer.cheats(opts)
        for r in stacked != nil || searchingChoice ? [] : try (type as? any ReferencingLayer.Type)?.referencedLayers(opts, layer: name) ?? [] {
            do { referencedNodes.append(try construct(r, scope: scope, from: (name, loc))) } catch is RecTemplatePending where tolerant {
                dropped = true
                throw RecTemplatePending(layer: name)
            }
        }
        if type == SubnetworkLayer.self {
            return try makeSubnetworkNode(name, opts, sources: sourceNodes, scope: scope, location: loc)
        }
        // Common options.
        let trainable = try read { try $0.bool("trainable", default: true) }
        let l2 = try read { try $0.double("L2", default: 0) }
        let isOutputFlag = try read { try $0.bool("is_output_layer", default: false) }
        let onlyOnEval = try read { try $0.bool("only_on_eval", default: false) }
        let dropout = type.concatenatesSources ? try read { try $0.double("dropout", default: 0) } : 0
        guard dropout >= 0 && dropout < 1 else {
            throw NetworkError(.invalidOption, "dropout must be in [0, 1), got \(dropout)", layer: name, at: loc)
        }
        let updaterOpts = opts.optionalValue("updater_opts")
        var reusePrefix = scopes[scope].parameterPrefix(name)
        var parameterMap: [String: String] = [:]
        if let reuse = opts.optionalValue("reuse_params"), !reuse.isNone {
            (reusePrefix, parameterMap) = try reuseParams(reuse, own: reusePrefix, layer: name, scope: scope)
        }
        opts.ignore(["name_scope", "only_on_search"])
        if scopes[scope].rec != nil { opts.ignore(["initial_output", "collocate_with"]) }
        let registerAs = try read { try $0.optionalString("register_as_extern_data") }
        // Loss and target.
        let lossValue = opts.optionalValue("loss")
        let lossName = lossValue.flatMap { $0.isNone ? nil : $0.stringValue }
        if let lossValue, !lossValue.isNone, lossName == nil {
            throw NetworkError(.invalidOption, "loss must be a loss name like 'ce'", layer: name, at: lossValue.location)
        }
        let lossType: (any Loss.Type)?
        if let lossName {
            guard let t = BuiltinLosses.type(named: lossName) else {
                throw NetworkError(.unknownLoss, BuiltinLosses.registry.unknownMessage(lossName), layer: name, at: lossValue?.location)
            }
            lossType = t
        } else {
            lossType = nil
        }
        let targetValue = opts.optionalValue("target")
        var targetName = targetValue?.stringValue
        if targetName == nil, let lossType, lossType.needsTarget { targetName = builder.externData.defaultTarget }
        var targetTemplate: DataTemplate?
        var targetLayer: String?
        if let t = targetName {
            if t.hasPrefix("layer:") {
                let other = try construct(String(t.dropFirst(6)), scope: scope, from: (name, targetValue?.location ?? loc))
                targetTemplate = other.output
                targetLayer = other.name
            } else if let registered = registeredData[t], let other = nodes[registered] {
                targetTemplate = other.output
                targetLayer = other.name
            } else if let tt = builder.externData[t] {
                targetTemplate = tt
            } else {
                throw NetworkError(.missingTarget, "target '\(t)' is not in the data (keys: \(builder.externData.keys.joined(separator: ", "))); " +
                                   "set 'target' to one of them", layer: name, at: targetValue?.location ?? lossValue?.location ?? loc)
            }
        }
        // Inputs.
        let inputs: [DataTemplate]
        if type.concatenatesSources {
            inputs = sourceNodes.isEmpty ? [] : [try concatTemplate(sourceNodes, layer: name, loc: fromLoc)]
        } else {
            inputs = sourceNodes.map(\.output)
        }
        let isRecUnit = type == RecLayer.self && opts.dict.get("unit")?.dictValue != nil
        if type.concatenatesSources && inputs.isEmpty && !type.defaultSources.isEmpty && !isRecUnit && stacked == nil {
            throw NetworkError(.invalidNetwork, "layer needs at least one source in 'from'", layer: name, at: fromLoc)
        }
        let b = LayerBuilder(name: name, location: loc, options: opts, inputs: inputs, sourceNames: sourceNodes.map(\.name),
                             target: targetTemplate, lossExtraDim: lossType?.extraOutputDim(lossOptions: opts.dict.get("loss_opts")) ?? 0, trainable: trainable, l2: l2,
                             parameterPrefix: reusePrefix, externData: builder.externData, config: builder.config)
        b.parameterMap = parameterMap
        b.sourceNodes = sourceNodes
        b.searchFlag = builder.searchFlag
        if let rec = scopes[scope].rec, rec.mode == .step, let info = recUnits[rec.layer] {
            b.recLoop = RecLoopContext(timeDim: info.loopTime, recLayer: rec.layer)
        }
        b.referencedNodes = referencedNodes
        if let r = type as? any ReferencesLayers.Type {
            for (key, node) in zip(r.referencingKeys(opts), referencedNodes) { b.references[key] = node.output }
        }
        let layer: any Layer
        var nodeSources = sourceNodes.map(\.name)
        var concatenates = type.concatenatesSources
        do {
            if let stacked {
                layer = stacked
                nodeSources = [scopes[scope].rec!.layer + "/#loop"]
                concatenates = false
                b.options.ignore(opts.dict.keys.compactMap(\.stringValue))
            } else if isRecUnit {
                let r = try makeRecUnit(name, b, sources: sourceNodes, dropout: dropout, scope: scope)
                layer = r.layer
                nodeSources = [r.nodeSource]
                concatenates = false
            } else {
                layer = try type.init(b)
            }
        } catch {
            // A misspelled option (`n_outt`) is the likelier cause of a construction error
            // (`needs 'n_out'`) than the error itself: report the typo.
            do { try b.options.checkTypos() } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
            throw error
        }
        // Loss after the layer: it checks the output template.
        var binding: LossBinding?
        // In search, losses of layers in a searching rec unit (and the rec layer's own) compare
        // hypotheses of another length with the target: left out, as `loss_only_on_non_search`.
        let searchingUnit = scopes[scope].rec.map { recUnits[$0.layer]?.searches ?? false } ?? recUnits[name]?.searches ?? false
        let onlyNonSearch = try b.read { try $0.bool("loss_only_on_non_search", default: false) }
        if lossType != nil, let rec = scopes[scope].rec, rec.mode == .step {
            // The per-frame form of a rec unit layer: its loss belongs to the whole-sequence node.
            b.options.ignore(["loss_scale", "loss_opts"])
        } else if lossType != nil && builder.searchFlag && (searchingUnit || onlyNonSearch) {
            b.options.ignore(["loss_scale", "loss_opts"])
        } else if let lossType {
            var scale = try b.read { try $0.double("loss_scale", default: 1) }
            var lossOpts: OptionReader
            do {
                if let d = try b.read({ try $0.optionalDict("loss_opts") }) { lossOpts = d } else {
                    lossOpts = try OptionReader(ConfigValue(.dict(ConfigDict()), at: loc), context: "layer '\(name)': loss_opts")
                }
                if let s = try lossOpts.optionalDouble("scale") { scale = s }
            } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
            let loss: any Loss
            do {
                loss = try lossType.init(options: &lossOpts, layer: name, output: layer.output, target: targetTemplate)
                try lossOpts.finish()
            } catch let e as ConfigError {
                throw NetworkError.from(e, layer: name)
            } catch var e as NetworkError {
                if e.location == nil { e.location = lossValue?.location ?? loc }
                throw e
            }
            binding = LossBinding(loss: loss, name: name, targetKey: targetLayer == nil ? targetName : nil, targetLayer: targetLayer,
                                  scale: scale)
        }
        var output = layer.output
        if let tag = b.outDimTag, let i = output.featureAxis, output.dims[i].size == tag.size { output.dims[i] = tag }
        if type.concatenatesSources, !inputs.isEmpty { try b.checkInDim(inputs[0]) }
        try checkOutType(b, output)
        do { try b.options.finish() } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
        var declared = b.declared
        if let stateful = layer as? any StatefulLayer {
            let stateNames = Set(stateful.stateParameterNames)
            declared = declared.map { p in
                guard stateNames.contains(p.name) else { return p }
                return ParameterSpec(name: p.name, layer: p.layer, shape: p.shape, initializer: p.initializer, trainable: false,
                                     split: p.split, l2: 0)
            }
        }
        // The option that sets the size, for the location of a size error.
        let sizeOption = ["n_out", "out_dim"].lazy.compactMap { key in value.dictValue?.get(key).map { (key, $0) } }.first
        if !tolerant { try registerParameters(declared, layer: name, loc: loc, sizeOption: sizeOption) }
        if let registerAs {
            guard scopes[scope].parent == nil else {
                throw NetworkError(.invalidOption, "register_as_extern_data is only supported for layers of the main network", layer: name, at: loc)
            }
            if let other = registeredData[registerAs] {
                throw NetworkError(.invalidOption, "register_as_extern_data '\(registerAs)' is already registered by layer '\(other)'", layer: name, at: loc)
            }
            registeredData[registerAs] = name
        }
        let isOutput = name == "output" || isOutputFlag || binding != nil
        let node = LayerNode(name: name, className: type.className, layer: layer, sources: nodeSources,
                             concatenates: concatenates, dropout: concatenates ? dropout : 0, loss: binding, isOutputLayer: isOutput,
                             onlyOnEval: onlyOnEval, updaterOpts: updaterOpts, location: loc, output: output)
        node.references = referencedNodes.map(\.name)
        return node
    }

    /// RETURNN `reuse_params`: a layer name (all parameters of that layer), or a dict with
    /// `reuse_layer` (the default layer) and `map` (parameter name → a layer name, None for an own
    /// parameter, or `{"reuse_layer": ...}`). Returns the parameter prefix and the per-parameter
    /// prefixes. `custom` (a TF function making the variable) is refused.
    mutating func reuseParams(_ v: ConfigValue, own: String, layer: String, scope: Int) throws -> (String, [String: String]) {
        func prefix(_ ref: ConfigValue) throws -> String {
            guard let other = ref.stringValue else {
                throw NetworkError(.invalidOption, "reuse_params: expected a layer name, got \(ref.repr)", layer: layer, at: ref.location)
            }
            return parameterPrefix(ofNode: try construct(other, scope: scope, from: (layer, ref.location)).name)
        }
        if v.stringValue != nil { return (try prefix(v), [:]) }
        guard let d = v.dictValue else {
            throw NetworkError(.invalidOption, "reuse_params must be a layer name or a dict with 'reuse_layer' and/or 'map', got \(v.typeName)",
                               layer: layer, at: v.location)
        }
        var whole = own
        var map: [String: String] = [:]
        for k in d.keys {
            guard let key = k.stringValue, let value = d.get(key) else {
                throw NetworkError(.invalidOption, "reuse_params: keys must be strings", layer: layer, at: v.location)
            }
            switch key {
            case "reuse_layer": if !value.isNone { whole = try prefix(value) }
            case "auto_create_missing": break
            case "map":
                guard let m = value.dictValue else {
                    throw NetworkError(.invalidOption, "reuse_params['map'] must be a dict (parameter name -> layer), got \(value.typeName)",
                                       layer: layer, at: value.location)
                }
                for pk in m.keys {
                    guard let pname = pk.stringValue, let pv = m.get(pname) else {
                        throw NetworkError(.invalidOption, "reuse_params['map']: keys must be parameter names", layer: layer, at: value.location)
                    }
                    if pv.isNone { map[pname] = own; continue }
                    if pv.stringValue != nil { map[pname] = try prefix(pv); continue }
                    guard let pd = pv.dictValue else {
                        throw NetworkError(.invalidOption, "reuse_params['map']['\(pname)'] must be a layer name, None or a dict", layer: layer, at: pv.location)
                    }
                    if let c = pd.get("custom"), !c.isNone {
                        throw NetworkError(.invalidOption, "reuse_params['map']['\(pname)']['custom'] (a TF function making the variable) is not " +
                                           "supported; share a parameter of the same shape with 'reuse_layer'", layer: layer, at: c.location)
                    }
                    map[pname] = try pd.get("reuse_layer").flatMap { $0.isNone ? nil : $0 }.map(prefix) ?? own
                }
            default:
                throw NetworkError(.invalidOption, "reuse_params: unknown key '\(key)' (known: 'reuse_layer', 'map', 'auto_create_missing')",
                                   layer: layer, at: k.location)
            }
        }
        return (whole, map)
    }

    /// The parameter prefix of node `name`: `<rec>/rec/<layer>` for a layer of a rec unit, else
    /// the node name.
    func parameterPrefix(ofNode name: String) -> String {
        for rec in recUnits.keys.sorted(by: { $0.count > $1.count }) where name.hasPrefix(rec + "/") {
            let local = name.dropFirst(rec.count + 1)
            if !local.contains("/") && !local.hasPrefix("prev:") && !local.hasPrefix("data:") { return rec + "/rec/" + local }
        }
        return name
    }

    /// The template of the sources concatenated on the feature axis. A source without the time
    /// axis the others have is repeated over it (RETURNN's `concat_sources` broadcasting, e.g.
    /// `base:enc_last` next to a per-frame input of a layer moved out of a rec loop).
    func concatTemplate(_ sources: [LayerNode], layer: String, loc: SourceLocation) throws -> DataTemplate {
        if sources.count == 1 { return sources[0].output }
        let first = sources.first { $0.output.hasTime } ?? sources[0]
        var dim = 0
        for s in sources {
            let t = s.output
            if t.isSparse || t.featureDim == nil {
                throw NetworkError(.sparseMismatch, "cannot concatenate '\(s.name)' \(t): it has no feature axis (sparse or " +
                                   "scalar); only dense sources can be concatenated in 'from'", layer: layer, at: loc)
            }
            let broadcastsTime = !t.hasTime && first.output.hasTime
            if (t.hasTime != first.output.hasTime && !broadcastsTime) || t.spatial != first.output.spatial || t.hasBatch != first.output.hasBatch {
                throw NetworkError(.dimensionMismatch, "cannot concatenate '\(first.name)' \(first.output) and '\(s.name)' \(t): " +
                                   "their axes differ", layer: layer, at: loc)
            }
            if let a = t.timeDim, let b0 = first.output.timeDim, a != b0 {
                throw NetworkError(.dimensionMismatch, "cannot concatenate '\(first.name)' \(first.output) and '\(s.name)' \(t): " +
                                   "they have different time axes", layer: layer, at: loc)
            }
            dim += t.featureDim!
        }
        return first.output.withFeature(dim)
    }

    /// Checks `out_type` (dim, sparse) against the computed template.
    func checkOutType(_ b: LayerBuilder, _ out: DataTemplate) throws {
        guard var r = try b.read({ try $0.optionalDict("out_type") }) else { return }
        do {
            if let d = try r.optionalInt("dim"), d != out.dim {
                throw b.error(.dimensionMismatch, "out_type dim \(d) does not match the computed output \(out)")
            }
            if let s = try r.optionalBool("sparse"), s != out.isSparse {
                throw b.error(.sparseMismatch, "out_type sparse=\(s) does not match the computed output \(out)")
            }
            r.ignore(["shape", "dtype", "batch_dim_axis", "time_dim_axis", "feature_dim_axis"])
            try r.finish()
        } catch let e as ConfigError { throw NetworkError.from(e, layer: b.name) }
    }

    /// Adds the layer's parameters (shared ones once, with equal shapes). A parameter, or all of
    /// them together, larger than the memory budget is an error at `sizeOption` (`n_out`) or the
    /// layer, before anything is allocated.
    mutating func registerParameters(_ specs: [ParameterSpec], layer: String, loc: SourceLocation,
                                     sizeOption: (key: String, value: ConfigValue)? = nil) throws {
        let budget = builder.memoryBudget
        func tooLarge(_ what: String) -> NetworkError {
            let option = sizeOption.map { " (\($0.key) \($0.value.repr))" } ?? ""
            return NetworkError(.resourceLimit, "\(what) as float32\(option), more than \(budget.phrase); make the layer smaller",
                                layer: layer, at: sizeOption?.value.location ?? loc)
        }
        for p in specs {
            if let existing = parameters.first(where: { $0.name == p.name }) {
                guard existing.shape == p.shape else {
                    throw NetworkError(.dimensionMismatch, "shares parameter '\(p.name)' (reuse_params) with shape \(existing.shape), " +
                                       "but needs \(p.shape)", layer: layer, at: loc)
                }
                continue
            }
            let bytes = MemoryBudget.bytes(elements: p.shape, elementSize: 4)
            if budget.exceeded(by: bytes) {
                throw tooLarge("parameter '\(p.name)' of shape \(p.shape) needs \(MemoryBudget.format(bytes))")
            }
            let (total, overflow) = parameterBytes.addingReportingOverflow(bytes!)
            if overflow || budget.exceeded(by: total) {
                throw tooLarge("the parameters up to '\(p.name)' of shape \(p.shape) need \(MemoryBudget.format(overflow ? nil : total)) together")
            }
            parameterBytes = total
            parameters.append(p)
        }
    }
}
