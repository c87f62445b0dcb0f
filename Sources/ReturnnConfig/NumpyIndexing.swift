/// Indexing of numpy arrays: `a[i]`, `a[-1]`, `a[1:5:2]`, `a[i, j]`, `a[:, 0]`, `a[None]`,
/// boolean masks `a[a > 0]` and integer lists `a[[0, 2]]` along the first axis, and assignment
/// through all of them (`a[a > 5] = 0`). A sub-array is a copy, where numpy gives a view:
/// `a[0][1] = 5` leaves `a` unchanged (write `a[0, 1] = 5`).
///
/// ```python
/// lrs = numpy.linspace(1e-3, 1e-5, 100)
/// warm = lrs[:10]
/// lrs[lrs < 1e-4] = 1e-4
/// ```
extension NumpyArray {
    /// The elements an index selects: their offsets in `storage` and the shape they form.
    struct Selection {
        /// Offsets into `storage`, row-major in the selection's shape.
        var offsets: [Int]
        /// The shape of the selection (empty: one element, read as a scalar).
        var shape: [Int]
    }

    /// `self[index]`: a Python scalar for a single element, else an array (a copy).
    func item(at index: ConfigValue) throws -> ConfigValue {
        let sel = try select(index)
        if sel.shape.isEmpty { return dtype.scalar(storage[sel.offsets[0]]) }
        return NumpyArray(sel.offsets.map { storage[$0] }, shape: sel.shape, dtype: dtype).value
    }

    /// `self[index] = value` (the value broadcast to the selection, cast to the array's dtype).
    func assign(_ value: ConfigValue, at index: ConfigValue) throws {
        let sel = try select(index)
        guard let v = try NumpyOperand.from(value) else {
            throw ConfigError(.type, "cannot assign a '\(value.typeName)' value to elements of a numpy array (numbers or arrays only)")
        }
        let target = try NumpyBroadcast.shape(v.shape, sel.shape)
        guard target == sel.shape else {
            throw ConfigError(.value, "could not broadcast input array from shape \(NumpyBroadcast.describe(v.shape)) into shape \(NumpyBroadcast.describe(sel.shape))")
        }
        let values = NumpyBroadcast.expand(v.values, from: v.shape, to: sel.shape)
        for (o, x) in zip(sel.offsets, values) { storage[o] = dtype.normalize(x) }
    }

    /// The selection of `index`.
    func select(_ index: ConfigValue) throws -> Selection {
        switch index.kind {
        case .int, .none: return try basic([index])
        case .object(_ as ConfigSlice): return try basic([index])
        case .tuple(let items):
            if items.contains(where: { Self.isFancy($0) }) {
                guard items.count == 1 else {
                    throw ConfigError(.unsupported, "indexing a numpy array with arrays or lists inside a tuple (advanced indexing) is not supported in configs; index one axis at a time")
                }
                return try select(items[0])
            }
            return try basic(items)
        case .object(let m as NumpyArray):
            return m.dtype == .bool ? try mask(m) : try take(m)
        case .list:
            let m = try NumpyArray.from(index)
            return m.dtype == .bool ? try mask(m) : try take(m)
        case .bool:
            throw ConfigError(.unsupported, "indexing a numpy array with True/False is not supported in configs")
        default:
            throw ConfigError(.type, "only integers, slices (`:`), None (`numpy.newaxis`) and integer or boolean arrays are valid indices, not '\(index.typeName)'", pythonClass: "IndexError")
        }
    }

    private static func isFancy(_ v: ConfigValue) -> Bool {
        switch v.kind {
        case .list, .object(_ as NumpyArray): return true
        default: return false
        }
    }

    /// Integers, slices and `None` (new axes), one per axis from the first; missing axes whole.
    private func basic(_ items: [ConfigValue]) throws -> Selection {
        let real = items.filter { !$0.isNone }.count
        guard real <= ndim else {
            throw ConfigError(.key, "too many indices for array: array is \(ndim)-dimensional, but \(real) were indexed", pythonClass: "IndexError")
        }
        var perAxis: [[Int]] = []
        var resultShape: [Int] = []
        var axis = 0
        for item in items {
            switch item.kind {
            case .none:
                resultShape.append(1)
            case .int(let i):
                let j = i < 0 ? i + shape[axis] : i
                guard j >= 0 && j < shape[axis] else {
                    throw ConfigError(.key, "index \(i) is out of bounds for axis \(axis) with size \(shape[axis])", pythonClass: "IndexError")
                }
                perAxis.append([j])
                axis += 1
            case .object(let s as ConfigSlice):
                let idx = try s.indices(count: shape[axis])
                perAxis.append(idx)
                resultShape.append(idx.count)
                axis += 1
            default:
                throw ConfigError(.type, "only integers, slices (`:`), None (`numpy.newaxis`) and integer or boolean arrays are valid indices, not '\(item.typeName)'", pythonClass: "IndexError")
            }
        }
        while axis < ndim {
            perAxis.append(Array(0..<shape[axis]))
            resultShape.append(shape[axis])
            axis += 1
        }
        return Selection(offsets: gather(perAxis), shape: resultShape)
    }

    /// The row-major offsets of the cartesian product of per-axis indices.
    private func gather(_ perAxis: [[Int]]) -> [Int] {
        let st = strides
        var offsets = [0]
        for (k, idx) in perAxis.enumerated() {
            offsets = offsets.flatMap { o in idx.map { o + $0 * st[k] } }
        }
        return offsets
    }

    /// A boolean mask over the leading axes: the selected elements (or rows) in order.
    private func mask(_ m: NumpyArray) throws -> Selection {
        guard m.ndim >= 1, m.ndim <= ndim, Array(shape.prefix(m.ndim)) == m.shape else {
            throw ConfigError(.key, "boolean index did not match indexed array: array has shape \(NumpyBroadcast.describe(shape)), index has shape \(NumpyBroadcast.describe(m.shape))", pythonClass: "IndexError")
        }
        let inner = size / max(1, m.size)
        var offsets: [Int] = []
        var count = 0
        for (i, x) in m.storage.enumerated() where x != 0 {
            offsets.append(contentsOf: (i * inner)..<((i + 1) * inner))
            count += 1
        }
        return Selection(offsets: offsets, shape: [count] + shape.dropFirst(m.ndim))
    }

    /// An integer list along the first axis (`a[[0, 2, -1]]`).
    private func take(_ m: NumpyArray) throws -> Selection {
        guard m.dtype.isInteger || m.size == 0 else {
            throw ConfigError(.key, "arrays used as indices must be of integer (or boolean) type, not \(m.dtype.name)", pythonClass: "IndexError")
        }
        guard m.ndim == 1, ndim >= 1 else {
            throw ConfigError(.unsupported, "indexing with a \(m.ndim)-dimensional integer array is not supported in configs; use a 1-D list of indices")
        }
        let n = shape[0]
        let inner = size / max(1, n)
        var offsets: [Int] = []
        for x in m.storage {
            let i = Int(x)
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else {
                throw ConfigError(.key, "index \(i) is out of bounds for axis 0 with size \(n)", pythonClass: "IndexError")
            }
            offsets.append(contentsOf: (j * inner)..<((j + 1) * inner))
        }
        return Selection(offsets: offsets, shape: [m.size] + shape.dropFirst())
    }
}
