import ReturnnConfig
import ReturnnTensor

/// The scope of a `rec` layer's unit dict: which rec layer, and whether its layers are built per
/// frame (inside the loop) or over whole sequences (moved out of the loop).
struct RecScope {
    /// How the layers of the scope are built.
    enum Mode { case step, whole }
    /// Node name of the rec layer.
    let layer: String
    let mode: Mode
}

/// What the builder knows about the unit of one `rec` layer while it builds it.
struct RecUnitInfo {
    /// Node name of the rec layer.
    let layer: String
    /// The unit dict.
    let dict: ConfigDict
    /// The loop's time axis: of `from`, else of the target / `size_target`.
    let loopTime: Dim
    /// The node of the rec layer's (concatenated) input over whole sequences (`data:source`).
    let sourceNode: String?
    /// Per-frame templates of the unit's layers from an earlier template pass (for `prev:`).
    var stepTemplates: [String: DataTemplate] = [:]
    /// Whether this template pass may drop `prev:` sources whose template is not known yet.
    var tolerant = true
    /// The layers that run inside the loop (known after the move-out analysis).
    var inside: Set<String> = []
    /// Whether the move-out analysis is done (then `inside` is final).
    var analysed = false
    /// Errors of layers that failed in a template pass after leaving out a `prev:` source, by
    /// local name: reported when the strict pass still lacks the layer's template.
    var deferredErrors: [String: any Error] = [:]
    /// Whether layers may be moved out of the loop (`optimize_move_layers_out`, default True).
    let optimize: Bool
    /// Whether a choice in the unit searches (the loop is a beam search).
    var searches = false

    /// The per-frame form of a whole-sequence template: without the loop's time axis.
    func frameTemplate(_ t: DataTemplate) -> DataTemplate? {
        guard let i = t.dims.firstIndex(where: { $0.isSame(as: loopTime) }) else { return nil }
        var f = t
        f.dims.remove(at: i)
        return f
    }

    /// The whole-sequence form of a per-frame template: the loop's time axis after the batch axis.
    func wholeTemplate(_ t: DataTemplate) -> DataTemplate {
        var w = t
        w.dims.insert(loopTime, at: t.batchAxis.map { $0 + 1 } ?? 0)
        return w
    }

    /// The unit's layer names, in dict order.
    var layerNames: [String] { dict.keys.compactMap(\.stringValue).filter { !$0.hasPrefix("#") } }
}

/// Thrown while templates are inferred: the per-frame template of `layer` (for `prev:layer`) is
/// not known yet; the referring layer is retried in a later pass.
struct RecTemplatePending: Error {
    let layer: String
}

extension BuildState {
    /// Builds the unit of `rec` layer `name` (a dict) and returns the layer for the rec node, whose
    /// value is the unit's `output` over whole sequences (`nodeSource`).
    ///
    /// Templates are inferred in passes: per-frame templates of every layer the unit needs, where
    /// `prev:x` takes x's template from the pass before (the first passes drop `prev:` sources whose
    /// template is unknown); then a strict pass; then the move-out analysis (RETURNN's
    /// `optimize_move_layers_out`): layers that do not depend on the loop run once over whole
    /// sequences, before the loop or after it, the rest frame by frame in the loop node.
    mutating func makeRecUnit(_ name: String, _ b: LayerBuilder, sources: [LayerNode], dropout: Double, scope: Int)
        throws -> (layer: any Layer, nodeSource: String) {
        let loc = b.location
        let unitValue = try b.read { try $0.value("unit") }
        let dict = unitValue.dictValue!
        var optimize = try b.read { try $0.bool("optimize_move_layers_out", default: (try? builder.config?.bool("optimize_move_layers_out", default: true)) ?? true) }
        // A searching choice in the unit makes the loop a beam search (RETURNN: the search flag).
        let choices = dict.keys.compactMap(\.stringValue).filter { k in
            guard let d = dict.get(k)?.dictValue, d.get("class")?.stringValue == ChoiceLayer.className else { return false }
            guard let s = d.get("search"), !s.isNone else { return builder.searchFlag }
            return s.isTruthy
        }
        if choices.count > 1 {
            throw b.error(.invalidNetwork, "several searching choice layers in one rec unit (\(choices.joined(separator: ", "))) are not supported yet")
        }
        let searchChoice = choices.first
        // A cheating choice reads the target data in the loop: then, as upstream, the loop has the
        // target's lengths (its time axis is known), not the `end` layer's.
        let cheatingTarget: String? = searchChoice.flatMap { c -> String? in
            guard let d = dict.get(c)?.dictValue, let v = d.get("cheating"), !v.isNone, v.stringValue != nil || v.isTruthy,
                  let t = d.get("target")?.stringValue, !t.hasPrefix("layer:"), builder.externData[t] != nil else { return nil }
            return t
        }
        // In search every layer of the unit runs in the loop, where the beam is.
        if searchChoice != nil { optimize = false }
        let includeEos = try b.read { try $0.bool("include_eos", default: false) }
        let maxSeqLenValue = b.options.optionalValue("max_seq_len")
        b.options.ignore(["max_seq_len", "unroll", "back_prop", "cheating", "n_out", "out_dim", "axis",
                          "direction", "only_on_search", "search"])
        // The loop's time axis.
        var sourceNode: String?
        let loopTime: Dim
        if !sources.isEmpty {
            let t = sources.count == 1 ? sources[0].output : try concatTemplate(sources, layer: name, loc: loc)
            guard let time = t.timeDim else {
                throw b.error(.dimensionMismatch, "the input \(t) from \(sources.map { "'\($0.name)'" }.joined(separator: ", ")) has no time axis to loop over")
            }
            let nodeName = name + "/data:source"
            let node = LayerNode(name: nodeName, className: "copy", layer: PassThroughLayer(output: t), sources: sources.map(\.name),
                                 concatenates: true, dropout: dropout, loss: nil, isOutputLayer: false, onlyOnEval: false,
                                 updaterOpts: nil, location: loc)
            nodes[nodeName] = node
            order.append(nodeName)
            sourceNode = nodeName
            loopTime = time
        } else if let key = cheatingTarget {
            let data = try construct("data:" + key, scope: 0, from: (name, loc))
            guard let time = data.output.timeDim else {
                throw b.error(.dimensionMismatch, "target '\(key)' \(data.output) has no time axis to loop over")
            }
            loopTime = time
        } else if searchChoice != nil {
            // The loop decides its length with its `end` layer.
            guard dict.get("end") != nil else {
                throw b.error(.invalidNetwork, "a rec unit that searches (choice '\(searchChoice!)') and has no 'from' needs an 'end' layer " +
                              "(e.g. \"end\": {\"class\": \"compare\", \"from\": \"output\", \"value\": 0}) to know where a hypothesis ends")
            }
            loopTime = Dim.spatial("\(name):search-time")
        } else {
            var key: String?
            for k in ["target", "size_target"] {
                guard let v = b.options.optionalValue(k), !v.isNone else { continue }
                key = v.stringValue ?? v.sequenceItems?.first?.stringValue
                if key != nil { break }
            }
            guard let key, !key.hasPrefix("layer:") else {
                throw b.error(.invalidOption, "a rec layer with a unit dict and no 'from' needs a 'target' (or 'size_target') whose time axis " +
                              "the loop runs over; decoding until an 'end' layer (search) is not supported yet")
            }
            let data = try construct("data:" + key, scope: 0, from: (name, loc))
            guard let time = data.output.timeDim else {
                throw b.error(.dimensionMismatch, "target '\(key)' \(data.output) has no time axis to loop over")
            }
            loopTime = time
        }
        b.options.ignore(["size_target"])
        let stepScope = scopes.count
        scopes.append(BuildScope(dict: dict, prefix: name + "/", parent: scope, inputs: [:], location: unitValue.location,
                                 rec: RecScope(layer: name, mode: .step)))
        let wholeScope = scopes.count
        scopes.append(BuildScope(dict: dict, prefix: name + "/", parent: scope, inputs: [:], location: unitValue.location,
                                 rec: RecScope(layer: name, mode: .whole)))
        recUnits[name] = RecUnitInfo(layer: name, dict: dict, loopTime: loopTime, sourceNode: sourceNode, optimize: optimize)
        recUnits[name]!.searches = searchChoice != nil
        guard dict.get("output") != nil else {
            throw NetworkError(.invalidNetwork, "the unit of a rec layer needs an 'output' layer (its value is the rec layer's output)",
                               layer: name, at: unitValue.location)
        }
        var roots = ["output"]
        for k in recUnits[name]!.layerNames where k != "output" {
            guard let d = dict.get(k)?.dictValue else { continue }
            let hasLoss = d.get("loss").map { !$0.isNone } ?? false
            if k == "end" || hasLoss || (d.get("is_output_layer")?.isTruthy ?? false) { roots.append(k) }
        }
        // Template passes (scratch copies of the state), then a strict one.
        var templates: [String: DataTemplate] = [:]
        var strict: BuildState?
        var stable = false
        var deferred: [String: any Error] = [:]
        for pass in 0..<8 {
            var scratch = self
            let tolerant = pass < 7 && !stable
            scratch.recUnits[name]!.stepTemplates = templates
            scratch.recUnits[name]!.tolerant = tolerant
            scratch.recUnits[name]!.deferredErrors = deferred
            for r in roots {
                do { _ = try scratch.construct(r, scope: stepScope, from: (name, loc)) } catch is RecTemplatePending where tolerant { continue }
            }
            // Layers reached only through `prev:` (a `choice` read as `prev:output`) give their
            // templates too; errors of layers the roots do not need are not reported.
            if tolerant {
                for k in recUnits[name]!.layerNames where !roots.contains(k) { _ = try? scratch.construct(k, scope: stepScope, from: (name, loc)) }
            }
            var found: [String: DataTemplate] = [:]
            for k in recUnits[name]!.layerNames { if let n = scratch.nodes[name + "/" + k] { found[k] = n.output } }
            if !tolerant {
                // Layers read only through `prev:` are built too, and must have the template that
                // `prev:` assumed.
                var missing = true
                while missing {
                    missing = false
                    for k in recUnits[name]!.layerNames where scratch.nodes[name + "/" + k] == nil && scratch.nodes[name + "/prev:" + k] != nil {
                        let n = try scratch.construct(k, scope: stepScope, from: (name, loc))
                        if let assumed = scratch.nodes[name + "/prev:" + k]?.output, assumed != n.output {
                            throw NetworkError(.dimensionMismatch, "the output \(n.output) differs from \(assumed), which 'prev:\(k)' was built with",
                                               layer: n.name, at: n.location)
                        }
                        missing = true
                    }
                }
                strict = scratch
                break
            }
            deferred.merge(scratch.recUnits[name]!.deferredErrors) { _, new in new }
            stable = found.count == templates.count && found.allSatisfy { templates[$0.key] == $0.value }
            templates = found
        }
        let built = strict!
        // The unit's layers (and parts of them, as `split`'s "s/0"), as built per frame.
        var unitNames = recUnits[name]!.layerNames.filter { built.nodes[name + "/" + $0] != nil }
        for n in built.order where n.hasPrefix(name + "/") {
            let local = String(n.dropFirst(name.count + 1))
            if let slash = local.firstIndex(of: "/"), unitNames.contains(String(local[..<slash])), !unitNames.contains(local) { unitNames.append(local) }
        }
        // Dependencies among the unit's layers.
        var deps: [String: (current: Set<String>, prev: Set<String>, fixed: Bool)] = [:]
        for x in unitNames {
            let node = built.nodes[name + "/" + x]!
            var cur = Set<String>(), prev = Set<String>(), fixed = false
            for ref in node.sources + node.references where ref.hasPrefix(name + "/") {
                let local = String(ref.dropFirst(name.count + 1))
                if local.hasPrefix("prev:") { prev.insert(String(local.dropFirst(5))) }
                else if local == ":i" { fixed = true }
                else if unitNames.contains(local) { cur.insert(local) }
            }
            deps[x] = (cur, prev, fixed)
        }
        var search: RecLoopSearch?
        if let c = searchChoice {
            guard let choice = built.nodes[name + "/" + c]?.layer as? ChoiceLayer else {
                throw b.error(.invalidNetwork, "the searching choice '\(c)' is not used by the unit's output, 'end' or a layer with a loss")
            }
            let maxSeqLen = try recMaxSeqLen(maxSeqLenValue, rec: name, hasInput: sourceNode != nil || cheatingTarget != nil, scope: scope, loc: loc)
            search = RecLoopSearch(choice: c, settings: choice.settings, end: built.nodes[name + "/end"] != nil ? "end" : nil,
                                   includeEos: includeEos, maxSeqLen: maxSeqLen, knownLengths: cheatingTarget != nil)
        }
        let inside = RecMoveOut.plan(names: unitNames, deps: deps, optimize: optimize).inside
        recUnits[name]!.inside = inside
        recUnits[name]!.analysed = true
        if !inside.isEmpty {
            try makeRecLoopNode(name, built: built, inside: inside, unitNames: unitNames, wholeScope: wholeScope, search: search, loc: loc)
        }
        subnetworks[name] = wholeScope
        let output = try construct("output", scope: wholeScope, from: (name, loc))
        for r in roots where r != "output" && r != "end" { _ = try construct(r, scope: wholeScope, from: (name, loc)) }
        return (RecUnitLayer(output: output.output), output.name)
    }
}

extension BuildState {
    /// The `max_seq_len` of a searching rec layer: a number, or a string with `max_len_from(x)`
    /// calls (their layers are constructed in the rec layer's scope and become loop inputs, found by
    /// their node names in `calls`, whose `input` the loop node fills in).
    mutating func recMaxSeqLen(_ value: ConfigValue?, rec: String, hasInput: Bool, scope: Int, loc: SourceLocation) throws -> RecLoopSearch.MaxSeqLen {
        guard let value, !value.isNone else {
            if hasInput { return .none }
            throw NetworkError(.invalidOption, "a searching rec layer without 'from' needs 'max_seq_len' (a number or an expression like " +
                               "\"max_len_from('base:encoder') * 3\"), so that the search stops", layer: rec, at: loc)
        }
        if let n = value.intValue { return .fixed(n) }
        guard let text = value.stringValue else {
            throw NetworkError(.invalidOption, "max_seq_len must be a number or a string expression, got \(value.typeName)", layer: rec, at: value.location)
        }
        guard let config = builder.config else {
            throw NetworkError(.invalidOption, "max_seq_len \"\(text)\" needs the config to evaluate it", layer: rec, at: value.location)
        }
        let (replaced, layers) = RecLoopSearch.maxLenCalls(text)
        var calls: [(placeholder: String, input: Int)] = []
        for (i, l) in layers.enumerated() {
            let outer = l.hasPrefix("base:") ? String(l.dropFirst(5)) : l
            let node = try construct(outer, scope: scope, from: (rec, value.location))
            recMaxLenNodes[rec, default: []].append(node.name)
            calls.append(("__max_len_from_\(i)", i))
        }
        return .expression(text: replaced, calls: calls, config: config, location: value.location)
    }
}
