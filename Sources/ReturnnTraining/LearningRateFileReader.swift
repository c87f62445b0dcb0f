import Foundation
import ReturnnConfig

/// Reads a `learning_rate_file` (RETURNN `LearningRateControl.load`): the Python literal
/// `{epoch: EpochData(learningRate=..., error={...}), ...}` that upstream's `save` writes, evaluated
/// in the config sandbox with the names upstream provides (`EpochData`, `nan`, `inf`, `np`).
///
/// Accepted as upstream does: `learningRate=` or `learning_rate=`, an `error` that is a float (the
/// old format, read as `{"old_format_score": x}`) or None, a separate `meta={...}` dict,
/// `float('nan')`, `np.float32(x)` / `np.float64(x)` / `np.int64(x)` values (numpy 2 reprs).
/// Unlike upstream, an int learning rate is accepted (as a float).
public enum LearningRateFileReader {
    /// The epoch data stored in the file at `path`. A missing or unreadable file is an `.io` error,
    /// a malformed one a `.malformedFile` error naming `path:line`.
    public static func read(path: String) throws -> [Int: EpochData] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LearningRateControlError(.io, "cannot read the learning_rate_file '\(path)'; check the path and its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LearningRateControlError(.malformedFile, "the learning_rate_file is not UTF-8 text; fix or delete it",
                                           at: SourceLocation(file: path, line: 1, column: 1))
        }
        return try parse(text, file: path)
    }

    /// The epoch data of a file's text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> [Int: EpochData] {
        if text.allSatisfy(\.isWhitespace) {
            throw LearningRateControlError(.malformedFile, "the learning_rate_file is empty; delete it (it is written again after the next epoch)",
                                           at: SourceLocation(file: file, line: 1, column: 1))
        }
        let box = EpochBox()
        let value: ConfigValue
        do {
            value = try LearningRateExpression.evaluate(text, file: file, globals: [
                ("EpochData", ConfigValue(.function(ConfigFunction(name: "EpochData") { args, kwargs in
                    try box.make(args, kwargs)
                }))),
                ("nan", .float(.nan)),
                ("inf", .float(.infinity)),
                ("np", ConfigValue(.module(numpyModule))),
            ])
        } catch let e as ConfigError {
            throw LearningRateControlError(.malformedFile, "cannot read the learning_rate_file: \(e.message); fix or delete the file", at: e.location)
        }
        guard case .dict(let dict) = value.kind else {
            throw malformed("expected a dict {epoch: EpochData(...), ...}, got \(value.typeName)", at: value.location, file: file)
        }
        var result: [Int: EpochData] = [:]
        for (k, v) in zip(dict.keys, dict.values) {
            guard case .int(let epoch) = k.kind else {
                throw malformed("the epoch \(k.repr) is not an int", at: k.location, file: file)
            }
            guard let epochData = box.epochData(v) else {
                throw malformed("the entry of epoch \(epoch) is \(v.typeName) \(v.repr), expected EpochData(learningRate=..., error={...})", at: v.location, file: file)
            }
            result[epoch] = epochData
        }
        return result
    }

    private static func malformed(_ what: String, at location: SourceLocation, file: String) -> LearningRateControlError {
        LearningRateControlError(.malformedFile, "cannot read the learning_rate_file: \(what); fix or delete the file",
                                 at: LearningRateExpression.located(location, file: file))
    }

    /// The type name of the values `np.float32(x)` gives.
    fileprivate static let float32TypeName = "numpy.float32"

    /// The `np` names that upstream files use: numpy scalar constructors (numpy 2 writes
    /// `np.float32(0.01)`), `nan`, `inf`.
    private static var numpyModule: ConfigModule {
        func number(_ name: String, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> Double {
            guard kwargs.isEmpty, args.count == 1, args[0].boolValue == nil, let d = args[0].doubleValue else {
                throw ConfigError(.type, "np.\(name) expects one number", at: args.first?.location)
            }
            return d
        }
        return ConfigModule(name: "np", attributes: [
            ("float32", ConfigValue(.function(ConfigFunction(name: "float32") { a, kw in
                let d = Double(Float(try number("float32", a, kw)))
                return ConfigValue(.module(ConfigModule(name: "np.float32", typeName: float32TypeName, attributes: [("value", .float(d))])),
                                   at: a[0].location)
            }))),
            ("float64", ConfigValue(.function(ConfigFunction(name: "float64") { a, kw in
                .float(try number("float64", a, kw), at: a[0].location)
            }))),
            ("int64", ConfigValue(.function(ConfigFunction(name: "int64") { a, kw in
                guard kw.isEmpty, a.count == 1, case .int(let i) = a[0].kind else { throw ConfigError(.type, "np.int64 expects one int", at: a.first?.location) }
                return .int(i, at: a[0].location)
            }))),
            ("int32", ConfigValue(.function(ConfigFunction(name: "int32") { a, kw in
                guard kw.isEmpty, a.count == 1, case .int(let i) = a[0].kind, Int32(exactly: i) != nil else {
                    throw ConfigError(.type, "np.int32 expects one 32-bit int", at: a.first?.location)
                }
                return .int(i, at: a[0].location)
            }))),
            ("nan", .float(.nan)),
            ("inf", .float(.infinity)),
        ])
    }
}

/// Collects the `EpochData(...)` calls of one file; each call returns a handle naming its entry.
private final class EpochBox {
    private var entries: [EpochData] = []
    private static let handleTypeName = "EpochData"

    /// `EpochData(*, learning_rate=None, error=None, meta=None, learningRate=...)`.
    func make(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        guard args.isEmpty else {
            throw ConfigError(.type, "EpochData takes keyword arguments only (learningRate=..., error=...)", at: args[0].location)
        }
        var lr: ConfigValue?, error: ConfigValue?, meta: ConfigValue?
        for (k, v) in kwargs {
            switch k {
            case "learningRate", "learning_rate": lr = v
            case "error": error = v
            case "meta": meta = v
            default: throw ConfigError(.type, "EpochData: unexpected argument '\(k)' (known: learningRate, error, meta)", at: v.location)
            }
        }
        guard let lr, let rate = Self.number(lr) else {
            throw ConfigError(.type, "EpochData: the learning rate must be a float, got \(lr.map { "\($0.typeName) \($0.repr)" } ?? "none")",
                              at: lr?.location)
        }
        var data = EpochData(learningRate: rate.value)
        switch error?.kind {
        case nil, .none?: break
        case .float(let d)?: data.set("old_format_score", d, style: .float)
        case .dict(let d)?: try Self.add(d, prefix: "", to: &data, what: "error")
        default: throw ConfigError(.type, "EpochData: error must be a dict or a float, got \(error!.typeName)", at: error!.location)
        }
        if let meta, !meta.isNone {
            guard case .dict(let d) = meta.kind else {
                throw ConfigError(.type, "EpochData: meta must be a dict, got \(meta.typeName)", at: meta.location)
            }
            try Self.add(d, prefix: EpochData.metaPrefix, to: &data, what: "meta")
        }
        entries.append(data)
        let handle = ConfigModule(name: "EpochData", typeName: Self.handleTypeName, attributes: [("index", .int(entries.count - 1))])
        return ConfigValue(.module(handle), at: lr.location)
    }

    private static func add(_ dict: ConfigDict, prefix: String, to data: inout EpochData, what: String) throws {
        for (k, v) in zip(dict.keys, dict.values) {
            guard let key = k.stringValue else { throw ConfigError(.type, "EpochData: \(what) key \(k.repr) is not a str", at: k.location) }
            guard let n = number(v) else {
                throw ConfigError(.type, "EpochData: \(what) value of '\(key)' must be a number, got \(v.typeName) \(v.repr)", at: v.location)
            }
            data.set(prefix + key, n.value, style: n.style)
        }
    }

    /// A float, int or `np.float32` value, with the style the writer uses for it.
    private static func number(_ v: ConfigValue) -> (value: Double, style: EpochData.ValueStyle)? {
        switch v.kind {
        case .float(let d): return (d, .float)
        case .int(let i): return (Double(i), .int)
        case .module(let m) where m.typeName == LearningRateFileReader.float32TypeName:
            guard let inner = try? m.attribute("value"), let d = inner.doubleValue else { return nil }
            return (d, .float32)
        default: return nil
        }
    }

    /// The entry a handle returned by `make` names.
    func epochData(_ v: ConfigValue) -> EpochData? {
        guard case .module(let m) = v.kind, m.typeName == Self.handleTypeName,
              let index = (try? m.attribute("index"))??.intValue, entries.indices.contains(index) else { return nil }
        return entries[index]
    }
}
