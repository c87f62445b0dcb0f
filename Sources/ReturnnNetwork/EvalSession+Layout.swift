import ReturnnConfig
import ReturnnTensor

/// Shape and layout TF ops of `eval` layers: `tf.shape`/`size`/`rank`, `reshape`, `transpose`,
/// `expand_dims`, `squeeze`, `tile`, `concat`, `stack`, `unstack`, `reverse`, `pad`, `gather`,
/// `gather_nd`. Float results stay differentiable (tape reshapes, transposes, concats and
/// gathers); every op works for int and bool tensors too.
extension EvalSession {
    /// `tf.shape(x, out_type=tf.int32)`.
    func shapeOf(_ x: TensorValue, outType: TFDType) throws -> TensorValue {
        guard outType.isInt else { throw ConfigError(.type, "tf.shape: out_type must be tf.int32 or tf.int64") }
        return ints(x.shape, shape: [x.rank], dtype: outType)
    }

    /// `tf.reshape(x, shape)`: one entry may be -1 (inferred).
    func reshape(_ x: TensorValue, _ shapeValue: ConfigValue, function: String) throws -> TensorValue {
        var dims: [Int]
        if case .object(let t as TensorValue) = shapeValue.kind, t.dtype.isInt { dims = t.ints } else {
            dims = try (shapeValue.sequenceItems ?? [shapeValue]).map { try int($0, function: function, what: "shape entry") }
        }
        let unknown = dims.indices.filter { dims[$0] == -1 }
        let known = dims.filter { $0 != -1 }.reduce(1, *)
        guard unknown.count <= 1, dims.allSatisfy({ $0 >= -1 }) else {
            throw ConfigError(.value, "\(function): invalid shape \(dims); at most one -1", pythonClass: "ValueError")
        }
        if let u = unknown.first {
            guard known > 0, x.count % known == 0 else {
                throw ConfigError(.value, "\(function): cannot reshape a tensor of \(x.count) elements (shape \(x.shape)) to \(dims)", pythonClass: "ValueError")
            }
            dims[u] = x.count / known
        }
        guard dims.reduce(1, *) == x.count else {
            throw ConfigError(.value, "\(function): cannot reshape a tensor of \(x.count) elements (shape \(x.shape)) to \(dims)", pythonClass: "ValueError")
        }
        return x.reshaped(dims)
    }

    /// `tf.transpose(x, perm=None)` (default: reversed axes).
    func transpose(_ x: TensorValue, perm permValue: ConfigValue?, function: String) throws -> TensorValue {
        let perm: [Int]
        if let permValue, !permValue.isNone {
            var items = permValue.sequenceItems ?? []
            if case .object(let t as TensorValue) = permValue.kind, t.dtype.isInt { items = t.ints.map { .int($0) } }
            perm = try items.map { try axis($0, rank: x.rank, function: function) }
            guard perm.count == x.rank, Set(perm).count == perm.count else {
                throw ConfigError(.value, "\(function): perm \(permValue.repr) is no permutation of the \(x.rank) axes", pythonClass: "ValueError")
            }
        } else {
            perm = Array((0..<x.rank).reversed())
        }
        return permute(x, perm)
    }

    /// `x` with axes permuted (`out[k] = x.shape[perm[k]]`).
    func permute(_ x: TensorValue, _ perm: [Int]) -> TensorValue {
        if perm == Array(0..<x.rank) { return x }
        let shape = perm.map { x.shape[$0] }
        if case .float(let v) = x.payload { return float(tape.transpose(v, perm)) }
        return take(x, TensorIndexMap.transpose(x.shape, perm), shape: shape)
    }

    /// `tf.expand_dims(x, axis)`: a new size-1 axis at `axis` (−rank−1 ... rank).
    func expandDims(_ x: TensorValue, axis a: ConfigValue, function: String) throws -> TensorValue {
        let k = try axis(a, rank: x.rank + 1, function: function)
        var s = x.shape
        s.insert(1, at: k)
        return x.reshaped(s)
    }

    /// `tf.squeeze(x, axis=None)`: removes the given size-1 axes (all when None).
    func squeeze(_ x: TensorValue, axis a: ConfigValue?, function: String) throws -> TensorValue {
        let axes = try axes(a, rank: x.rank, function: function) ?? x.shape.indices.filter { x.shape[$0] == 1 }
        for k in axes where x.shape[k] != 1 {
            throw ConfigError(.value, "\(function): cannot squeeze axis \(k) of size \(x.shape[k]) (shape \(TensorShapeObject.tupleText(x.shape)))", pythonClass: "ValueError")
        }
        return x.reshaped(x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    /// `tf.tile(x, multiples)`.
    func tile(_ x: TensorValue, _ multiplesValue: ConfigValue, function: String) throws -> TensorValue {
        let m = try shapeArgument(multiplesValue, function: function)
        guard m.count == x.rank else {
            throw ConfigError(.value, "\(function): multiples \(m) must have one entry per axis of the tensor of shape \(TensorShapeObject.tupleText(x.shape))", pythonClass: "ValueError")
        }
        if m.allSatisfy({ $0 == 1 }) { return x }
        let lists = zip(x.shape, m).map { n, r in (0..<r).flatMap { _ in Array(0..<n) } }
        return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: zip(x.shape, m).map(*))
    }

    /// `tf.concat(values, axis)`.
    func concat(_ values: [TensorValue], axis a: ConfigValue, function: String) throws -> TensorValue {
        guard let first = values.first else { throw ConfigError(.value, "\(function): needs at least one tensor") }
        let k = try axis(a, rank: first.rank, function: function)
        for v in values {
            guard v.dtype == first.dtype else { throw ConfigError(.type, "\(function): tensors have different dtypes \(first.dtype.rawValue) and \(v.dtype.rawValue)") }
            guard v.rank == first.rank, v.shape.indices.allSatisfy({ $0 == k || v.shape[$0] == first.shape[$0] }) else {
                throw ConfigError(.value, "\(function): shapes \(values.map { TensorShapeObject.tupleText($0.shape) }.joined(separator: ", ")) differ outside axis \(k)", pythonClass: "ValueError")
            }
        }
        if values.count == 1 { return first }
        var shape = first.shape
        shape[k] = values.reduce(0) { $0 + $1.shape[k] }
        if first.dtype == .float32 { return float(tape.concat(values.map(\.variable), axis: k)) }
        // Ints and bools: interleave blocks of the inputs.
        let outer = first.shape[..<k].reduce(1, *)
        let doubles = values.map(\.doubles)
        var out: [Double] = []
        out.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for (v, d) in zip(values, doubles) {
                let block = v.shape[k...].reduce(1, *)
                out += d[(o * block)..<(o * block + block)]
            }
        }
        return fromDoubles(out, shape: shape, dtype: first.dtype)
    }

    /// `tf.stack(values, axis=0)`.
    func stack(_ values: [TensorValue], axis a: Int, function: String) throws -> TensorValue {
        guard let first = values.first else { throw ConfigError(.value, "\(function): needs at least one tensor") }
        for v in values where v.shape != first.shape {
            throw ConfigError(.value, "\(function): shapes \(values.map { TensorShapeObject.tupleText($0.shape) }.joined(separator: ", ")) differ; stacked tensors need one shape", pythonClass: "ValueError")
        }
        let k = try axis(.int(a), rank: first.rank + 1, function: function)
        let expanded = try values.map { try expandDims($0, axis: .int(k), function: function) }
        return try concat(expanded, axis: .int(k), function: function)
    }

    /// `tf.unstack(x, num=None, axis=0)`.
    func unstack(_ x: TensorValue, axis a: Int, function: String) throws -> [TensorValue] {
        let k = try axis(.int(a), rank: x.rank, function: function)
        var shape = x.shape
        shape.remove(at: k)
        return (0..<x.shape[k]).map { i in
            let lists = x.shape.indices.map { $0 == k ? [i] : Array(0..<x.shape[$0]) }
            return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: shape)
        }
    }

    /// `tf.reverse(x, axis)`.
    func reverse(_ x: TensorValue, axis a: ConfigValue, function: String) throws -> TensorValue {
        let axes = try axes(a, rank: x.rank, function: function) ?? []
        let lists = x.shape.indices.map { k in axes.contains(k) ? Array((0..<x.shape[k]).reversed()) : Array(0..<x.shape[k]) }
        return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: x.shape)
    }

    /// `tf.pad(x, paddings, mode="CONSTANT", constant_values=0)` (constant mode only).
    func pad(_ x: TensorValue, _ paddingsValue: ConfigValue, mode: String, value: Double, function: String) throws -> TensorValue {
        guard mode.uppercased() == "CONSTANT" else {
            throw ConfigError(.unsupported, "\(function): mode '\(mode)' is not supported in eval layers; only CONSTANT padding is")
        }
        let p = try tensor(paddingsValue, dtype: .int32, function: function)
        guard p.shape == [x.rank, 2] else {
            throw ConfigError(.value, "\(function): paddings must have shape [\(x.rank), 2], got \(p.shape)", pythonClass: "ValueError")
        }
        let pads = p.ints
        guard pads.allSatisfy({ $0 >= 0 }) else { throw ConfigError(.value, "\(function): paddings must be non-negative, got \(pads)") }
        let lists = x.shape.indices.map { k in
            [Int](repeating: -1, count: pads[2 * k]) + Array(0..<x.shape[k]) + [Int](repeating: -1, count: pads[2 * k + 1])
        }
        return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: lists.map(\.count), fill: value)
    }

    /// `tf.gather(params, indices, axis=0, batch_dims=0)`.
    func gather(_ params: TensorValue, _ indicesValue: ConfigValue, axis a: ConfigValue?, batchDims bd: Int, function: String) throws -> TensorValue {
        let indices = try tensor(indicesValue, function: function)
        guard indices.dtype.isInt else { throw ConfigError(.type, "\(function): indices must be an int tensor, got \(indices.dtype.rawValue)") }
        let k = try axis(a ?? .int(bd), rank: params.rank, function: function)
        let b = bd < 0 ? bd + indices.rank : bd
        guard b >= 0, b <= k, b <= indices.rank, params.shape.prefix(b) == indices.shape.prefix(b) else {
            throw ConfigError(.value, "\(function): batch_dims=\(bd) does not fit params \(params.shape), indices \(indices.shape) and axis \(k)", pythonClass: "ValueError")
        }
        let pre = Array(params.shape[b..<k]), post = Array(params.shape[(k + 1)...])
        let idxInner = Array(indices.shape[b...])
        let batchShape = Array(params.shape[..<b])
        let outShape = batchShape + pre + idxInner + post
        let n = params.shape[k], iv = indices.ints
        let nb = batchShape.reduce(1, *), npre = pre.reduce(1, *), ni = idxInner.reduce(1, *), npost = post.reduce(1, *)
        var out: [Int] = []
        out.reserveCapacity(outShape.reduce(1, *))
        for bi in 0..<nb {
            for pi in 0..<npre {
                for ii in 0..<ni {
                    let j = iv[bi * ni + ii]
                    guard j >= 0 && j < n else {
                        throw ConfigError(.value, "\(function): index \(j) is out of range [0, \(n)) along axis \(k)", pythonClass: "IndexError")
                    }
                    let base = (bi * npre + pi) * n * npost + j * npost
                    for q in 0..<npost { out.append(base + q) }
                }
            }
        }
        return take(params, out, shape: outShape)
    }

    /// `tf.gather_nd(params, indices)`: `indices` `[..., m]` picks `params[i_1, ..., i_m]`.
    func gatherND(_ params: TensorValue, _ indicesValue: ConfigValue, function: String) throws -> TensorValue {
        let indices = try tensor(indicesValue, function: function)
        guard indices.dtype.isInt, indices.rank >= 1 else { throw ConfigError(.type, "\(function): indices must be an int tensor of rank >= 1") }
        let m = indices.shape[indices.rank - 1]
        guard m <= params.rank else { throw ConfigError(.value, "\(function): index depth \(m) exceeds the rank \(params.rank) of params", pythonClass: "ValueError") }
        let inner = Array(params.shape[m...]), ni = inner.reduce(1, *)
        let lead = Array(indices.shape.dropLast()), nl = lead.reduce(1, *)
        let iv = indices.ints
        var out: [Int] = []
        out.reserveCapacity(nl * ni)
        for r in 0..<nl {
            var base = 0
            for d in 0..<m {
                let j = iv[r * m + d]
                guard j >= 0 && j < params.shape[d] else {
                    throw ConfigError(.value, "\(function): index \(Array(iv[(r * m)..<(r * m + m)])) is out of range for params of shape \(params.shape)", pythonClass: "IndexError")
                }
                base = base * params.shape[d] + j
            }
            for q in 0..<ni { out.append(base * ni + q) }
        }
        return take(params, out, shape: lead + inner)
    }
}
