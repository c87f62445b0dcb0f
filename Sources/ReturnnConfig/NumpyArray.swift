import Foundation

/// A numpy array in the config sandbox (`numpy.ndarray`): n-dimensional, row-major, the values in
/// a `[Double]` with a dtype (`NumpyDType`) that rounds them (float32 through Float, integers
/// truncated). Arithmetic broadcasts as numpy does and works on the whole Swift array at once,
/// so a 10,000-epoch learning-rate schedule costs microseconds.
///
/// Elements read out of an array (indexing, iteration, `tolist()`, reductions) are Python
/// floats, ints and bools, where numpy gives numpy scalars (`0.5`, not `np.float64(0.5)`).
/// The engine reads an array wherever it expects a list (`isSequence`).
///
/// ```python
/// import numpy as np
/// learning_rates = np.linspace(1e-4, 1e-3, num=10)       # a list for the engine
/// lrs = np.concatenate([np.full(5, 1e-3), 1e-3 * 0.9 ** np.arange(20)])
/// ```
final class NumpyArray: PyObject {
    /// The elements in row-major order, each already rounded to `dtype`.
    var storage: [Double]
    /// The dimensions (`a.shape`); empty for a 0-d array.
    let shape: [Int]
    /// The element type.
    let dtype: NumpyDType

    /// An array of `storage` (already rounded to `dtype`) with `shape`.
    init(_ storage: [Double], shape: [Int], dtype: NumpyDType) {
        precondition(storage.count == shape.reduce(1, *), "numpy array storage does not match its shape")
        self.storage = storage
        self.shape = shape
        self.dtype = dtype
    }

    /// An array whose values are first rounded to `dtype`.
    static func rounding(_ values: [Double], shape: [Int], dtype: NumpyDType) -> NumpyArray {
        NumpyArray(dtype == .float64 ? values : values.map(dtype.normalize), shape: shape, dtype: dtype)
    }

    /// A 1-D array.
    static func vector(_ values: [Double], dtype: NumpyDType = .float64) -> NumpyArray {
        rounding(values, shape: [values.count], dtype: dtype)
    }

    /// Number of elements (`a.size`).
    var size: Int { storage.count }
    /// Number of dimensions (`a.ndim`).
    var ndim: Int { shape.count }

    /// The array as a config value.
    var value: ConfigValue { ConfigValue(.object(self)) }

    /// The array, or for a 0-d result the Python scalar numpy's scalar stands for.
    var valueOrScalar: ConfigValue { shape.isEmpty ? dtype.scalar(storage[0]) : value }

    /// Elements per step of each axis (row-major strides in elements).
    var strides: [Int] { NumpyArray.strides(shape) }

    /// Row-major strides in elements of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for k in shape.indices.reversed() {
            s[k] = acc
            acc *= shape[k]
        }
        return s
    }

    /// The same values with another dtype (`astype`).
    func cast(_ to: NumpyDType) -> NumpyArray {
        if to == dtype || (to == .float64 && dtype != .float64) { return NumpyArray(storage, shape: shape, dtype: to) }
        return NumpyArray.rounding(storage, shape: shape, dtype: to)
    }

    /// The same values with another shape of the same size.
    func reshaped(_ newShape: [Int]) -> NumpyArray { NumpyArray(storage, shape: newShape, dtype: dtype) }

    /// The sub-array `self[i]` of an array with at least one dimension (`i` already normalised).
    func row(_ i: Int) -> NumpyArray {
        let inner = size / shape[0]
        return NumpyArray(Array(storage[(i * inner)..<((i + 1) * inner)]), shape: Array(shape.dropFirst()), dtype: dtype)
    }

    /// `a.tolist()`: nested lists of Python scalars.
    func toList() -> ConfigValue {
        if shape.isEmpty { return dtype.scalar(storage[0]) }
        func build(_ axis: Int, _ offset: Int, _ strides: [Int]) -> ConfigValue {
            if axis == shape.count - 1 {
                return .list((0..<shape[axis]).map { dtype.scalar(storage[offset + $0]) })
            }
            return .list((0..<shape[axis]).map { build(axis + 1, offset + $0 * strides[axis], strides) })
        }
        return build(0, 0, strides)
    }

    // MARK: conversion from config values

    /// `numpy.array(v, dtype)`: an array from an array, a number, or nested lists/tuples of
    /// numbers (rectangular); the dtype is inferred as numpy does (bools, then ints, then
    /// floats) unless given.
    static func from(_ v: ConfigValue, dtype: NumpyDType? = nil) throws -> NumpyArray {
        if case .object(let a as NumpyArray) = v.kind { return dtype.map { a.cast($0) } ?? a }
        var shape: [Int] = []
        var probe = v
        while true {
            if case .object(let a as NumpyArray) = probe.kind { shape += a.shape; break }
            guard let items = try sequenceItems(probe) else { break }
            shape.append(items.count)
            if shape.count > 32 { throw ConfigError(.limit, "numpy array with more than 32 dimensions") }
            guard let first = items.first else { break }
            probe = first
        }
        var values: [Double] = []
        values.reserveCapacity(shape.reduce(1, *))
        var inferred: NumpyDType?
        func note(_ d: NumpyDType) { inferred = inferred.map { NumpyDType.promote($0, d) } ?? d }
        func fill(_ x: ConfigValue, _ axis: Int) throws {
            if case .object(let a as NumpyArray) = x.kind {
                guard Array(shape[axis...]) == a.shape else { throw inhomogeneous(axis) }
                values.append(contentsOf: a.storage)
                note(a.dtype)
                return
            }
            if axis == shape.count {
                switch x.kind {
                case .bool(let b): values.append(b ? 1 : 0); note(.bool)
                case .int(let i): values.append(Double(i)); note(.int64)
                case .float(let d): values.append(d); note(.float64)
                case .str:
                    throw ConfigError(.unsupported, "numpy arrays of str are not supported in configs (the sandbox's numpy holds numbers and bools)")
                default:
                    if try sequenceItems(x) != nil { throw inhomogeneous(axis) }
                    throw ConfigError(.unsupported, "a numpy array of '\(x.typeName)' values is not supported in configs (the sandbox's numpy holds numbers and bools)")
                }
                return
            }
            guard let items = try sequenceItems(x), items.count == shape[axis] else { throw inhomogeneous(axis) }
            for item in items { try fill(item, axis + 1) }
        }
        try fill(v, 0)
        let dt = dtype ?? inferred ?? .float64
        if let dtype, dtype.isInteger, inferred?.isFloat == true {
            return rounding(values.map { $0.rounded(.towardZero) }, shape: shape, dtype: dtype)
        }
        return rounding(values, shape: shape, dtype: dt)
    }

    private static func sequenceItems(_ v: ConfigValue) throws -> [ConfigValue]? {
        switch v.kind {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .object(let o) where o.isSequence: return try o.iterate()
        case .object(let o as ConfigIterator): return try o.iterate()
        default: return nil
        }
    }

    private static func inhomogeneous(_ axis: Int) -> ConfigError {
        ConfigError(.value, "setting an array element with a sequence: the nested lists have an inhomogeneous shape after \(axis) dimension\(axis == 1 ? "" : "s") (numpy arrays must be rectangular)")
    }

    // MARK: PyObject

    override var typeName: String { "ndarray" }
    override var isSequence: Bool { !shape.isEmpty }

    override func iterate() throws -> [ConfigValue]? {
        guard let n = shape.first else { throw ConfigError(.type, "iteration over a 0-d array") }
        if shape.count == 1 { return storage.map { dtype.scalar($0) } }
        return (0..<n).map { row($0).value }
    }

    override func length() throws -> Int? {
        guard let n = shape.first else { throw ConfigError(.type, "len() of unsized object") }
        return n
    }

    override func contains(_ x: ConfigValue) throws -> Bool? {
        guard let eq = try compare(.eq, x) else { return false }
        if case .object(let m as NumpyArray) = eq.kind { return m.storage.contains { $0 != 0 } }
        return eq.isTruthy
    }

    override func isTruthy() throws -> Bool {
        guard size == 1 else {
            throw ConfigError(.value, "the truth value of an array with \(size == 0 ? "no elements" : "more than one element") is ambiguous; use a.any() or a.all()")
        }
        return storage[0] != 0
    }

    override func numberValue() throws -> ConfigValue? {
        guard size == 1 else { throw ConfigError(.type, "only length-1 arrays can be converted to Python scalars") }
        return dtype.scalar(storage[0])
    }

    override func hashKey() throws -> ConfigHashKey { throw ConfigError(.type, "unhashable type: 'numpy.ndarray'") }

    override func repr() throws -> String { NumpyFormatting.repr(self) }
    override func str() throws -> String { NumpyFormatting.str(self) }

    override func getItem(_ index: ConfigValue) throws -> ConfigValue { try item(at: index) }
    override func getSlice(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) throws -> ConfigValue {
        try item(at: ConfigValue(.object(ConfigSlice(lower, upper, step))))
    }
    override func setItem(_ index: ConfigValue, _ value: ConfigValue) throws { try assign(value, at: index) }

    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? { try compare(op, other) }
    override func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        try arithmetic(op, other, reflected: reflected)
    }
    override func unary(_ op: UnaryOperator) throws -> ConfigValue? { try unaryOperation(op) }

    override var attributeNames: [String] { ["shape", "size", "ndim", "dtype", "T", "itemsize", "nbytes"] + NumpyArray.methodNames }

    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "shape": return ConfigValue(.tuple(shape.map { .int($0) }))
        case "size": return .int(size)
        case "ndim": return .int(ndim)
        case "dtype": return ConfigValue(.object(NumpyDTypeObject(dtype)))
        case "T": return NumpyShapes.transpose(self).value
        case "itemsize": return .int(dtype.itemSize)
        case "nbytes": return .int(dtype.itemSize * size)
        default: return method(name)
        }
    }

    /// A method of the array (`a.tolist()`, `a.sum(axis=0)`): array methods are the module
    /// functions of the same name with the array as first argument.
    func method(_ name: String) -> ConfigValue? {
        let a = self
        let body: ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue
        switch name {
        case "tolist":
            body = { args, kw in try Args.noKwargs(name, kw); try Args.count(name, args, 0, 0); return a.toList() }
        case "item":
            body = { args, kw in
                try Args.noKwargs(name, kw)
                if args.isEmpty {
                    guard a.size == 1 else { throw ConfigError(.value, "can only convert an array of size 1 to a Python scalar") }
                    return a.dtype.scalar(a.storage[0])
                }
                var flat = 0
                if args.count == 1 {
                    flat = try Operators.normalizeIndex(try Args.int(name, args[0]), count: a.size, what: "array")
                } else {
                    guard args.count == a.ndim else { throw ConfigError(.value, "item(): incorrect number of indices for array") }
                    for (k, (i, st)) in zip(args, a.strides).enumerated() {
                        flat += try Operators.normalizeIndex(try Args.int(name, i), count: a.shape[k], what: "array") * st
                    }
                }
                return a.dtype.scalar(a.storage[flat])
            }
        case "copy":
            body = { args, _ in try Args.count(name, args, 0, 1); return NumpyArray(a.storage, shape: a.shape, dtype: a.dtype).value }
        case "astype":
            body = { args, kw in
                let p = try BoundArguments(name, args, kw, ["dtype", "order", "casting", "subok", "copy"], required: 1)
                return a.cast(try NumpyDType.parse(p["dtype"]!) ?? .float64).value
            }
        case "reshape":
            body = { args, kw in
                _ = try BoundArguments(name, [], kw, ["order", "copy"])
                return try NumpyShapes.reshape(a, args.count == 1 ? args[0] : ConfigValue(.tuple(args))).value
            }
        case "flatten", "ravel":
            body = { args, _ in try Args.count(name, args, 0, 1); return a.reshaped([a.size]).value }
        case "transpose":
            body = { args, _ in
                guard args.isEmpty || (args.count == 1 && args[0].isNone) else {
                    throw ConfigError(.unsupported, "ndarray.transpose(axes) with an axis order is not supported in configs; use .T to reverse the axes")
                }
                return NumpyShapes.transpose(a).value
            }
        case "fill":
            body = { args, _ in
                try Args.count(name, args, 1, 1)
                let v = try NumpyArray.from(args[0])
                guard v.size == 1 else { throw ConfigError(.value, "fill() takes a scalar") }
                a.storage = [Double](repeating: a.dtype.normalize(v.storage[0]), count: a.size)
                return .none
            }
        default:
            guard NumpyArray.methodNames.contains(name), let f = NumpyModule.function(name) else { return nil }
            body = { args, kw in try f([a.value] + args, kw) }
        }
        return NativeModules.fn(name, body)
    }

    /// Names of the array methods.
    static let methodNames: [String] = [
        "all", "any", "argmax", "argmin", "astype", "clip", "copy", "cumprod", "cumsum", "fill", "flatten", "item",
        "max", "mean", "min", "prod", "ravel", "reshape", "round", "squeeze", "std", "sum", "tolist", "transpose", "var",
    ]
}
