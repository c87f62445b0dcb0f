import Foundation
import ReturnnConfig
import ReturnnTensor

/// RETURNN's TF helpers (`returnn.tf.util.basic`, `TFUtil`) that configs call in `eval` layers:
/// `where_bc`, `get_shape`, `get_shape_dim`, `get_ndim`, `expand_dims_unbroadcast`,
/// `expand_multiple_dims`, `nd_indices`, `safe_log`, `safe_exp`, `dropout`,
/// `flatten_with_seq_len_mask`, `sequence_mask`, `sequence_mask_time_major`, `tile_transposed`.
/// Other names of that module are located errors naming them.
///
/// As upstream, `safe_log` of a softmax output is the log-softmax of its logits (also for a
/// `softmax` layer's output read with `source(i)`), of a sigmoid the log-sigmoid, of an `exp`
/// its argument; otherwise `log(max(x, eps))` with the identity gradient through the clamp.
struct TFUtilModule {
    let session: EvalSession

    /// The implemented helpers, by name.
    static let implemented: [String: TFFunction] = {
        typealias F = TFFunction
        return [
            "where_bc": F(params: ["condition", "x", "y", "allow_broadcast_all_sources", "name"], required: 3) { s, p, n in
                F.wrap(try whereBC(s, p["condition"]!, p["x"]!, p["y"]!, n))
            },
            "get_shape": F(params: ["x"], required: 1) { s, p, n in .list(try F.arg(s, p, "x", n).shape.map { .int($0) }) },
            "get_shape_dim": F(params: ["x", "axis", "name"], required: 2) { s, p, n in
                let x = try F.arg(s, p, "x", n)
                return .int(x.shape[try s.axis(p["axis"]!, rank: x.rank, function: n)])
            },
            "get_ndim": F(params: ["x"], required: 1) { s, p, n in .int(try F.arg(s, p, "x", n).rank) },
            "expand_dims_unbroadcast": F(params: ["x", "axis", "dim", "name"], required: 3) { s, p, n in
                let x = try F.arg(s, p, "x", n)
                let y = try s.expandDims(x, axis: p["axis"]!, function: n)
                let k = try s.axis(p["axis"]!, rank: y.rank, function: n)
                var m = [Int](repeating: 1, count: y.rank)
                m[k] = try s.int(p["dim"]!, function: n, what: "dim")
                return F.wrap(try s.tile(y, .list(m.map { .int($0) }), function: n))
            },
            "expand_multiple_dims": F(params: ["x", "axes", "name"], required: 2) { s, p, n in
                var x = try F.arg(s, p, "x", n)
                let axes = try (p["axes"]!.sequenceItems ?? [p["axes"]!]).map { try s.int($0, function: n, what: "axis") }.sorted()
                for a in axes { x = try s.expandDims(x, axis: .int(a), function: n) }
                return F.wrap(x)
            },
            "nd_indices": F(params: ["indices", "batch_axis", "indices_batch_major"], required: 1) { s, p, n in
                F.wrap(try ndIndices(s, try F.arg(s, p, "indices", n), batchAxis: try p.int("batch_axis") ?? 0,
                                     batchMajor: p.value("indices_batch_major")?.isTruthy, n))
            },
            "safe_log": F(params: ["x", "eps", "use_fake_grad"], required: 1) { s, p, n in
                F.wrap(try safeLog(s, try F.arg(s, p, "x", n), eps: try p.double("eps") ?? 1e-20, fakeGrad: p.bool("use_fake_grad", default: true), n))
            },
            "safe_exp": F(params: ["x", "eps"], required: 1) { s, p, n in
                let x = try F.arg(s, p, "x", n, dtype: .float32)
                let eps = try p.double("eps") ?? 1e-20
                // clip_by_value_with_identity_grad: the clipped values, the gradient of the identity.
                let lo = Float(Foundation.log(eps)), hi = Float(Foundation.log(1 / eps))
                let v = x.variable
                let delta = Tensor(shape: v.shape, v.value.array.map { Swift.min(Swift.max($0, lo), hi) - $0 })
                return F.wrap(s.float(s.tape.exp(s.tape.add(v, Variable(delta)))))
            },
            "dropout": F(params: ["x", "keep_prob", "noise_shape", "seed", "name", "cond_on_train", "apply_correction_factor", "grad_checkpointing"],
                         required: 2) { s, p, n in
                let x = try F.arg(s, p, "x", n)
                if p.bool("cond_on_train", default: false) && !s.isTraining { return F.wrap(x) }
                let keep = try s.tensor(p["keep_prob"]!, dtype: .float32, function: n).doubles.first ?? 1
                let noise = try p.value("noise_shape").map { v -> [Int] in
                    guard let items = v.sequenceItems, items.count == x.rank else { return try s.shapeArgument(v, function: n) }
                    return try items.enumerated().map { i, d in d.isNone ? x.shape[i] : try s.int(d, function: n, what: "noise_shape entry") }
                }
                return F.wrap(try s.dropout(x, keep: keep, noiseShape: noise, scale: p.bool("apply_correction_factor", default: true), function: n))
            },
            "flatten_with_seq_len_mask": F(params: ["x", "seq_lens", "batch_dim_axis", "time_dim_axis", "time_major"], required: 2) { s, p, n in
                F.wrap(try flattenWithSeqLenMask(s, p, n))
            },
            "sequence_mask": F(params: ["lengths", "name", "maxlen", "dtype"], required: 1) { s, p, n in
                let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) } ?? .bool
                return F.wrap(try s.sequenceMask(p["lengths"]!, maxlen: p.value("maxlen"), dtype: dt, function: n))
            },
            "sequence_mask_time_major": F(params: ["lengths", "maxlen", "dtype"], required: 1) { s, p, n in
                let dt = try p.value("dtype").flatMap { try TFDType.parse($0, function: n) } ?? .bool
                return F.wrap(s.permute(try s.sequenceMask(p["lengths"]!, maxlen: p.value("maxlen"), dtype: dt, function: n), [1, 0]))
            },
            "tile_transposed": F(params: ["x", "axis", "multiples"], required: 3) { s, p, n in
                let x = try F.arg(s, p, "x", n)
                let a = try s.axis(p["axis"]!, rank: x.rank, function: n)
                let m = try s.int(p["multiples"]!, function: n, what: "multiples")
                var lists = x.shape.map { Array(0..<$0) }
                lists[a] = lists[a].flatMap { [Int](repeating: $0, count: m) }
                var shape = x.shape
                shape[a] *= m
                return F.wrap(s.take(x, TensorIndexMap.cartesian(x.shape, lists), shape: shape))
            },
        ]
    }()

    /// The value of `module.<path>`: an implemented helper, or a located error naming it.
    func resolve(_ path: [String], module: String) throws -> ConfigValue {
        let name = path.joined(separator: ".")
        if let f = TFUtilModule.implemented[name] { return f.value(module + "." + name, session) }
        var msg = "\(module).\(name) is not supported in eval layers; \(TFModule.docHint)"
        if let s = EditDistance.closest(to: name, in: Array(TFUtilModule.implemented.keys)) { msg += "; did you mean '\(s)'?" }
        throw ConfigError(.unsupported, msg)
    }

    /// The helpers as eval-string names (upstream puts `vars(tf_util)` there): the implemented
    /// ones, and for each other upstream name that `expression` mentions a function that refuses
    /// with the name.
    func evalLocals(for expression: String) -> [(String, ConfigValue)] {
        var out = TFUtilModule.implemented.keys.sorted().map { ($0, TFUtilModule.implemented[$0]!.value("returnn.tf.util.basic." + $0, session)) }
        var seen = Set(TFUtilModule.implemented.keys)
        for word in EvalLayer.identifiers(in: expression) where TFUtilNames.all.contains(word) && !seen.contains(word) && word != "tf" {
            seen.insert(word)
            out.append((word, ConfigValue(.function(ConfigFunction(name: word) { _, _ in
                throw ConfigError(.unsupported, "returnn.tf.util.basic.\(word) is not supported in eval layers; \(TFModule.docHint)")
            }))))
        }
        return out
    }

    /// `where_bc(condition, x, y)`: operands of lower rank get trailing size-1 axes, then
    /// broadcasting `tf.where`.
    static func whereBC(_ s: EvalSession, _ c: ConfigValue, _ x: ConfigValue, _ y: ConfigValue, _ n: String) throws -> TensorValue {
        let cond = try s.tensor(c, function: n)
        let (a, b) = try s.operands(x, y, function: n)
        let r = Swift.max(cond.rank, a.rank, b.rank)
        func pad(_ t: TensorValue) -> ConfigValue { TFFunction.wrap(t.reshaped(t.shape + [Int](repeating: 1, count: r - t.rank))) }
        return try s.select(pad(cond), pad(a), pad(b), function: n)
    }

    /// `nd_indices(indices, batch_axis=0)`: `indices` with the batch index stacked in front
    /// (or behind, `indices_batch_major=False`) on a new last axis, for `tf.gather_nd`.
    static func ndIndices(_ s: EvalSession, _ indices: TensorValue, batchAxis: Int, batchMajor: Bool?, _ n: String) throws -> TensorValue {
        guard indices.dtype.isInt, indices.rank >= 1, batchAxis >= 0, batchAxis < indices.rank else {
            throw ConfigError(.value, "\(n): indices must be an int tensor with a batch axis \(batchAxis), got \(try indices.repr())")
        }
        let strides = ShapeUtil.strides(indices.shape)
        let batch = (0..<indices.count).map { ($0 / strides[batchAxis]) % indices.shape[batchAxis] }
        let b = s.ints(batch, shape: indices.shape, dtype: indices.dtype)
        let major = batchMajor ?? (batchAxis == 0)
        return try s.stack(major ? [b, indices] : [indices, b], axis: -1, function: n)
    }

    /// `safe_log(x, eps=1e-20, use_fake_grad=True)`.
    static func safeLog(_ s: EvalSession, _ x: TensorValue, eps: Double, fakeGrad: Bool, _ n: String) throws -> TensorValue {
        guard x.dtype == .float32 else { throw ConfigError(.type, "\(n) needs a float tensor, got \(x.dtype.rawValue)") }
        switch x.origin {
        case .softmax(let logits)?: return s.float(s.tape.logSoftmax(logits))
        case .sigmoid(let v)?: return s.float(s.tape.neg(s.tape.softplus(s.tape.neg(v))))
        case .exp(let v)?: return s.float(v)
        case nil: return s.float(s.tape.safeLog(x.variable, eps: Float(eps), identityGradient: fakeGrad))
        }
    }

    /// `flatten_with_seq_len_mask(x, seq_lens, batch_dim_axis, time_dim_axis, time_major)`: the
    /// frames within the sequence lengths, `[sum(seq_lens), ...]`, batch by batch.
    static func flattenWithSeqLenMask(_ s: EvalSession, _ p: BoundArguments, _ n: String) throws -> TensorValue {
        var x = try TFFunction.arg(s, p, "x", n)
        let lens = try TFFunction.arg(s, p, "seq_lens", n)
        var b = try p.int("batch_dim_axis"), t = try p.int("time_dim_axis")
        if let tm = p.value("time_major") { (b, t) = tm.isTruthy ? (1, 0) : (0, 1) }
        guard let bAxis = b, let tAxis = t, bAxis != tAxis, lens.dtype.isInt, lens.rank == 1 else {
            throw ConfigError(.value, "\(n): give batch_dim_axis and time_dim_axis (or time_major), and seq_lens of shape (batch,)")
        }
        let rest = (0..<x.rank).filter { $0 != bAxis && $0 != tAxis }
        x = s.permute(x, [bAxis, tAxis] + rest)
        let nb = x.shape[0], nt = x.shape[1], inner = x.shape[2...].reduce(1, *)
        guard lens.shape == [nb] else { throw ConfigError(.value, "\(n): seq_lens has shape \(lens.shape), the batch dim is \(nb)") }
        var idx: [Int] = []
        for (bi, l) in lens.ints.enumerated() {
            guard l <= nt else { throw ConfigError(.value, "\(n): sequence length \(l) exceeds the time dim \(nt)") }
            for ti in 0..<Swift.max(l, 0) { for q in 0..<inner { idx.append((bi * nt + ti) * inner + q) } }
        }
        return s.take(x, idx, shape: [idx.count / Swift.max(inner, 1)] + Array(x.shape[2...]))
    }
}
