import Foundation

/// The `numpy` module of the config sandbox (`import numpy`, `import numpy as np`,
/// `from numpy import linspace`): arrays (`NumpyArray`) and the functions configs use for
/// learning-rate schedules and sizes. Creation functions live here; the others in
/// `NumpyShapes`, `NumpyReductions`, `NumpyMath` and `NumpyInterp`.
///
/// `numpy.random` is refused (a config must evaluate the same way every time).
///
/// ```python
/// import numpy as np
/// learning_rates = list(np.linspace(3e-4, 1e-3, num=10)) + [1e-3] * 90
/// ```
enum NumpyModule {
    /// The numpy version whose behaviour the sandbox follows (the fixtures are checked against it).
    static let version = "2.4.6"

    /// The creation functions this file provides.
    static let creationNames = ["array", "asarray", "asanyarray", "ascontiguousarray", "arange", "linspace", "logspace",
                                "geomspace", "zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like",
                                "full_like", "eye", "identity", "dtype", "loadtxt"]

    /// The module object.
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        var constants: [(String, ConfigValue)] = [
            ("pi", .float(Double.pi)), ("e", .float(M_E)), ("inf", .float(.infinity)), ("nan", .float(.nan)),
            ("euler_gamma", .float(0.5772156649015329)), ("newaxis", .none), ("__version__", .str(version)),
            ("ndarray", ConfigValue(.object(NamedType("ndarray")))),
            ("random", random()),
        ]
        for d in NumpyDType.allCases { constants.append((d.name == "bool" ? "bool_" : d.name, scalarType(d))) }
        constants += [("bool", scalarType(.bool)), ("int_", scalarType(.int64)), ("intc", scalarType(.int32)),
                      ("double", scalarType(.float64)), ("single", scalarType(.float32))]
        // `numpy.int` and `numpy.float` were the builtins until numpy 1.24; old configs use them.
        if let i = rt.builtins["int"], let f = rt.builtins["float"] { constants += [("int", i), ("float", f)] }
        var table: [String: ConfigValue] = [:]
        for (k, v) in constants { table[k] = v }
        let names = constants.map { $0.0 } + functionNames
        return ConfigValue(.module(ConfigModule(name: "numpy", attributeNames: names.sorted()) { name in
            if let v = table[name] { return v }
            return function(name).map { NativeModules.fn(name, $0) }
        }))
    }

    private static func scalarType(_ d: NumpyDType) -> ConfigValue { ConfigValue(.object(NumpyScalarType(d))) }

    /// Every function name of the module.
    static var functionNames: [String] {
        creationNames + NumpyShapes.names + NumpyReductions.names + NumpyMath.names + ["interp"]
    }

    /// The module function `name` (also what array methods call), or nil.
    static func function(_ name: String) -> NumpyShapes.Function? {
        creation(name) ?? NumpyShapes.function(name) ?? NumpyReductions.function(name) ?? NumpyMath.function(name)
    }

    /// `numpy.loadtxt(fname, dtype=float, comments="#", delimiter=None, skiprows=0, ndmin=0)`:
    /// a text file of numbers (read-only, as `open`), one row per line; a single row or column
    /// gives a 1-D array, as numpy.
    static func loadText(_ p: BoundArguments) throws -> NumpyArray {
        let path = try ConfigFile.fsPath("loadtxt", p["fname"]!)
        let dtype = try p.value("dtype").flatMap { try NumpyDType.parse($0) } ?? .float64
        let comment = try p.value("comments").flatMap { $0.isNone ? nil : try Args.str("loadtxt", $0) } ?? "#"
        let delimiter = try p.value("delimiter").flatMap { $0.isNone ? nil : try Args.str("loadtxt", $0) }
        let skip = try p.int("skiprows") ?? 0
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.io, "[Errno 2] No such file or directory: \(ValueFormatting.strRepr(path))", pythonClass: "FileNotFoundError")
        }
        var rows: [[Double]] = []
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() where n >= skip {
            var line = Substring(raw)
            if !comment.isEmpty, let c = line.range(of: comment) { line = line[..<c.lowerBound] }
            let fields = (delimiter.map { line.components(separatedBy: $0) } ?? line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init))
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if fields.isEmpty { continue }
            rows.append(try fields.map { f in
                guard let v = Double(f) ?? (f.lowercased() == "nan" ? .nan : nil) else {
                    throw ConfigError(.value, "loadtxt: could not convert string \(ValueFormatting.strRepr(f)) to float64 at line \(n + 1) of \(ValueFormatting.strRepr(path))")
                }
                return v
            })
        }
        guard let width = rows.first?.count else { return NumpyArray.rounding([], shape: [0], dtype: dtype) }
        guard rows.allSatisfy({ $0.count == width }) else {
            throw ConfigError(.value, "loadtxt: the rows of \(ValueFormatting.strRepr(path)) have different numbers of columns")
        }
        let ndmin = try p.int("ndmin") ?? 0
        let shape: [Int] = (rows.count == 1 || width == 1) && ndmin < 2 ? [rows.count * width] : [rows.count, width]
        return NumpyArray.rounding(rows.flatMap { $0 }, shape: shape, dtype: dtype)
    }

    /// `numpy.random`: importable (also `from numpy.random import seed`), but any use is refused
    /// with the reason, as a module the sandbox does not provide.
    static func random() -> ConfigValue {
        ConfigValue(.module(ConfigModule(name: "numpy.random", typeName: NativeModules.unavailableTypeName, attributeNames: []) { attr in
            throw ConfigError(.unsupported, "numpy.random\(attr.isEmpty ? "" : "." + attr) is not available in configs: the config sandbox has no random numbers, so that a config evaluates the same way every time (RETURNN's datasets shuffle with their own seeds: `seq_ordering`, `random_seed`)", pythonClass: "AttributeError")
        }))
    }

    private static func creation(_ name: String) -> NumpyShapes.Function? {
        switch name {
        case "loadtxt":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["fname", "dtype", "comments", "delimiter", "converters", "skiprows", "usecols", "unpack", "ndmin"], required: 1)
                return ConfigValue(.object(try loadText(p)))
            }
        case "array", "asarray", "asanyarray", "ascontiguousarray":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["object", "dtype", "*", "copy", "order", "subok", "ndmin", "like", "device"], required: 1)
                let dtype = try p.value("dtype").flatMap { try NumpyDType.parse($0) }
                let src = p["object"]!
                var x = try NumpyArray.from(src, dtype: dtype)
                let copy = name == "array" ? p.bool("copy", default: true) : false
                if case .object(let o as NumpyArray) = src.kind, o === x, copy { x = NumpyArray(x.storage, shape: x.shape, dtype: x.dtype) }
                if let ndmin = try p.int("ndmin"), ndmin > x.ndim {
                    x = x.reshaped([Int](repeating: 1, count: ndmin - x.ndim) + x.shape)
                }
                return x.value
            }
        case "arange":
            return { a, kw in
                let p = try BoundArguments(name, [], kw, ["start", "stop", "step", "dtype", "device", "like"])
                guard a.count <= 4 else { throw ConfigError(.type, "arange() takes at most 4 positional arguments (\(a.count) given)") }
                var pos: [ConfigValue?] = a.count == 1 && p["stop"] == nil ? [nil, a[0], nil] : [a.first, a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil]
                for (i, k) in ["start", "stop", "step"].enumerated() {
                    guard let v = p[k] else { continue }
                    if pos[i] != nil { throw ConfigError(.type, "arange() got multiple values for argument '\(k)'") }
                    pos[i] = v
                }
                if pos[1] == nil { (pos[0], pos[1]) = (nil, pos[0]) }
                guard let stop = pos[1] else { throw ConfigError(.type, "arange() requires stop to be specified.") }
                let dtypeArg = a.count == 4 ? a[3] : p["dtype"]
                return try arange(start: pos[0] ?? .int(0), stop: stop, step: pos[2] ?? .int(1),
                                  dtype: try dtypeArg.flatMap { try NumpyDType.parse($0) }).value
            }
        case "linspace", "logspace", "geomspace":
            let params = name == "logspace" ? ["start", "stop", "num", "endpoint", "base", "dtype", "axis"]
                : (name == "linspace" ? ["start", "stop", "num", "endpoint", "retstep", "dtype", "axis", "*", "device"]
                    : ["start", "stop", "num", "endpoint", "dtype", "axis"])
            return { a, kw in
                let p = try BoundArguments(name, a, kw, params, required: 2)
                if let axis = try p.int("axis"), axis != 0 { throw ConfigError(.unsupported, "numpy.\(name)(axis=\(axis)) is not supported in configs") }
                let start = try scalar(p["start"]!, name, "start"), stop = try scalar(p["stop"]!, name, "stop")
                let num = try p.int("num") ?? 50
                guard num >= 0 else { throw ConfigError(.value, "Number of samples, \(num), must be non-negative.") }
                try NumpyShapes.checkSize([num])
                let endpoint = p.bool("endpoint", default: true)
                let dtype = try p.value("dtype").flatMap { try NumpyDType.parse($0) }
                switch name {
                case "linspace":
                    let (values, step) = linspace(start, stop, num, endpoint: endpoint)
                    let arr = cast(values, dtype)
                    return p.bool("retstep", default: false) ? ConfigValue(.tuple([arr.value, .float(step)])) : arr.value
                case "logspace":
                    let base = try p.double("base") ?? 10
                    return cast(linspace(start, stop, num, endpoint: endpoint).values.map { Foundation.pow(base, $0) }, dtype).value
                default:
                    return cast(try geomspace(start, stop, num, endpoint: endpoint), dtype).value
                }
            }
        case "zeros", "ones", "empty":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["shape", "dtype", "order", "*", "device", "like"], required: 1)
                let shape = try NumpyShapes.shapeArgument(p["shape"]!)
                let dtype = try p.value("dtype").flatMap { try NumpyDType.parse($0) } ?? .float64
                return filled(shape, name == "ones" ? 1 : 0, dtype).value
            }
        case "full":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["shape", "fill_value", "dtype", "order", "*", "device", "like"], required: 2)
                let shape = try NumpyShapes.shapeArgument(p["shape"]!)
                return try full(shape, p["fill_value"]!, try p.value("dtype").flatMap { try NumpyDType.parse($0) }).value
            }
        case "zeros_like", "ones_like", "empty_like", "full_like":
            return { a, kw in
                let params = name == "full_like" ? ["a", "fill_value", "dtype", "order", "subok", "shape"] : ["a", "dtype", "order", "subok", "shape"]
                let p = try BoundArguments(name, a, kw, params, required: name == "full_like" ? 2 : 1)
                let x = try NumpyArray.from(p["a"]!)
                let dtype = try p.value("dtype").flatMap { try NumpyDType.parse($0) } ?? x.dtype
                let shape = try p.value("shape").map { try NumpyShapes.shapeArgument($0) } ?? x.shape
                if name == "full_like" { return try full(shape, p["fill_value"]!, dtype).value }
                return filled(shape, name == "ones_like" ? 1 : 0, dtype).value
            }
        case "eye", "identity":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, name == "eye" ? ["N", "M", "k", "dtype", "order", "*", "device", "like"] : ["n", "dtype", "*", "like"], required: 1)
                let n = try p.int(name == "eye" ? "N" : "n") ?? 0, m = try p.int("M") ?? n, k = try p.int("k") ?? 0
                try NumpyShapes.checkSize([n, m])
                var values = [Double](repeating: 0, count: n * m)
                for i in 0..<n where i + k >= 0 && i + k < m { values[i * m + i + k] = 1 }
                return NumpyArray.rounding(values, shape: [n, m], dtype: try p.value("dtype").flatMap { try NumpyDType.parse($0) } ?? .float64).value
            }
        case "dtype":
            return { a, kw in
                let p = try BoundArguments(name, a, kw, ["dtype", "align", "copy"], required: 1)
                guard let d = try NumpyDType.parse(p["dtype"]!) else { return ConfigValue(.object(NumpyDTypeObject(.float64))) }
                return ConfigValue(.object(NumpyDTypeObject(d)))
            }
        default:
            return nil
        }
    }

    private static func scalar(_ v: ConfigValue, _ function: String, _ param: String) throws -> Double {
        if let d = v.doubleValue { return d }
        if case .object(let o) = v.kind, let n = try? o.numberValue(), let d = n.doubleValue { return d }
        throw ConfigError(.unsupported, "numpy.\(function)(): '\(param)' must be a number in configs (arrays of start or stop values are not supported), not '\(v.typeName)'")
    }

    private static func cast(_ values: [Double], _ dtype: NumpyDType?) -> NumpyArray {
        guard let dtype, dtype != .float64 else { return NumpyArray.vector(values) }
        return NumpyArray.vector(dtype.isInteger ? values.map { $0.rounded(.down) } : values, dtype: dtype)
    }

    private static func filled(_ shape: [Int], _ value: Double, _ dtype: NumpyDType) -> NumpyArray {
        NumpyArray([Double](repeating: dtype.normalize(value), count: shape.reduce(1, *)), shape: shape, dtype: dtype)
    }

    private static func full(_ shape: [Int], _ fill: ConfigValue, _ dtype: NumpyDType?) throws -> NumpyArray {
        let v = try NumpyArray.from(fill)
        let d = dtype ?? v.dtype
        let values = NumpyBroadcast.expand(v.storage, from: v.shape, to: try NumpyBroadcast.shape(v.shape, shape))
        guard values.count == shape.reduce(1, *) else {
            throw ConfigError(.value, "could not broadcast input array from shape \(NumpyBroadcast.describe(v.shape)) into shape \(NumpyBroadcast.describe(shape))")
        }
        return NumpyArray.rounding(values, shape: shape, dtype: d)
    }

    /// numpy's `linspace` values: `i * step + start`, the last exactly `stop` (with `endpoint`);
    /// and the step (nan for fewer than two points with `endpoint`).
    static func linspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool) -> (values: [Double], step: Double) {
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var values: [Double]
        var step = Double.nan
        if div > 0 {
            step = delta / Double(div)
            if step == 0 {
                values = (0..<num).map { Double($0) / Double(div) * delta + start }
            } else {
                values = (0..<num).map { Double($0) * step + start }
            }
        } else {
            values = (0..<num).map { Double($0) * delta + start }
        }
        if endpoint && num > 1 { values[num - 1] = stop }
        return (values, step)
    }

    /// numpy's `geomspace`: through `log10`, with the end points set exactly.
    static func geomspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool) throws -> [Double] {
        guard start != 0 && stop != 0 else { throw ConfigError(.value, "Geometric sequence cannot include zero") }
        let sign: Double = start < 0 ? -1 : 1
        let s = start / sign, e = stop / sign
        var values = linspace(Foundation.log10(s), Foundation.log10(e), num, endpoint: endpoint).values.map { Foundation.pow(10, $0) }
        if num > 0 { values[0] = s }
        if num > 1 && endpoint { values[num - 1] = e }
        return values.map { sign * $0 }
    }

    /// numpy's `arange([start,] stop[, step])`: `ceil((stop - start) / step)` values; the first
    /// two computed directly, the others as `start + i * delta` in the result type.
    static func arange(start: ConfigValue, stop: ConfigValue, step: ConfigValue, dtype: NumpyDType?) throws -> NumpyArray {
        let all = [start, stop, step]
        for v in all where v.doubleValue == nil {
            throw ConfigError(.type, "numpy.arange(): arguments must be numbers, not '\(v.typeName)'")
        }
        let inferred: NumpyDType = all.contains { if case .float = $0.kind { return true } else { return false } } ? .float64 : .int64
        let dt = dtype ?? inferred
        let s = start.doubleValue!, e = stop.doubleValue!, st = step.doubleValue!
        guard st != 0 else { throw ConfigError(.value, "division by zero", pythonClass: "ZeroDivisionError") }
        let delta = e - s
        let tmp = delta / st
        var length: Int
        if tmp == 0 && delta != 0 {
            length = tmp.sign == .minus ? 0 : 1
        } else {
            guard tmp.isFinite else { throw ConfigError(.value, "arange: cannot compute length") }
            length = Swift.max(0, Int(tmp.rounded(.up)))
        }
        try NumpyShapes.checkSize([length])
        if length == 0 { return NumpyArray([], shape: [0], dtype: dt) }
        let v0 = dt.normalize(s)
        let v1 = dt.normalize(s + st)
        var values = [Double](repeating: v0, count: length)
        if length > 1 { values[1] = v1 }
        if dt == .float32 {
            let f0 = Float(v0), d = Float(v1) - Float(v0)
            for i in 2..<Swift.max(2, length) { values[i] = Double(f0 + Float(i) * d) }
        } else if dt.isInteger {
            let i0 = NumpyDType.wrappingInt(v0), d = NumpyDType.wrappingInt(v1) &- i0
            for i in 2..<Swift.max(2, length) { values[i] = dt.normalize(Double(i0 &+ i &* d)) }
        } else {
            let d = v1 - v0
            for i in 2..<Swift.max(2, length) { values[i] = dt.normalize(v0 + Double(i) * d) }
        }
        return NumpyArray(values, shape: [length], dtype: dt)
    }
}
