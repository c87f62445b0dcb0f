import Foundation

/// The `sys` module of the config sandbox: `argv`, `path` (searched by `import` for the config's
/// helper modules), `version_info`, `stdout`/`stderr` (`write`, `flush`), `exc_info()`, and
/// `setrecursionlimit` (accepted, no effect: the sandbox has its own limits).
enum SysModule {
    /// The Python version the sandbox reports (the language level it implements).
    static var versionInfo: [ConfigValue] { [.int(3), .int(11), .int(0), .str("final"), .int(0)] }

    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        let env = rt.environment
        let stdout = OutputStream(name: "<stdout>", sink: env.output)
        let stderr = OutputStream(name: "<stderr>", sink: env.errorOutput)
        return ConfigValue(.module(ConfigModule(name: "sys", attributes: [
            ("argv", .list(env.argv.map { .str($0) })),
            ("path", ConfigValue(.list(rt.sysPath))),
            ("version_info", ConfigValue(.object(StructSequence(typeName: "sys.version_info", fields: ["major", "minor", "micro", "releaselevel", "serial"], values: versionInfo)))),
            ("version", .str("3.11.0 (swift-returnn config sandbox)")),
            ("hexversion", .int(0x030B_00F0)),
            ("maxsize", .int(Int.max)),
            ("platform", .str("linux")),
            ("byteorder", .str("little")),
            ("executable", .str(env.argv.first ?? "")),
            ("stdout", ConfigValue(.object(stdout))),
            ("stderr", ConfigValue(.object(stderr))),
            ("setrecursionlimit", fn("setrecursionlimit") { a, _ in try Args.count("setrecursionlimit", a, 1, 1); return .none }),
            ("getrecursionlimit", fn("getrecursionlimit") { _, _ in .int(Interpreter.maxCallDepth) }),
            ("getdefaultencoding", fn("getdefaultencoding") { _, _ in .str("utf-8") }),
            ("exc_info", fn("exc_info") { _, _ in
                guard let e = rt.handling.last, let v = rt.classes.exception(for: e) else { return ConfigValue(.tuple([.none, .none, .none])) }
                return ConfigValue(.tuple([try rt.typeOf(v), v, .none]))
            }),
        ])))
    }
}

/// A tuple with named fields (`sys.version_info`, `os.stat_result`): indexing, comparison and
/// unpacking as a tuple, fields as attributes.
final class StructSequence: PyObject {
    let name: String
    let fields: [String]
    let values: [ConfigValue]

    init(typeName: String, fields: [String], values: [ConfigValue]) {
        name = typeName
        self.fields = fields
        self.values = values
    }

    private var tuple: ConfigValue { ConfigValue(.tuple(values)) }
    override var typeName: String { name }
    override var attributeNames: [String] { fields }
    override func attribute(_ name: String) throws -> ConfigValue? { fields.firstIndex(of: name).map { values[$0] } }
    override func getItem(_ index: ConfigValue) throws -> ConfigValue { try Operators.getItem(tuple, index) }
    override func getSlice(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) throws -> ConfigValue {
        try Operators.getSlice(tuple, lower, upper, step)
    }
    override func iterate() throws -> [ConfigValue]? { values }
    override func length() throws -> Int? { values.count }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        let rhs: ConfigValue
        if case .object(let o as StructSequence) = other.kind { rhs = o.tuple } else { rhs = other }
        return .bool(try Operators.compare(op, tuple, rhs))
    }
    override func hashKey() throws -> ConfigHashKey { try ConfigHashKey(tuple) }
    override func repr() throws -> String {
        name + "(" + zip(fields, values).map { "\($0)=\(ValueFormatting.repr($1))" }.joined(separator: ", ") + ")"
    }
}
