import ReturnnConfig
import ReturnnTensor

/// The names that mean something special inside a rec unit (`prev:x`, `data:source`, `data:<key>`,
/// `:i`), per frame and over whole sequences, and the loop node.
extension BuildState {
    /// The node for `ref` in the rec unit scope `scope`, or nil when `ref` is an ordinary layer name.
    mutating func recSpecialNode(_ ref: String, rec: RecScope, scope: Int, from: (layer: String, loc: SourceLocation)?) throws -> LayerNode? {
        let info = recUnits[rec.layer]!
        let prefix = rec.layer + "/"
        func placeholder(_ name: String, _ t: DataTemplate, _ kind: RecPlaceholderLayer.Kind) -> LayerNode {
            if let n = nodes[prefix + name], n.output == t { return n }
            let n = LayerNode(name: prefix + name, className: RecPlaceholderLayer.className, layer: RecPlaceholderLayer(output: t, kind: kind),
                              sources: [], concatenates: false, dropout: 0, loss: nil, isOutputLayer: false, onlyOnEval: false,
                              updaterOpts: nil, location: from?.loc ?? scopes[scope].location)
            nodes[prefix + name] = n
            return n
        }
        if ref.hasPrefix("prev:") {
            let x = String(ref.dropFirst(5))
            guard info.dict.get(x) != nil else {
                var msg = "'\(ref)': '\(x)' is not a layer of the unit of rec layer '\(rec.layer)'"
                if let s = EditDistance.closest(to: x, in: info.layerNames) { msg += "; did you mean 'prev:\(s)'?" }
                throw NetworkError(.layerNotFound, msg, layer: from?.layer, at: from?.loc)
            }
            switch rec.mode {
            case .step:
                let t: DataTemplate
                if let n = nodes[prefix + x] {
                    t = n.output
                } else if let p = info.stepTemplates[x] {
                    t = p
                } else if info.tolerant, let n = info.dict.get(x)?.dictValue?.get("n_out")?.intValue {
                    // A first guess from `n_out` (dense, one frame): later passes use the real one.
                    t = DataTemplate(dims: [.batch, .feature(x, n)])
                } else if info.tolerant {
                    throw RecTemplatePending(layer: x)
                } else if let e = info.deferredErrors[x] {
                    throw e
                } else if stack.contains(prefix + x) {
                    throw NetworkError(.invalidNetwork, "cannot determine the output of '\(x)' for '\(ref)': it depends on itself within the same " +
                                       "frame; give it a fixed size ('n_out') or read 'prev:' of another layer", layer: from?.layer, at: from?.loc)
                } else {
                    t = try construct(x, scope: scope, from: from).output
                }
                return placeholder("prev:" + x, t, .prev(x))
            case .whole:
                if let n = nodes[prefix + "prev:" + x] { return n }
                let target = try construct(x, scope: scope, from: from)
                guard let frame = info.frameTemplate(target.output), let axis = target.output.dims.firstIndex(where: { $0.isSame(as: info.loopTime) }) else {
                    throw NetworkError(.dimensionMismatch, "'\(ref)': '\(x)' \(target.output) has no axis of the loop's time \(info.loopTime)",
                                       layer: from?.layer, at: from?.loc)
                }
                let initial = try RecInitialOutput.parse(x, rec: rec.layer, dict: info.dict, frame: frame, state: &self, scope: scope)
                let n = LayerNode(name: prefix + "prev:" + x, className: RecPrevShiftLayer.className,
                                  layer: RecPrevShiftLayer(output: target.output, frameTemplate: frame, axis: axis, initial: initial),
                                  sources: [target.name] + (initial.layerNode.map { [$0] } ?? []), concatenates: false, dropout: 0, loss: nil,
                                  isOutputLayer: false, onlyOnEval: false, updaterOpts: nil, location: target.location)
                nodes[n.name] = n
                order.append(n.name)
                return n
            }
        }
        if ref == ":i" {
            guard rec.mode == .step else { preconditionFailure("BuildState: ':i' is read only by layers in the loop") }
            return placeholder(":i", DataTemplate(dims: [], isInt: true), .stepIndex)
        }
        if ref == "data" || ref.hasPrefix("data:") {
            let key = ref == "data" ? "data" : String(ref.dropFirst(5))
            let whole: LayerNode
            if key == "source" {
                guard let s = info.sourceNode, let n = nodes[s] else {
                    throw NetworkError(.layerNotFound, "'data:source' is the input of rec layer '\(rec.layer)', which has none ('from' is empty)",
                                       layer: from?.layer, at: from?.loc)
                }
                whole = n
            } else {
                whole = try construct(key == "data" ? "data" : "data:" + key, scope: 0, from: from)
            }
            guard rec.mode == .step, let frame = info.frameTemplate(whole.output) else { return whole }
            return placeholder("data:" + key, frame, .frame(whole.name))
        }
        if rec.mode == .whole, ref.contains("/"), let stacked = recStackedLayer(prefix + ref, scope: scope) {
            // A part of a layer in the loop (`"s/0"` of a `split` there).
            if let n = nodes[prefix + ref] { return n }
            let n = LayerNode(name: prefix + ref, className: RecStackedOutputLayer.className, layer: stacked, sources: [prefix + "#loop"],
                              concatenates: false, dropout: 0, loss: nil, isOutputLayer: false, onlyOnEval: false, updaterOpts: nil,
                              location: scopes[scope].location)
            nodes[n.name] = n
            order.append(n.name)
            return n
        }
        return nil
    }

    /// The layer of node `name` in a rec unit's whole-sequence scope when the layer runs in the
    /// loop: its frames stacked on the loop's time axis (the node's source is the loop node).
    func recStackedLayer(_ name: String, scope: Int) -> RecStackedOutputLayer? {
        guard let rec = scopes[scope].rec, rec.mode == .whole, let info = recUnits[rec.layer], info.analysed,
              name.hasPrefix(rec.layer + "/") else { return nil }
        let local = String(name.dropFirst(rec.layer.count + 1))
        guard info.inside.contains(local), let frame = info.stepTemplates[local] else { return nil }
        return RecStackedOutputLayer(output: info.wholeTemplate(frame), layer: local, axis: frame.batchAxis.map { $0 + 1 } ?? 0)
    }

    /// Makes the loop node `<rec>/#loop` from the per-frame nodes of the strict template pass
    /// (`built`): the layers in `inside`, their parameters, and the whole-sequence nodes they read.
    mutating func makeRecLoopNode(_ rec: String, built: BuildState, inside: Set<String>, unitNames: [String], wholeScope: Int,
                                  search: RecLoopSearch? = nil, loc: SourceLocation) throws {
        let prefix = rec + "/"
        var info = recUnits[rec]!
        info.stepTemplates = [:]
        for x in unitNames { info.stepTemplates[x] = built.nodes[prefix + x]!.output }
        recUnits[rec] = info
        var inputs: [String] = []
        func input(_ node: String) -> Int {
            if let i = inputs.firstIndex(of: node) { return i }
            inputs.append(node)
            return inputs.count - 1
        }
        func axis(_ node: String) -> Int {
            nodes[node]!.output.dims.firstIndex { $0.isSame(as: info.loopTime) }!
        }
        var prevInside: [(local: String, initial: RecLoopLayer.Initial)] = []
        func initial(_ x: String) throws -> RecLoopLayer.Initial {
            let frame = info.stepTemplates[x]!
            let v = try RecInitialOutput.parse(x, rec: rec, dict: info.dict, frame: frame, state: &self, scope: wholeScope)
            return RecLoopLayer.Initial(value: v, frame: frame, input: v.layerNode.map { input($0) })
        }
        func source(_ name: String, of layer: String) throws -> RecLoopLayer.Source {
            if name.hasPrefix(prefix) {
                let local = String(name.dropFirst(prefix.count))
                if inside.contains(local) { return .computed(local) }
                if unitNames.contains(local) {
                    let n = try construct(local, scope: wholeScope, from: (layer, loc))
                    return .frame(input: input(n.name), axis: axis(n.name), lengths: info.stepTemplates[local]!.timeDim)
                }
                if local == ":i" { return .stepIndex }
                if local.hasPrefix("prev:") {
                    let x = String(local.dropFirst(5))
                    if inside.contains(x) {
                        if !prevInside.contains(where: { $0.local == x }) { prevInside.append((x, try initial(x))) }
                        return .prevInside(x)
                    }
                    let n = try construct(x, scope: wholeScope, from: (layer, loc))
                    return .prevFrame(input: input(n.name), axis: axis(n.name), initial: try initial(x))
                }
                if local.hasPrefix("data:"), let p = built.nodes[name]?.layer as? RecPlaceholderLayer, case .frame(let whole) = p.kind {
                    if nodes[whole] == nil { _ = try construct(whole, scope: 0, from: (layer, loc)) }
                    return .frame(input: input(whole), axis: axis(whole), lengths: p.output.timeDim)
                }
            }
            if nodes[name] == nil { _ = try construct(name, scope: 0, from: (layer, loc)) }
            return .whole(input(name))
        }
        var steps: [RecLoopLayer.Step] = []
        var specs: [ParameterSpec] = []
        for name in built.order where name.hasPrefix(prefix) && inside.contains(String(name.dropFirst(prefix.count))) {
            let node = built.nodes[name]!
            steps.append(RecLoopLayer.Step(node: node, local: String(name.dropFirst(prefix.count)),
                                           sources: try node.sources.map { try source($0, of: name) },
                                           references: try node.references.map { try source($0, of: name) }))
            specs += built.parameters.filter { $0.layer == name }
        }
        try registerParameters(specs, layer: rec, loc: loc)
        var search = search
        if let s = search, case .expression(let text, let calls, let config, let location) = s.maxSeqLen {
            let nodes = recMaxLenNodes[rec] ?? []
            let resolved = calls.map { c in (placeholder: c.placeholder, input: input(nodes[c.input])) }
            search = RecLoopSearch(choice: s.choice, settings: s.settings, end: s.end, includeEos: s.includeEos,
                                   maxSeqLen: .expression(text: text, calls: resolved, config: config, location: location),
                                   knownLengths: s.knownLengths)
        }
        let loop = RecLoopLayer(recLayer: rec, loopTime: info.loopTime, steps: steps, prevInside: prevInside, search: search,
                                inputTemplates: inputs.map { nodes[$0]!.output })
        let node = LayerNode(name: prefix + "#loop", className: RecLoopLayer.className, layer: loop, sources: inputs, concatenates: false,
                             dropout: 0, loss: nil, isOutputLayer: false, onlyOnEval: false, updaterOpts: nil, location: loc)
        nodes[node.name] = node
        order.append(node.name)
    }
}
