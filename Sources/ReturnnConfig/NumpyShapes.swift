/// numpy functions that rearrange elements without computing on them: `reshape`, `transpose`
/// (`.T`), `concatenate`, `stack`, `hstack`, `vstack`, `repeat`, `tile`, `squeeze`,
/// `expand_dims`, `ravel`, `diff`.
///
/// ```python
/// lrs = numpy.concatenate([numpy.linspace(1e-4, 1e-3, 10), numpy.full(20, 1e-3)])
/// ```
enum NumpyShapes {
    /// A numpy module function: positional and keyword arguments to a value.
    typealias Function = ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue

    /// The function names this file provides.
    static let names = ["reshape", "transpose", "concatenate", "stack", "hstack", "vstack", "repeat", "tile", "squeeze",
                        "expand_dims", "ravel", "diff", "shape", "ndim", "size"]

    /// The module function `name`, if it is one of `names`.
    static func function(_ name: String) -> Function? {
        switch name {
        case "reshape":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "shape", "order", "newshape", "copy"], required: 1)
                guard let s = p["shape"] ?? p["newshape"] else { throw ConfigError(.type, "reshape() missing required argument 'shape'") }
                return try reshape(try array(p["a"]!), s).value
            }
        case "transpose":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "axes"], required: 1)
                if p.value("axes") != nil {
                    throw ConfigError(.unsupported, "numpy.transpose(a, axes) with an axis order is not supported in configs; numpy.transpose(a) reverses the axes")
                }
                return transpose(try array(p["a"]!)).value
            }
        case "ravel":
            return { a, kw in
                let x = try array(try BoundArguments(name, a, kw, ["a", "order"], required: 1)["a"]!)
                return x.reshaped([x.size]).value
            }
        case "concatenate":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["arrays", "axis", "out", "dtype", "casting"], required: 1)
                let arrays = try arrayList(p["arrays"]!, name)
                if p["axis"] != nil && p["axis"]!.isNone { return try concatenate(arrays.map { $0.reshaped([$0.size]) }, axis: 0).value }
                return try concatenate(arrays, axis: p.int("axis") ?? 0).value
            }
        case "stack":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["arrays", "axis", "out", "dtype", "casting"], required: 1)
                return try stack(try arrayList(p["arrays"]!, name), axis: p.int("axis") ?? 0).value
            }
        case "hstack", "vstack":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["tup", "dtype", "casting"], required: 1)
                var arrays = try arrayList(p["tup"]!, name)
                if name == "vstack" {
                    arrays = arrays.map { $0.ndim == 0 ? $0.reshaped([1, 1]) : ($0.ndim == 1 ? $0.reshaped([1, $0.size]) : $0) }
                    return try concatenate(arrays, axis: 0).value
                }
                arrays = arrays.map { $0.ndim == 0 ? $0.reshaped([1]) : $0 }
                return try concatenate(arrays, axis: arrays.first?.ndim == 1 ? 0 : 1).value
            }
        case "repeat":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "repeats", "axis"], required: 2)
                return try repeatElements(try array(p["a"]!), p["repeats"]!, axis: try p.int("axis")).value
            }
        case "tile":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["A", "reps"], required: 2)
                return try tile(try array(p["A"]!), p["reps"]!).value
            }
        case "squeeze":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "axis"], required: 1)
                let x = try array(p["a"]!)
                if let axis = try p.int("axis") {
                    let k = try normalizeAxis(axis, x.ndim)
                    guard x.shape[k] == 1 else { throw ConfigError(.value, "cannot select an axis to squeeze out which has size not equal to one") }
                    var s = x.shape
                    s.remove(at: k)
                    return x.reshaped(s).valueOrScalar
                }
                return x.reshaped(x.shape.filter { $0 != 1 }).valueOrScalar
            }
        case "expand_dims":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "axis"], required: 2)
                let x = try array(p["a"]!)
                guard let axis = try p.int("axis") else { throw ConfigError(.type, "expand_dims() needs an int axis") }
                var s = x.shape
                s.insert(1, at: try normalizeAxis(axis, x.ndim + 1))
                return x.reshaped(s).value
            }
        case "diff":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["a", "n", "axis", "prepend", "append"], required: 1)
                var x = try array(p["a"]!)
                let k = try normalizeAxis(try p.int("axis") ?? -1, x.ndim)
                if let pre = p.value("prepend") { x = try concatenate([try edge(pre, like: x, axis: k), x], axis: k) }
                if let app = p.value("append") { x = try concatenate([x, try edge(app, like: x, axis: k)], axis: k) }
                let n = try p.int("n") ?? 1
                guard n >= 0 else { throw ConfigError(.value, "order must be non-negative but got \(n)") }
                for _ in 0..<n { x = try difference(x, axis: k) }
                return x.value
            }
        case "shape":
            return { a, _ in try Args.count(name, a, 1, 1); return ConfigValue(.tuple(try array(a[0]).shape.map { .int($0) })) }
        case "ndim":
            return { a, _ in try Args.count(name, a, 1, 1); return .int(try array(a[0]).ndim) }
        case "size":
            return { a, _ in try Args.count(name, a, 1, 1); return .int(try array(a[0]).size) }
        default:
            return nil
        }
    }

    /// An array argument (anything `numpy.asarray` takes).
    static func array(_ v: ConfigValue) throws -> NumpyArray { try NumpyArray.from(v) }

    private static func arrayList(_ v: ConfigValue, _ function: String) throws -> [NumpyArray] {
        let items = try Operators.iterate(v)
        guard !items.isEmpty else { throw ConfigError(.value, "need at least one array to \(function == "stack" ? "stack" : "concatenate")") }
        return try items.map { try NumpyArray.from($0) }
    }

    /// `axis` in `0..<ndim` (negative counts from the end), or numpy's AxisError.
    static func normalizeAxis(_ axis: Int, _ ndim: Int) throws -> Int {
        let k = axis < 0 ? axis + ndim : axis
        guard k >= 0 && k < ndim else {
            throw ConfigError(.value, "axis \(axis) is out of bounds for array of dimension \(ndim)", pythonClass: "IndexError")
        }
        return k
    }

    /// The shape from a `shape` argument: an int or a sequence of ints.
    static func shapeArgument(_ v: ConfigValue) throws -> [Int] {
        let dims: [Int]
        if let i = v.intValue {
            dims = [i]
        } else {
            dims = try Operators.iterate(v).map { x in
                guard let i = x.intValue else { throw ConfigError(.type, "'\(x.typeName)' object cannot be interpreted as an integer") }
                return i
            }
        }
        if let d = dims.first(where: { $0 < 0 }) { throw ConfigError(.value, "negative dimensions are not allowed (\(d))") }
        try checkSize(dims)
        return dims
    }

    /// A limit on the number of elements of any array a config builds.
    static func checkSize(_ shape: [Int]) throws {
        var n = 1
        for d in shape {
            let (m, overflow) = n.multipliedReportingOverflow(by: Swift.max(d, 1))
            if overflow || m > Operators.maxSequenceLength {
                throw ConfigError(.limit, "a numpy array of shape \(NumpyBroadcast.describe(shape)) is larger than the config limit of \(Operators.maxSequenceLength) elements")
            }
            n = m
        }
    }

    /// `a.reshape(shape)` (one dimension may be -1).
    static func reshape(_ a: NumpyArray, _ shapeValue: ConfigValue) throws -> NumpyArray {
        var dims: [Int] = shapeValue.intValue.map { [$0] } ?? []
        if dims.isEmpty {
            dims = try Operators.iterate(shapeValue).map { x in
                guard let i = x.intValue else { throw ConfigError(.type, "'\(x.typeName)' object cannot be interpreted as an integer") }
                return i
            }
        }
        let unknown = dims.indices.filter { dims[$0] == -1 }
        guard unknown.count <= 1, dims.allSatisfy({ $0 >= -1 }) else { throw ConfigError(.value, "can only specify one unknown dimension") }
        let known = dims.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first, known > 0, a.size % known == 0 { dims[u] = a.size / known }
        guard dims.reduce(1, *) == a.size, !dims.contains(-1) else {
            throw ConfigError(.value, "cannot reshape array of size \(a.size) into shape \(NumpyBroadcast.describe(dims.map { $0 }))")
        }
        return a.reshaped(dims)
    }

    /// `a.T`: the axes reversed.
    static func transpose(_ a: NumpyArray) -> NumpyArray {
        if a.ndim < 2 { return NumpyArray(a.storage, shape: a.shape, dtype: a.dtype) }
        let newShape = Array(a.shape.reversed())
        let st = a.strides
        var offsets = [0]
        for k in (0..<a.ndim).reversed() {
            offsets = offsets.flatMap { o in (0..<a.shape[k]).map { o + $0 * st[k] } }
        }
        return NumpyArray(offsets.map { a.storage[$0] }, shape: newShape, dtype: a.dtype)
    }

    /// The product of the dimensions before `axis`, the length of `axis`, and the product after.
    static func split(_ shape: [Int], _ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// `numpy.concatenate(arrays, axis)`.
    static func concatenate(_ arrays: [NumpyArray], axis: Int) throws -> NumpyArray {
        let first = arrays[0]
        guard first.ndim > 0 else { throw ConfigError(.value, "zero-dimensional arrays cannot be concatenated") }
        let k = try normalizeAxis(axis, first.ndim)
        var dtype = first.dtype
        var total = 0
        for x in arrays {
            guard x.ndim == first.ndim else {
                throw ConfigError(.value, "all the input arrays must have same number of dimensions, but the array at index 0 has \(first.ndim) dimension(s) and an array has \(x.ndim) dimension(s)")
            }
            for d in 0..<first.ndim where d != k && x.shape[d] != first.shape[d] {
                throw ConfigError(.value, "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d) the arrays have sizes \(first.shape[d]) and \(x.shape[d])")
            }
            dtype = NumpyDType.promote(dtype, x.dtype)
            total += x.shape[k]
        }
        var shape = first.shape
        shape[k] = total
        try checkSize(shape)
        let outer = split(first.shape, k).outer
        var out: [Double] = []
        out.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for x in arrays {
                let chunk = x.shape[k] * split(x.shape, k).inner
                out.append(contentsOf: x.storage[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return NumpyArray.rounding(out, shape: shape, dtype: dtype)
    }

    /// `numpy.stack(arrays, axis)`: equal shapes joined along a new axis.
    static func stack(_ arrays: [NumpyArray], axis: Int) throws -> NumpyArray {
        let shape = arrays[0].shape
        guard arrays.allSatisfy({ $0.shape == shape }) else { throw ConfigError(.value, "all input arrays must have the same shape") }
        let k = try normalizeAxis(axis, shape.count + 1)
        var expanded = shape
        expanded.insert(1, at: k)
        return try concatenate(arrays.map { $0.reshaped(expanded) }, axis: k)
    }

    /// `numpy.repeat(a, repeats, axis)`: each element (or slice along `axis`) repeated.
    static func repeatElements(_ a: NumpyArray, _ repeatsValue: ConfigValue, axis: Int?) throws -> NumpyArray {
        let x = axis == nil ? a.reshaped([a.size]) : a
        let k = try normalizeAxis(axis ?? 0, x.ndim)
        let (outer, n, inner) = split(x.shape, k)
        let counts: [Int]
        if let r = repeatsValue.intValue {
            counts = [Int](repeating: r, count: n)
        } else {
            counts = try NumpyArray.from(repeatsValue).storage.map(NumpyDType.wrappingInt)
            guard counts.count == n || counts.count == 1 else {
                throw ConfigError(.value, "operands could not be broadcast together with shape (\(n),) (\(counts.count),)")
            }
        }
        let full = counts.count == 1 ? [Int](repeating: counts[0], count: n) : counts
        guard full.allSatisfy({ $0 >= 0 }) else { throw ConfigError(.value, "repeats may not contain negative values.") }
        var shape = x.shape
        shape[k] = full.reduce(0, +)
        try checkSize(shape)
        var out: [Double] = []
        out.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for i in 0..<n {
                let start = (o * n + i) * inner
                for _ in 0..<full[i] { out.append(contentsOf: x.storage[start..<(start + inner)]) }
            }
        }
        return NumpyArray(out, shape: shape, dtype: a.dtype)
    }

    /// `numpy.tile(A, reps)`.
    static func tile(_ a: NumpyArray, _ repsValue: ConfigValue) throws -> NumpyArray {
        var reps = try shapeArgument(repsValue)
        var shape = a.shape
        while shape.count < reps.count { shape.insert(1, at: 0) }
        while reps.count < shape.count { reps.insert(1, at: 0) }
        let outShape = zip(shape, reps).map { $0 * $1 }
        try checkSize(outShape)
        let src = NumpyArray.strides(shape)
        var offsets = [0]
        for k in 0..<shape.count {
            let idx = (0..<outShape[k]).map { ($0 % shape[k]) * src[k] }
            offsets = offsets.flatMap { o in idx.map { o + $0 } }
        }
        if outShape.contains(0) { offsets = [] }
        return NumpyArray(offsets.map { a.storage[$0] }, shape: outShape, dtype: a.dtype)
    }

    private static func edge(_ v: ConfigValue, like x: NumpyArray, axis k: Int) throws -> NumpyArray {
        let e = try NumpyArray.from(v)
        var s = x.shape
        s[k] = 1
        if e.ndim == 0 { return NumpyArray(NumpyBroadcast.expand(e.storage, from: [], to: s), shape: s, dtype: e.dtype) }
        return e
    }

    /// One step of `numpy.diff` along `axis`.
    private static func difference(_ x: NumpyArray, axis k: Int) throws -> NumpyArray {
        let (outer, n, inner) = split(x.shape, k)
        var shape = x.shape
        shape[k] = Swift.max(0, n - 1)
        var out: [Double] = []
        out.reserveCapacity(shape.reduce(1, *))
        let f = try NumpyArray.kernel(x.dtype == .bool ? .bitXor : .sub, x.dtype == .bool ? .int64 : x.dtype)
        for o in 0..<outer {
            for i in 0..<Swift.max(0, n - 1) {
                for j in 0..<inner {
                    let base = (o * n + i) * inner + j
                    out.append(try f(x.storage[base + inner], x.storage[base]))
                }
            }
        }
        return NumpyArray.rounding(out, shape: shape, dtype: x.dtype)
    }
}
