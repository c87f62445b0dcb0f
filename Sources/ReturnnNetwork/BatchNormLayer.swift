import ReturnnConfig
import ReturnnTensor

/// Batch normalization over all axes but the feature axis (RETURNN `batch_norm`, `BatchNormLayer`
/// with `LayerBase.batch_norm`): `(x - mean) / sqrt(variance + epsilon) * gamma + beta`.
///
/// In training, mean and (biased) variance come from the current batch (`use_sample` 0), with
/// `masked_time` only over the real frames of each sequence; in eval, from the running
/// statistics. The running statistics are updated by every step as
/// `running += (batch - running) * momentum` (in eval too unless `update_sample_only_in_training`),
/// returned by `forwardWithState` (see `StatefulLayer`). Without `delay_sample_update` the updated
/// statistics are the ones used in the same step (when running statistics are used at all).
///
/// Options and defaults (RETURNN with no `behavior_version`): `use_shift` (True), `use_std` (True),
/// `use_sample` (0.0), `force_sample` (False), `momentum` (0.99), `epsilon` (1e-3),
/// `update_sample_only_in_training` (False), `delay_sample_update` (False), `param_version` (0),
/// `gamma_init` (1.0), `beta_init` (0.0), `masked_time` (True). RETURNN with `behavior_version >= 12`
/// changes the defaults to momentum 0.1, update only in training, delayed update, param_version 2;
/// set those options explicitly to get that behaviour.
///
/// Parameters under `<name>/batch_norm/` with the prefix of `param_version`: 0: `<name>_<name>_output_`,
/// 1: none, 2: `v2_`; names `mean`, `variance` (state, init 0 and 1), `gamma` (with `use_std`),
/// `beta` (with `use_shift`). Shape `[F]` for version 2, else `[1, ..., 1, F]` (the input's rank).
/// ```python
/// "bn": {"class": "batch_norm", "masked_time": True, "param_version": 2, "from": "conv0"}
/// ```
public final class BatchNormLayer: StatefulLayer {
    /// The class name in a net dict: `"class": "batch_norm"`.
    public static let className = "batch_norm"
    /// Same as the input.
    public let output: DataTemplate
    let useShift: Bool, useStd: Bool, forceSample: Bool, maskedTime: Bool
    let updateSampleOnlyInTraining: Bool, delaySampleUpdate: Bool
    let useSample: Float, momentum: Float, epsilon: Float
    let mean: String, variance: String, gamma: String?, beta: String?
    /// Shape of the parameters.
    let statsShape: [Int]

    /// The running mean and variance.
    public var stateParameterNames: [String] { [mean, variance] }

    /// Reads the options and declares the parameters.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        try b.requireDense(input)
        let f = input.featureDim!
        useShift = try b.read { try $0.bool("use_shift", default: true) }
        useStd = try b.read { try $0.bool("use_std", default: true) }
        useSample = Float(try b.read { try $0.double("use_sample", default: 0) })
        forceSample = try b.read { try $0.bool("force_sample", default: false) }
        momentum = Float(try b.read { try $0.double("momentum", default: 0.99) })
        epsilon = Float(try b.read { try $0.double("epsilon", default: 1e-3) })
        updateSampleOnlyInTraining = try b.read { try $0.bool("update_sample_only_in_training", default: false) }
        delaySampleUpdate = try b.read { try $0.bool("delay_sample_update", default: false) }
        maskedTime = try b.read { try $0.bool("masked_time", default: true) }
        let version = try b.read { try $0.int("param_version", default: 0) }
        guard (0...1).contains(useSample) else { throw b.error(.invalidOption, "use_sample must be in [0, 1], got \(useSample)") }
        guard (0...1).contains(momentum) else { throw b.error(.invalidOption, "momentum must be in [0, 1], got \(momentum)") }
        guard epsilon >= 0 else { throw b.error(.invalidOption, "epsilon must be >= 0, got \(epsilon)") }
        let prefix: String
        switch version {
        case 0: prefix = "batch_norm/\(b.name)_\(b.name)_output_"
        case 1: prefix = "batch_norm/"
        case 2: prefix = "batch_norm/v2_"
        default: throw b.error(.invalidOption, "param_version must be 0, 1 or 2, got \(version)")
        }
        b.options.ignore(["in_dim"])
        statsShape = version == 2 ? [f] : [Int](repeating: 1, count: input.rank - 1) + [f]
        let gammaInit = try b.initializer("gamma_init", default: .constant(1))
        let betaInit = try b.initializer("beta_init", default: .constant(0))
        mean = b.parameter(prefix + "mean", shape: statsShape, initializer: .constant(0))
        variance = b.parameter(prefix + "variance", shape: statsShape, initializer: .constant(1))
        gamma = useStd ? b.parameter(prefix + "gamma", shape: statsShape, initializer: gammaInit) : nil
        beta = useShift ? b.parameter(prefix + "beta", shape: statsShape, initializer: betaInit) : nil
        output = input
    }

    /// Normalizes; the new running statistics are dropped (use `forwardWithState` to keep them).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        try forwardWithState(inputs, ctx).output
    }

    /// Normalizes and returns the updated running mean and variance (when this step updates them).
    public func forwardWithState(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> (output: LayerValue, state: [String: Tensor]) {
        let tape = ctx.tape
        let xin = inputs[0]
        let x = xin.dense
        let f = x.shape[x.rank - 1]
        let train = ctx.isTraining
        let updateSample = !updateSampleOnlyInTraining || train
        let useCurrent = useSample != 1 && (forceSample || train)
        let runMean = ctx.parameter(mean).value.reshaped([f]), runVar = ctx.parameter(variance).value.reshaped([f])
        var state: [String: Tensor] = [:]
        var sampleMean = runMean, sampleVar = runVar
        var current: (mean: Variable, variance: Variable)?
        if updateSample || useCurrent {
            let cur = moments(xin, tape)
            current = cur
            if updateSample {
                let newMean = Self.movingAverage(runMean, cur.mean.value, momentum)
                let newVar = Self.movingAverage(runVar, cur.variance.value, momentum)
                state = [mean: newMean.reshaped(statsShape), variance: newVar.reshaped(statsShape)]
                if !delaySampleUpdate { (sampleMean, sampleVar) = (newMean, newVar) }
            }
        }
        let m: Variable, v: Variable
        if let current, useCurrent {
            if useSample == 0 {
                (m, v) = current
            } else {
                m = tape.add(tape.scale(current.mean, by: 1 - useSample), Variable(Self.scaled(sampleMean, useSample)))
                v = tape.add(tape.scale(current.variance, by: 1 - useSample), Variable(Self.scaled(sampleVar, useSample)))
            }
        } else {
            (m, v) = (Variable(sampleMean), Variable(sampleVar))
        }
        var y = tape.div(tape.sub(x, m), tape.sqrt(tape.add(v, Variable(Tensor(scalar: epsilon)))))
        if let gamma { y = tape.mul(y, tape.reshape(ctx.parameter(gamma), [f])) }
        if let beta { y = tape.add(y, tape.reshape(ctx.parameter(beta), [f])) }
        return (LayerValue(values: y, seqLens: xin.seqLens), state)
    }

    /// Mean and biased variance `[F]` over all axes but the last; with `masked_time`, over the real
    /// frames only.
    func moments(_ xin: LayerValue, _ tape: Tape) -> (mean: Variable, variance: Variable) {
        let x = xin.dense
        let axes = Array(0..<(x.rank - 1))
        guard maskedTime, output.hasTime, let lens = xin.seqLens else {
            let mean = tape.reduce(x, .mean, axes: axes)
            return (mean, tape.reduce(tape.square(tape.sub(x, mean)), .mean, axes: axes))
        }
        let (batch, time) = (x.shape[0], x.shape[1])
        let inner = x.shape.dropFirst(2).dropLast().reduce(1, *)
        let frames = lens.array.reduce(0) { $0 + Swift.min(Int($1), time) }
        let scale = 1 / Float(Swift.max(frames * inner, 1))
        let mask = Variable(Tensor.sequenceMask(lengths: lens, maxTime: time).reshaped([batch, time] + [Int](repeating: 1, count: x.rank - 2)))
        let mean = tape.scale(tape.reduce(tape.mul(x, mask), .sum, axes: axes), by: scale)
        let sq = tape.mul(tape.square(tape.sub(x, mean)), mask)
        return (mean, tape.scale(tape.reduce(sq, .sum, axes: axes), by: scale))
    }

    /// `running + (batch - running) * momentum`.
    static func movingAverage(_ running: Tensor, _ batch: Tensor, _ momentum: Float) -> Tensor {
        Tensor(shape: running.shape, zip(running.array, batch.array).map { $0 + ($1 - $0) * momentum })
    }

    /// `t * s`.
    static func scaled(_ t: Tensor, _ s: Float) -> Tensor { Tensor(shape: t.shape, t.array.map { $0 * s }) }
}
