import ReturnnTensor

/// Everything a layer needs while computing one batch: the tape, the parameter variables, the
/// train flag and the seeded generators for dropout and noise.
public final class ForwardContext {
    /// The tape ops run on (no-grad tape in eval/forward).
    public let tape: Tape
    /// Whether this is a training step (dropout active).
    public let isTraining: Bool
    /// Parameter variables by RETURNN name.
    public let parameters: [String: Variable]
    /// Base random seed (config `random_seed`).
    public let seed: UInt64
    /// Epoch and step, mixed into every generator so a resumed run draws the same numbers.
    public let epoch: Int, step: Int
    /// Extern data of this batch, by data key.
    public let data: [String: LayerValue]
    /// Run-time sizes `[B]` of the dynamic axes seen so far in this batch, by tag.
    private var dimSizes: [Dim: IntTensor] = [:]

    /// Creates a context.
    public init(tape: Tape, isTraining: Bool, parameters: [String: Variable], data: [String: LayerValue],
                seed: UInt64 = 42, epoch: Int = 1, step: Int = 0) {
        self.tape = tape
        self.isTraining = isTraining
        self.parameters = parameters
        self.data = data
        self.seed = seed
        self.epoch = epoch
        self.step = step
    }

    /// The variable of parameter `name` (declared at construction, so it exists).
    public func parameter(_ name: String) -> Variable {
        guard let v = parameters[name] else { preconditionFailure("ForwardContext: parameter '\(name)' was not provided") }
        return v
    }

    /// The run-time sizes `[B]` (one length per sequence) of the dynamic axis `dim` in this batch:
    /// the network registers the time axis of every layer output; a layer that creates another
    /// dynamic axis registers its sizes with `setSizes`.
    public func sizes(of dim: Dim) -> IntTensor? { dimSizes[dim] }

    /// Registers the run-time sizes of a dynamic axis (a layer creating a new one calls this).
    public func setSizes(_ sizes: IntTensor, for dim: Dim) {
        precondition(dim.isDynamic, "ForwardContext.setSizes: \(dim) is not dynamic")
        dimSizes[dim] = sizes
    }

    /// A context for values whose batch holds `beam` hypotheses per sequence: the same tape,
    /// parameters and generators, and every dynamic axis' sizes repeated `beam` times per sequence
    /// (for the layers inside a searching rec loop).
    /// With `sequences`, only those sequences (batch entries, in that order) are kept.
    public func tiled(beam: Int, sequences: [Int]? = nil) -> ForwardContext {
        let c = ForwardContext(tape: tape, isTraining: isTraining, parameters: parameters, data: data, seed: seed, epoch: epoch, step: step)
        for (d, s) in dimSizes {
            let seqs = sequences ?? Array(0..<s.count)
            let rows = IntTensor(shape: [seqs.count * beam], seqs.flatMap { [Int32](repeating: Int32($0), count: beam) })
            c.dimSizes[d] = s.take(rows: rows, rowSize: 1, shape: [rows.count])
        }
        return c
    }

    /// A generator for `stream` that is unique to this layer, epoch and step.
    public func generator(_ stream: UInt64, layer: String) -> RandomGenerator {
        RandomGenerator(seed: seed, stream: [stream, UInt64(epoch), UInt64(step), RandomGenerator.hash(layer)])
    }
}
