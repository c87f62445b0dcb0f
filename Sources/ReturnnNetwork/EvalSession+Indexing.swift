import ReturnnConfig

/// Indexing of tensors in `eval` layers (TF's strided slices, `x[...]`): ints and scalar int
/// tensors pick one element of an axis (the axis goes away), slices `a:b:c` (bounds may be scalar
/// tensors) keep a range, `None` inserts a size-1 axis; axes not named are kept whole.
extension EvalSession {
    /// One entry of a subscript.
    enum IndexItem {
        /// `x[i]`.
        case index(Int)
        /// `x[a:b:c]` (each bound None or an int).
        case range(ConfigValue, ConfigValue, ConfigValue)
        /// `x[None]` (`tf.newaxis`).
        case newAxis
    }

    /// `x[index]` where `index` is one item or a tuple of items.
    func index(_ x: TensorValue, _ index: ConfigValue) throws -> TensorValue {
        let items: [ConfigValue]
        if case .tuple(let t) = index.kind { items = t } else { items = [index] }
        return try self.index(x, items: items.map(indexItem))
    }

    private func indexItem(_ v: ConfigValue) throws -> IndexItem {
        if v.isNone { return .newAxis }
        if let i = v.intValue, v.boolValue == nil { return .index(i) }
        if case .object(let o) = v.kind {
            if let t = o as? TensorValue {
                if let i = t.scalarInt, t.rank == 0 { return .index(i) }
                throw ConfigError(.unsupported, "tensor indices must be scalar int tensors, got \(try t.repr()); use tf.gather or tf.boolean_mask for others")
            }
            if o.typeName == "slice", let lo = try o.attribute("start"), let hi = try o.attribute("stop"), let st = try o.attribute("step") {
                return .range(try boundValue(lo), try boundValue(hi), try boundValue(st))
            }
        }
        throw ConfigError(.type, "only integers, scalar int tensors, slices and None are valid tensor indices, got \(v.typeName) \(v.repr)")
    }

    /// A slice bound: None, an int, or a scalar int tensor (as an int).
    private func boundValue(_ v: ConfigValue) throws -> ConfigValue {
        if v.isNone { return v }
        return .int(try int(v, function: "slice", what: "slice bound"))
    }

    /// `x[items...]`.
    func index(_ x: TensorValue, items: [IndexItem]) throws -> TensorValue {
        let named = items.filter { if case .newAxis = $0 { return false } else { return true } }.count
        guard named <= x.rank else {
            throw ConfigError(.key, "too many indices (\(named)) for a tensor of shape \(TensorShapeObject.tupleText(x.shape))", pythonClass: "IndexError")
        }
        var lists: [[Int]] = []
        var outShape: [Int] = []
        var axis = 0
        for item in items {
            switch item {
            case .newAxis:
                outShape.append(1)
            case .index(let i):
                let n = x.shape[axis]
                let k = i < 0 ? i + n : i
                guard k >= 0 && k < n else {
                    throw ConfigError(.key, "index \(i) is out of bounds for axis \(axis) with size \(n) (shape \(TensorShapeObject.tupleText(x.shape)))", pythonClass: "IndexError")
                }
                lists.append([k])
                axis += 1
            case .range(let lo, let hi, let st):
                let picked = try Operators.sliceIndices(lo, hi, st, count: x.shape[axis])
                lists.append(picked)
                outShape.append(picked.count)
                axis += 1
            }
        }
        while axis < x.rank {
            lists.append(Array(0..<x.shape[axis]))
            outShape.append(x.shape[axis])
            axis += 1
        }
        if lists.enumerated().allSatisfy({ $0.element == Array(0..<x.shape[$0.offset]) }) { return x.reshaped(outShape) }
        return take(x, TensorIndexMap.cartesian(x.shape, lists), shape: outShape)
    }
}
