import ReturnnConfig

/// Builds the list of pretrain step net dicts from the original (final) net dict, following
/// RETURNN's `Pretrain._construct_epochs_*` (`returnn/pretrain.py`). The original is never
/// modified; every step is its own deep copy.
///
/// Differences from upstream, all for inputs where upstream crashes: keys starting with `#`
/// are not treated as layers; a `from` given as one str is a one-element list (upstream's
/// substring checks on a str made a `"from": "data"` layer lose its input in `from_input`);
/// sources that are no layer of the net (`"data:classes"`) count as inputs; an output layer
/// whose source was already removed for another output layer reuses that source's sources.
struct PretrainConstruction {
    /// The original net dict (layer name → layer dict).
    let original: ConfigDict
    /// `output_layers`.
    let outputLayers: [String]
    /// `input_layers`.
    let inputLayers: [String]

    /// Upper bound on the steps a construction function may produce before it is considered to
    /// never return None.
    static let maxCustomSteps = 1_000

    /// The step net dicts for `algo`, the original (a copy) last. Non-trainable-only steps are
    /// removed for the built-in algorithms, not for a function.
    func steps(_ algo: PretrainConstructionAlgo) throws -> [ConfigDict] {
        switch algo {
        case .fromOutput: return removeNonTrainableAddedOnly(try fromOutput())
        case .fromInput: return removeNonTrainableAddedOnly(try fromInput())
        case .noNetworkModifications: return [PretrainNetDict.deepCopy(original)]
        case .custom(let f): return try custom(f)
        }
    }

    // MARK: helpers

    private func layer(_ net: ConfigDict, _ name: String) throws -> ConfigDict {
        guard let l = PretrainNetDict.layer(net, name) else {
            let what = net.get(name) == nil ? "is not in the network" : "is not a dict"
            throw ConfigError(.key, "pretrain: layer '\(name)' \(what); check `from` and the pretrain option output_layers (now \(outputLayers))",
                              at: net.get(name)?.location)
        }
        return l
    }

    private func sources(_ net: ConfigDict, _ name: String) throws -> [String] {
        try PretrainNetDict.sources(try layer(net, name), name: name)
    }

    /// A source that is kept as it is: an input layer, or a name that is no layer of the net.
    private func isInput(_ name: String) -> Bool {
        inputLayers.contains(name) || PretrainNetDict.layer(original, name) == nil
    }

    /// Upstream `_is_layer_output`: named in `output_layers`, class `softmax`, or has a `target`.
    func isOutputLayer(_ net: ConfigDict, _ name: String) -> Bool {
        if outputLayers.contains(name) { return true }
        guard let l = PretrainNetDict.layer(net, name) else { return false }
        if l.get("class")?.stringValue == "softmax" { return true }
        return l.get("target") != nil
    }

    /// Layers of the original (sorted by name) that take any of `sources` as input.
    private func descendants(of sources: [String]) throws -> [String] {
        var out: [String] = []
        for name in PretrainNetDict.layerNames(original).sorted() {
            let s = try self.sources(original, name)
            if sources.contains(where: { s.contains($0) }) { out.append(name) }
        }
        return out
    }

    // MARK: from_output

    private func fromOutput() throws -> [ConfigDict] {
        var steps = [PretrainNetDict.deepCopy(original)]
        while let smaller = try smallerFromOutput(than: steps[0]) { steps.insert(smaller, at: 0) }
        return steps
    }

    /// The next smaller net from `net` (upstream `_construct_new_epoch_from_output`), nil when
    /// the output layers only take inputs.
    private func smallerFromOutput(than net: ConfigDict) throws -> ConfigDict? {
        let new = PretrainNetDict.deepCopy(net)
        while true {
            var newSources = Set<String>()
            var deleted: [String: [String]] = [:]
            var oldSources = Set<String>()
            for out in outputLayers {
                for src in try sources(new, out) {
                    oldSources.insert(src)
                    if isInput(src) {
                        newSources.insert(src)
                    } else if let s = deleted[src] {
                        newSources.formUnion(s)
                    } else {
                        let s = try sources(new, src)
                        newSources.formUnion(s)
                        try new.remove(.str(src))
                        deleted[src] = s
                    }
                }
            }
            if newSources == oldSources { return nil }
            for out in outputLayers { PretrainNetDict.setSources(try layer(new, out), newSources.sorted()) }
            // An input as source of an output layer would likely change its input dim: go on.
            if !newSources.isDisjoint(with: inputLayers) { continue }
            // Only non-trainable layers removed: not a step of its own.
            if deleted.keys.allSatisfy({ PretrainNetDict.layer(original, $0).map(PretrainNetDict.isTrainable) == false }) { continue }
            return new
        }
    }

    // MARK: from_input

    private func fromInput() throws -> [ConfigDict] {
        var steps: [ConfigDict] = []
        var depth = 1
        while let net = try netFromInput(depth: depth) {
            steps.append(net)
            depth += 1
        }
        steps.append(PretrainNetDict.deepCopy(original))
        return steps
    }

    /// The net with the layers up to `depth` from `data` (upstream
    /// `_construct_next_epoch_from_input`), nil when it would be the full topology.
    private func netFromInput(depth: Int) throws -> ConfigDict? {
        let new = ConfigDict()
        var sources = ["data"]
        var needed = Set<String>()
        func add(_ name: String) throws {
            needed.remove(name)
            new.set(name, PretrainNetDict.deepCopy(original.get(name)!))
            // Sources that are no layer of the net (`data:classes`) are never needed.
            for src in try self.sources(new, name) where src != "data" && new.get(src) == nil {
                if PretrainNetDict.layer(original, src) != nil { needed.insert(src) }
            }
        }
        // Non-trainable layers (e.g. input windows) reachable from the inputs come first.
        while true {
            var added = false
            for name in try descendants(of: sources) where new.get(name) == nil {
                if PretrainNetDict.isTrainable(try layer(original, name)) { continue }
                added = true
                sources.append(name)
                try add(name)
            }
            if !added { break }
        }
        for _ in 0..<depth {
            let next = try descendants(of: sources)
            sources = []
            for name in next where new.get(name) == nil {
                sources.append(name)
                try add(name)
            }
            if sources.isEmpty { return nil }
        }
        for name in PretrainNetDict.layerNames(original).sorted() where new.get(name) == nil && isOutputLayer(original, name) {
            try add(name)
        }
        if needed.isEmpty { return nil }
        for name in PretrainNetDict.layerNames(new).sorted() {
            let old = try self.sources(new, name)
            var existing = try existingInputs(new, name)
            if old != existing {
                existing.removeAll { $0 == "data" }
                PretrainNetDict.setSources(try layer(new, name), existing)
            }
        }
        return new
    }

    /// The sources of `name` in the original, with every source missing in `net` replaced by
    /// its own sources, recursively (upstream `_find_existing_inputs`).
    private func existingInputs(_ net: ConfigDict, _ name: String) throws -> [String] {
        var collected: [String] = []
        var visited: Set<String> = [name]
        func visit(_ name: String) throws {
            for src in try sources(original, name) {
                if net.get(src) != nil || src == "data" || PretrainNetDict.layer(original, src) == nil {
                    if !collected.contains(src) { collected.append(src) }
                } else if !visited.contains(src) {
                    visited.insert(src)
                    try visit(src)
                }
            }
        }
        try visit(name)
        return collected
    }

    // MARK: custom function

    private func custom(_ f: ConfigFunction) throws -> [ConfigDict] {
        var steps: [ConfigDict] = []
        var idx = 0
        while true {
            let arg = ConfigValue(.dict(PretrainNetDict.deepCopy(original)))
            let r: ConfigValue
            do {
                r = try f.call([], [("idx", .int(idx)), ("net_dict", arg)])
            } catch let e as ConfigError {
                throw e.located(f.location)
            }
            if !r.isTruthy { break }
            guard let d = r.dictValue else {
                throw ConfigError(.type, "pretrain construction_algo function '\(f.name)' (idx=\(idx)) must return a net dict or None, got \(r.typeName) \(r.repr)",
                                  at: f.location)
            }
            // A copy: the function may return a dict the config still holds (a global).
            steps.append(PretrainNetDict.deepCopy(d))
            idx += 1
            if idx >= Self.maxCustomSteps {
                throw ConfigError(.limit, "pretrain construction_algo function '\(f.name)' returned a net dict for \(idx) indices; it must return None to end the pretrain steps",
                                  at: f.location)
            }
        }
        steps.append(PretrainNetDict.deepCopy(original))
        return steps
    }

    // MARK: pruning

    /// Drops steps that, compared with the step before (an empty net before the first), only add
    /// non-trainable layers; output layers are ignored and the final step is always kept
    /// (upstream `_remove_non_trainable_added_only`).
    func removeNonTrainableAddedOnly(_ steps: [ConfigDict]) -> [ConfigDict] {
        precondition(!steps.isEmpty, "PretrainConstruction: no steps")
        var out: [ConfigDict] = []
        for i in 0..<(steps.count - 1) {
            let before = i == 0 ? ConfigDict() : steps[i - 1]
            let net = steps[i]
            let addsTrainable = PretrainNetDict.layerNames(net).sorted().contains { name in
                if isOutputLayer(net, name) || before.get(name) != nil { return false }
                return PretrainNetDict.layer(net, name).map(PretrainNetDict.isTrainable) ?? true
            }
            if addsTrainable { out.append(net) }
        }
        out.append(steps[steps.count - 1])
        return out
    }
}
