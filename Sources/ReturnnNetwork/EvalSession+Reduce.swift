import ReturnnConfig
import ReturnnTensor

/// Reductions and ops over one axis in `eval` layers: `tf.reduce_*`, `tf.argmax`/`argmin`,
/// `tf.nn.top_k`, `tf.nn.softmax`/`log_softmax`, `tf.math.l2_normalize`.
extension EvalSession {
    /// `tf.reduce_*` kinds.
    enum Reduction: String, CaseIterable {
        case sum, mean, max, min, prod, any, all, logsumexp
    }

    /// `tf.reduce_<kind>(x, axis=None, keepdims=False)`: over all axes when `axis` is None.
    func reduce(_ kind: Reduction, _ xv: ConfigValue, axis: ConfigValue?, keepdims: Bool, function: String) throws -> TensorValue {
        let x = try tensor(xv, function: function)
        let axes = try axes(axis, rank: x.rank, function: function) ?? Array(0..<x.rank)
        var outShape = x.shape
        for a in axes.reversed() { if keepdims { outShape[a] = 1 } else { outShape.remove(at: a) } }
        let n = axes.reduce(1) { $0 * x.shape[$1] }
        switch x.dtype {
        case .bool:
            guard kind == .any || kind == .all else {
                throw ConfigError(.type, "\(function) is not defined for bool tensors; use tf.reduce_any/tf.reduce_all or tf.cast")
            }
            let groups = reductionGroups(x.shape, axes)
            let b = x.bools
            return bools(groups.map { g in kind == .any ? g.contains { b[$0] } : g.allSatisfy { b[$0] } }, shape: outShape)
        case .int32, .int64:
            guard kind != .any && kind != .all && kind != .logsumexp else { throw ConfigError(.type, "\(function) needs \(kind == .logsumexp ? "a float" : "a bool") tensor, got \(x.dtype.rawValue)") }
            let groups = reductionGroups(x.shape, axes)
            let a = x.ints
            return ints(groups.map { g -> Int in
                let vals = g.map { a[$0] }
                switch kind {
                case .sum: return vals.reduce(0, &+)
                case .prod: return vals.reduce(1, &*)
                case .mean: return vals.isEmpty ? 0 : vals.reduce(0, &+) / vals.count
                case .max: return vals.max() ?? (x.dtype == .int32 ? Int(Int32.min) : Int.min)
                case .min: return vals.min() ?? (x.dtype == .int32 ? Int(Int32.max) : Int.max)
                default: return 0
                }
            }, shape: outShape, dtype: x.dtype)
        case .float32:
            let v = x.variable
            if axes.isEmpty { return x }
            func reshaped(_ r: Variable) -> TensorValue { float(keepdims ? r : tape.reshape(r, outShape)) }
            if n == 0 && (kind == .max || kind == .min) {
                return float(Tensor(shape: outShape, repeating: kind == .max ? -.infinity : .infinity))
            }
            switch kind {
            case .sum: return reshaped(tape.reduce(v, .sum, axes: axes, keepDims: true))
            case .mean: return reshaped(tape.reduce(v, .mean, axes: axes, keepDims: true))
            case .max: return reshaped(tape.reduce(v, .max, axes: axes, keepDims: true))
            case .min: return reshaped(tape.neg(tape.reduce(tape.neg(v), .max, axes: axes, keepDims: true)))
            case .prod: return reshaped(product(v, axes: axes))
            case .logsumexp:
                // m + log(sum(exp(x - m))) with a constant m (the max, 0 where not finite).
                let m = tape.reduce(Variable(v.value), .max, axes: axes, keepDims: true).value
                let mc = Tensor(shape: m.shape, m.array.map { $0.isFinite ? $0 : 0 })
                let s = tape.reduce(tape.exp(tape.sub(v, Variable(mc))), .sum, axes: axes, keepDims: true)
                return reshaped(tape.add(tape.log(s), Variable(mc)))
            case .any, .all:
                throw ConfigError(.type, "\(function) needs a bool tensor, got float32")
            }
        }
    }

    /// For each output element of a reduction over `axes`, the flat indices it reduces.
    private func reductionGroups(_ shape: [Int], _ axes: [Int]) -> [[Int]] {
        let kept = shape.indices.filter { !axes.contains($0) }
        let perm = kept + axes
        let order = TensorIndexMap.transpose(shape, perm)
        let n = axes.reduce(1) { $0 * shape[$1] }
        let outer = kept.reduce(1) { $0 * shape[$1] }
        return (0..<outer).map { o in Array(order[(o * n)..<(o * n + n)]) }
    }

    /// Product over `axes` (kept as size 1), as a chain of multiplications of slices (TF's
    /// gradient, also where elements are zero).
    private func product(_ v: Variable, axes: [Int]) -> Variable {
        var y = v
        for a in axes {
            let n = y.shape[a]
            guard n > 0 else {
                var s = y.shape
                s[a] = 1
                return Variable(Tensor(shape: s, repeating: 1))
            }
            var acc = tape.slice(y, axis: a, 0..<1)
            for i in 1..<n { acc = tape.mul(acc, tape.slice(y, axis: a, i..<(i + 1))) }
            y = acc
        }
        return y
    }

    /// `tf.argmax`/`tf.argmin(x, axis=0, output_type=tf.int64)`: the first extreme index.
    func argExtreme(_ xv: ConfigValue, axis: ConfigValue?, outputType: TFDType, max: Bool, function: String) throws -> TensorValue {
        let x = try tensor(xv, function: function)
        guard x.dtype != .bool else { throw ConfigError(.type, "\(function) is not defined for bool tensors") }
        guard outputType.isInt else { throw ConfigError(.type, "\(function): output_type must be tf.int32 or tf.int64") }
        let a = try self.axis(axis ?? .int(0), rank: x.rank, function: function)
        guard x.shape[a] > 0 else { throw ConfigError(.value, "\(function): reduction axis \(a) is empty") }
        let groups = reductionGroups(x.shape, [a])
        let d = x.doubles
        var outShape = x.shape
        outShape.remove(at: a)
        return ints(groups.map { g in
            var best = 0
            for (j, i) in g.enumerated() where max ? d[i] > d[g[best]] : d[i] < d[g[best]] { best = j }
            return best
        }, shape: outShape, dtype: outputType)
    }

    /// `tf.nn.top_k(x, k=1, sorted=True)` over the last axis: `(values, indices)`, largest first,
    /// ties to the lower index (TF's order); the values are differentiable.
    func topK(_ x: TensorValue, k: Int, function: String) throws -> (TensorValue, TensorValue) {
        guard x.rank >= 1, x.dtype != .bool else { throw ConfigError(.value, "\(function) needs a numeric tensor of rank >= 1, got \(try x.repr())") }
        let n = x.shape[x.rank - 1]
        guard k >= 0 && k <= n else {
            throw ConfigError(.value, "\(function): input must have at least k=\(k) columns, got shape \(TensorShapeObject.tupleText(x.shape))", pythonClass: "ValueError")
        }
        let rows = x.count / Swift.max(n, 1)
        let d = x.doubles
        var flat: [Int] = [], idx: [Int] = []
        flat.reserveCapacity(rows * k)
        for r in 0..<rows {
            // NaN sorts as the largest value, so that the order is total.
            let row = (0..<n).map { d[r * n + $0].isNaN ? Double.infinity : d[r * n + $0] }
            let order = (0..<n).sorted { i, j in row[i] > row[j] || (row[i] == row[j] && i < j) }
            for j in order.prefix(k) {
                flat.append(r * n + j)
                idx.append(j)
            }
        }
        let shape = Array(x.shape.dropLast()) + [k]
        return (take(x, flat, shape: shape), ints(idx, shape: shape, dtype: .int32))
    }

    /// `tf.nn.softmax` / `tf.nn.log_softmax` over `axis` (default last).
    func softmax(_ xv: ConfigValue, axis: ConfigValue?, log: Bool, function: String) throws -> TensorValue {
        let x = try tensor(xv, function: function)
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue)") }
        guard x.rank >= 1 else { throw ConfigError(.value, "\(function) needs a tensor of rank >= 1") }
        let a = try self.axis(axis ?? .int(-1), rank: x.rank, function: function)
        let last = x.rank - 1
        var perm = Array(0..<x.rank)
        perm.swapAt(a, last)
        let v = a == last ? x.variable : tape.transpose(x.variable, perm)
        var y = log ? tape.logSoftmax(v) : tape.softmax(v)
        if a != last { y = tape.transpose(y, perm) }
        return float(y, origin: log || a != last ? nil : .softmax(v))
    }

    /// `tf.math.l2_normalize(x, axis=None, epsilon=1e-12)`: `x / sqrt(max(sum(x²), eps))`.
    func l2Normalize(_ xv: ConfigValue, axis: ConfigValue?, epsilon: Double, function: String) throws -> TensorValue {
        let x = try tensor(xv, function: function)
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(function) needs a float tensor, got \(x.dtype.rawValue)") }
        let axes = try axes(axis, rank: x.rank, function: function) ?? Array(0..<x.rank)
        let v = x.variable
        let s = tape.reduce(tape.square(v), .sum, axes: axes, keepDims: true)
        let n = tape.sqrt(tape.maximum(s, Variable(Tensor(scalar: Float(epsilon)))))
        return float(tape.div(v, n))
    }
}
