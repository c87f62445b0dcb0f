import ReturnnConfig
import ReturnnTensor

/// Random TF ops of `eval` layers: `tf.random.uniform` (`tf.random_uniform`), `tf.random.normal`,
/// `tf.random.truncated_normal`, `tf.random.shuffle`, `tf.nn.dropout`. They draw from the layer's
/// generator (config `random_seed`, layer name, epoch, global step), not from TF's generator: the
/// same step gives the same draws in every run, other steps other ones; `seed` arguments are
/// accepted and ignored.
extension EvalSession {
    /// `tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32)`: floats in
    /// `[minval, maxval)` (maxval 1 by default; bounds may be tensors that broadcast to `shape`),
    /// ints in `[minval, maxval)` (scalar bounds; maxval required and above minval, as TF).
    func randomUniform(_ p: BoundArguments, function: String) throws -> TensorValue {
        let shape = try shapeArgument(p["shape"]!, function: function)
        let dtype = try p.value("dtype").flatMap { try TFDType.parse($0, function: function) } ?? .float32
        let n = shape.reduce(1, *)
        guard n <= 100_000_000 else { throw ConfigError(.limit, "\(function): \(n) elements are too many") }
        if dtype.isInt {
            guard let maxValue = p.value("maxval") else {
                throw ConfigError(.value, "\(function): an int dtype needs maxval", pythonClass: "ValueError")
            }
            let lo = try int(p.value("minval") ?? .int(0), function: function, what: "minval")
            let hi = try int(maxValue, function: function, what: "maxval")
            guard lo < hi else {
                throw ConfigError(.value, "\(function): need minval < maxval, got minval=\(lo), maxval=\(hi)", pythonClass: "InvalidArgumentError")
            }
            let range = UInt64(hi - lo)
            return ints((0..<n).map { _ in lo + Int(generator.next() % range) }, shape: shape, dtype: dtype)
        }
        guard dtype == .float32 else { throw ConfigError(.type, "\(function): dtype must be float32, int32 or int64") }
        let lo = try tensor(p.value("minval") ?? .float(0), dtype: .float32, function: function)
        let hi = try tensor(p.value("maxval") ?? .float(1), dtype: .float32, function: function)
        _ = try broadcastShape([lo.shape, hi.shape, shape], function: function)
        let u = Tensor(shape: shape, (0..<n).map { _ in generator.nextFloat() })
        // lo + (hi - lo) * u, on the tape (TF's gradient for tensor bounds).
        return float(tape.add(lo.variable, tape.mul(tape.sub(hi.variable, lo.variable), Variable(u))))
    }

    /// `tf.random.normal(shape, mean=0, stddev=1)` and `tf.random.truncated_normal` (redrawn
    /// beyond 2 standard deviations).
    func randomNormal(_ p: BoundArguments, truncated: Bool, function: String) throws -> TensorValue {
        let shape = try shapeArgument(p["shape"]!, function: function)
        if let d = try p.value("dtype").flatMap({ try TFDType.parse($0, function: function) }), d != .float32 {
            throw ConfigError(.type, "\(function): dtype must be float32")
        }
        let n = shape.reduce(1, *)
        guard n <= 100_000_000 else { throw ConfigError(.limit, "\(function): \(n) elements are too many") }
        let mean = try tensor(p.value("mean") ?? .float(0), dtype: .float32, function: function)
        let std = try tensor(p.value("stddev") ?? .float(1), dtype: .float32, function: function)
        _ = try broadcastShape([mean.shape, std.shape, shape], function: function)
        let z = Tensor(shape: shape, (0..<n).map { _ in Float(truncated ? generator.truncatedNormal(stddev: 1) : generator.normal()) })
        return float(tape.add(mean.variable, tape.mul(std.variable, Variable(z))))
    }

    /// `tf.random.shuffle(value)`: a random permutation along the first axis.
    func shuffle(_ x: TensorValue, function: String) throws -> TensorValue {
        guard let n = x.shape.first else { throw ConfigError(.value, "\(function) needs a tensor of rank >= 1") }
        var order = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(generator.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        var lists = x.shape.map { Array(0..<$0) }
        lists[0] = order
        return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: x.shape)
    }

    /// Dropout (`tf.nn.dropout`, RETURNN's `TFUtil.dropout`): keeps each element (or each entry of
    /// `noiseShape`, broadcast over the rest) with probability `keep`, scaled by `1 / keep` when
    /// `scale`; differentiable in `x`.
    func dropout(_ x: TensorValue, keep: Double, noiseShape: [Int]?, scale: Bool, function: String) throws -> TensorValue {
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue)") }
        guard keep > 0 && keep <= 1 else {
            throw ConfigError(.value, "\(function): the keep probability must be in (0, 1], got \(keep)", pythonClass: "ValueError")
        }
        if keep == 1 { return x }
        let shape = noiseShape ?? x.shape
        guard Broadcast.broadcasts(shape, to: x.shape) else {
            throw ConfigError(.value, "\(function): noise_shape \(shape) does not broadcast to the shape \(x.shape) of x", pythonClass: "ValueError")
        }
        let k = Float(keep), s: Float = scale ? 1 / k : 1
        let mask = Tensor(shape: shape, (0..<shape.reduce(1, *)).map { _ in generator.nextFloat() < k ? s : 0 })
        return float(tape.mul(x.variable, Variable(mask)))
    }
}
