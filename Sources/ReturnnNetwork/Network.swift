import ReturnnKernels
import ReturnnTensor

/// A constructed network: layers in dependency order, their parameters (RETURNN names), losses.
///
/// `run` computes one batch on a tape: the layer outputs, every loss (sums, norm factors) and
/// the objective the updater minimizes (spec §7.2: Σ loss × scale, normalized only with
/// `use_normalized_loss`, plus the L2 constraints).
public final class Network {
    /// Layers in dependency order (sources first).
    public let nodes: [LayerNode]
    /// All parameters, in construction order, each once.
    public let parameters: [ParameterSpec]
    /// The extern data the network was built for.
    public let externData: ExternData

    init(nodes: [LayerNode], parameters: [ParameterSpec], externData: ExternData) {
        self.nodes = nodes
        self.parameters = parameters
        self.externData = externData
    }

    /// The node named `name`.
    public func node(_ name: String) -> LayerNode? { nodes.first { $0.name == name } }

    /// RETURNN's `net params #`: the number of parameter elements.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Layers with a loss.
    public var lossNodes: [LayerNode] { nodes.filter { $0.loss != nil } }

    /// RETURNN `get_default_output_layer_name`: `output` if present, else the single output layer.
    public var defaultOutputLayer: LayerNode? {
        if let o = node("output") { return o }
        let outs = nodes.filter(\.isOutputLayer)
        return outs.count == 1 ? outs[0] : nil
    }

    /// Data keys the network reads (sources and targets), for batching.
    public var usedDataKeys: [String] {
        var keys: [String] = []
        for n in nodes {
            if let s = n.layer as? SourceLayer, !keys.contains(s.dataKey) { keys.append(s.dataKey) }
            if let k = n.loss?.targetKey, !keys.contains(k) { keys.append(k) }
        }
        return keys
    }

    /// Whether some layer mixes frames over time (RETURNN's `recurrent` batching flag; a trait of
    /// the layer type, `Layer.mixesFrames`, or of the loss, CTC).
    public var isRecurrent: Bool {
        nodes.contains { type(of: $0.layer).mixesFrames || ($0.loss.map { type(of: $0.loss).isRecurrent } ?? false) }
    }

    /// Fresh parameter values, each drawn from a generator seeded by `seed` and the parameter name.
    public func initialParameters(seed: UInt64) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for p in parameters {
            var g = RandomGenerator(seed: seed, stream: [RandomGenerator.Stream.parameterInit, RandomGenerator.hash(p.name)])
            out[p.name] = p.initializer.make(shape: p.shape, generator: &g)
        }
        return out
    }

    /// Runs the network on one batch.
    ///
    /// - Parameters:
    ///   - data: the batch by data key (dense `[B, T, F]` floats or sparse `[B, T]` ints, with lengths).
    ///   - parameters: current values; registered as tape leaves under their names.
    ///   - tape: a recording tape for training, a no-grad one otherwise.
    ///   - isTraining: enables dropout and skips `only_on_eval` layers.
    ///   - options: objective options.
    public func run(data: [String: LayerValue], parameters values: [String: Tensor], tape: Tape, isTraining: Bool,
                    options: RunOptions = RunOptions()) throws -> NetworkRun {
        var vars: [String: Variable] = [:]
        for p in parameters {
            guard let v = values[p.name] else { preconditionFailure("Network.run: no value for parameter '\(p.name)'") }
            precondition(v.shape == p.shape, "Network.run: parameter '\(p.name)' has shape \(v.shape), expected \(p.shape)")
            vars[p.name] = p.trainable ? tape.leaf(v, name: p.name) : Variable(v)
        }
        let ctx = ForwardContext(tape: tape, isTraining: isTraining, parameters: vars, data: data, seed: options.seed,
                                 epoch: options.epoch, step: options.step)
        var outs: [String: LayerValue] = [:]
        var stateUpdates: [String: Tensor] = [:]
        for (key, value) in data {
            if let time = externData[key]?.timeDim, let lens = value.seqLens, ctx.sizes(of: time) == nil { ctx.setSizes(lens, for: time) }
        }
        for node in nodes {
            if isTraining && node.onlyOnEval { continue }
            var inputs = node.sources.compactMap { outs[$0] }
            if inputs.count != node.sources.count { continue }  // depends on a skipped only_on_eval layer
            let beam = inputs.lazy.compactMap(\.beam).first ?? node.references.lazy.compactMap { outs[$0]?.beam }.first
            if let beam { inputs = tiled(inputs, names: node.sources, beam: beam, tape: tape) }
            if node.concatenates && !inputs.isEmpty {
                var x = inputs.count == 1 ? inputs[0] : Network.concat(inputs, tape: tape)
                if isTraining && node.dropout > 0, let v = x.values {
                    x.values = Network.dropout(v, rate: node.dropout, generator: ctx.generator(RandomGenerator.Stream.dropout, layer: node.name),
                                               tape: tape)
                }
                inputs = [x]
            }
            var refs = node.references.compactMap { outs[$0] }
            if refs.count != node.references.count { continue }  // depends on a skipped only_on_eval layer
            if let beam { refs = tiled(refs, names: node.references, beam: beam, tape: tape) }
            inputs += refs
            if let stateful = node.layer as? any StatefulLayer {
                let (out, state) = try stateful.forwardWithState(inputs, ctx)
                outs[node.name] = out
                stateUpdates.merge(state) { _, new in new }
            } else {
                outs[node.name] = try node.layer.forward(inputs, ctx)
            }
            if let beam, !(node.layer is DecideLayer), outs[node.name]?.beam == nil, let ba = node.output.batchAxis, let out = outs[node.name], ba < out.shape.count,
               out.shape[ba] == beam.scores.count {
                outs[node.name]!.beam = beam
            }
            if let time = node.output.timeDim, let lens = outs[node.name]?.seqLens, ctx.sizes(of: time) == nil {
                ctx.setSizes(lens, for: time)
            }
        }
        var losses: [LossOutput] = []
        var objective: Variable?
        for node in nodes where options.computeLosses {
            guard let binding = node.loss, let out = outs[node.name] else { continue }
            var target: LayerValue?
            if let key = binding.targetKey {
                guard let t = data[key] else {
                    throw NetworkError(.missingTarget, "the batch has no target data '\(key)'", layer: node.name, at: node.location)
                }
                target = t
            } else if let l = binding.targetLayer {
                target = outs[l]
            } else {
                target = nil
            }
            if let beam = out.beam, let t = target, t.beam == nil, t.batch == beam.batch {
                target = t.selectingBatch(SearchBeam.tileRows(batch: beam.batch, size: beam.size), batchAxis: 0, tape)
            }
            let sums = try binding.loss.compute(output: out, target: target, ctx: ctx)
            let normalizer = Network.normalizer(output: out, template: node.output, target: target)
            let inObjective = binding.scale != 0
            var lossOut = LossOutput(name: binding.name, value: sums.value, error: sums.error, normalizer: normalizer,
                                     scale: binding.scale, inObjective: inObjective)
            lossOut.hasValue = type(of: binding.loss).hasValue
            losses.append(lossOut)
            if inObjective {
                var factor = binding.scale
                if options.useNormalizedLoss { factor /= Swift.max(normalizer, 1) }
                let term = factor == 1 ? sums.value : tape.scale(sums.value, by: Float(factor))
                objective = objective.map { tape.add($0, term) } ?? term
            }
        }
        if options.includeL2 {
            for p in parameters where p.l2 != 0 && p.trainable {
                let v = vars[p.name]!
                let sq = tape.reduce(tape.square(v), .sum, axes: Array(0..<v.rank))
                let term = tape.scale(sq, by: Float(p.l2))
                objective = objective.map { tape.add($0, term) } ?? term
            }
        }
        return NetworkRun(values: outs, losses: losses, objective: objective, stateUpdates: stateUpdates)
    }

    /// `values` (read from nodes `names`) with the batch of each value that has none tiled over
    /// `beam` (RETURNN tiles a value without beam when it meets one with a beam).
    func tiled(_ values: [LayerValue], names: [String], beam: SearchBeam, tape: Tape) -> [LayerValue] {
        zip(values, names).map { v, name in
            guard v.beam == nil, let ba = nodes.first(where: { $0.name == name })?.output.batchAxis, ba < v.shape.count,
                  v.shape[ba] == beam.batch else { return v }
            var t = v.selectingBatch(SearchBeam.tileRows(batch: beam.batch, size: beam.size), batchAxis: ba, tape)
            t.beam = beam
            return t
        }
    }

    /// `1 / norm_factor` (spec §7.2): target frames, else output frames, else the batch size.
    static func normalizer(output: LayerValue, template: DataTemplate, target: LayerValue?) -> Double {
        if template.hasTime, let t = target?.seqLens { return Double(t.array.reduce(0) { $0 + Int($1) }) }
        if template.hasTime, let l = output.seqLens { return Double(l.array.reduce(0) { $0 + Int($1) }) }
        return Double(output.batch)
    }

    /// Concatenates dense values on the last axis; a value lacking the time axis (rank one less
    /// than the others) is repeated over it (see `BuildState.concatTemplate`).
    static func concat(_ xs: [LayerValue], tape: Tape) -> LayerValue {
        let full = xs.max { $0.dense.rank < $1.dense.rank }!
        let rank = full.dense.rank
        let parts = xs.map { x -> Variable in
            let v = x.dense
            guard v.rank < rank else { return v }
            var one = v.shape
            one.insert(1, at: 1)
            var shape = full.dense.shape
            shape[rank - 1] = v.shape[v.rank - 1]
            return tape.add(Variable(Tensor(zeros: shape)), tape.reshape(v, one))
        }
        return LayerValue(values: tape.concat(parts, axis: rank - 1), seqLens: full.seqLens)
    }

    /// Inverted dropout with one mask over the feature axis, shared by all frames and sequences
    /// (RETURNN's default noise shape).
    static func dropout(_ x: Variable, rate: Double, generator: RandomGenerator, tape: Tape) -> Variable {
        var g = generator
        let f = x.shape.last ?? 1
        let keep = Float(1 - rate)
        var shape = [Int](repeating: 1, count: x.rank)
        if x.rank > 0 { shape[x.rank - 1] = f }
        let mask = (0..<f).map { _ in g.nextFloat() < keep ? 1 / keep : 0 }
        return tape.applyDropoutMask(x, mask: Tensor(shape: shape, mask))
    }
}

/// Options of `Network.run` that come from the config.
public struct RunOptions: Sendable {
    /// Config `use_normalized_loss` (default False: the objective is the summed loss).
    public var useNormalizedLoss: Bool
    /// Whether `L2` terms enter the objective (false with `decouple_constraints`).
    public var includeL2: Bool
    /// Random seed, epoch and step for dropout.
    public var seed: UInt64, epoch: Int, step: Int
    /// Whether the losses are computed (not in a search with `search_do_eval = False`).
    public var computeLosses = true

    /// Creates options.
    public init(useNormalizedLoss: Bool = false, includeL2: Bool = true, seed: UInt64 = 42, epoch: Int = 1, step: Int = 0) {
        self.useNormalizedLoss = useNormalizedLoss
        self.includeL2 = includeL2
        self.seed = seed
        self.epoch = epoch
        self.step = step
    }
}

/// The result of `Network.run`.
public struct NetworkRun {
    /// Output of every computed layer.
    public let values: [String: LayerValue]
    /// Every loss, in layer order.
    public let losses: [LossOutput]
    /// The objective (nil when no loss is in the objective).
    public let objective: Variable?
    /// New values of non-trainable state parameters (batch_norm running statistics), to store
    /// after the step.
    public let stateUpdates: [String: Tensor]
}
