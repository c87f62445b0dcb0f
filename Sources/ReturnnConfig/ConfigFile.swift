import Foundation

/// A file a config opened for reading: `open(path)`, `open(path, "rb")`, `gzip.open(path, "rt")`.
///
/// The whole file is read when it is opened (configs read vocabularies, segment lists and small
/// corpora this way). Any mode that writes (`w`, `a`, `x`, `+`) is refused: a config writes no
/// file.
///
/// ```python
/// with open("vocab.txt") as f:
///     num_labels = len(f.read().splitlines())
/// ```
final class ConfigFile: PyObject {
    /// The path as given.
    let path: String
    /// The mode as given (`r`, `rt`, `rb`, ...).
    let mode: String
    private let text: [Character]?
    private let bytes: [UInt8]?
    private var position = 0
    private(set) var closed = false

    private init(path: String, mode: String, content: [UInt8], binary: Bool) throws {
        self.path = path
        self.mode = mode
        if binary {
            bytes = content
            text = nil
        } else {
            guard let s = String(validating: content, as: UTF8.self) else {
                throw ConfigError(.value, "'\(path)' is not valid UTF-8 text; open it with mode 'rb' to read bytes", pythonClass: "UnicodeDecodeError")
            }
            // Universal newlines, as Python's text mode: \r\n and \r read as \n.
            text = Array(s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
            bytes = nil
        }
    }

    /// `open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None)` for reading.
    static func open(_ a: [ConfigValue], _ kw: [(String, ConfigValue)], _ rt: ConfigRuntime) throws -> ConfigValue {
        let k = try Args.kwargs("open", kw, allowed: ["file", "mode", "buffering", "encoding", "errors", "newline", "closefd"])
        try Args.count("open", a, 0, 6)
        guard let pathValue = a.first ?? k["file"] else { throw ConfigError(.type, "open() missing required argument 'file'") }
        let path = try fsPath("open", pathValue)
        let mode = try (a.count > 1 ? a[1] : k["mode"]).map { try Args.str("open", $0) } ?? "r"
        if let enc = (a.count > 3 ? a[3] : k["encoding"]), !enc.isNone { try checkEncoding(try Args.str("open", enc)) }
        return try read(path: path, mode: mode, function: "open", gzip: false)
    }

    /// `gzip.open(filename, mode="rb", compresslevel=9, encoding=None, errors=None, newline=None)`.
    static func gzipOpen(_ a: [ConfigValue], _ kw: [(String, ConfigValue)]) throws -> ConfigValue {
        let k = try Args.kwargs("gzip.open", kw, allowed: ["filename", "mode", "compresslevel", "encoding", "errors", "newline"])
        try Args.count("gzip.open", a, 0, 6)
        guard let pathValue = a.first ?? k["filename"] else { throw ConfigError(.type, "gzip.open() missing required argument 'filename'") }
        let path = try fsPath("gzip.open", pathValue)
        let mode = try (a.count > 1 ? a[1] : k["mode"]).map { try Args.str("gzip.open", $0) } ?? "rb"
        if let enc = (a.count > 3 ? a[3] : k["encoding"]), !enc.isNone { try checkEncoding(try Args.str("gzip.open", enc)) }
        return try read(path: path, mode: mode, function: "gzip.open", gzip: true)
    }

    /// A path argument: str, bytes, or a `Path`-like object with `str()`.
    static func fsPath(_ function: String, _ v: ConfigValue) throws -> String {
        switch v.kind {
        case .str(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        default: throw ConfigError(.type, "\(function)(): expected str, bytes or os.PathLike object, not \(v.typeName)")
        }
    }

    static func checkEncoding(_ e: String) throws {
        let norm = e.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        guard ["utf8", "ascii", "usascii"].contains(norm) else {
            throw ConfigError(.unsupported, "encoding '\(e)': configs read files as UTF-8 only")
        }
    }

    private static func read(path: String, mode: String, function: String, gzip: Bool) throws -> ConfigValue {
        if mode.contains(where: { "wax+".contains($0) }) {
            throw ConfigError(.unsupported, "\(function)(\(ValueFormatting.strRepr(path)), \(ValueFormatting.strRepr(mode))): a config can write no file (only reading modes such as 'r', 'rt', 'rb' are allowed)", pythonClass: "PermissionError")
        }
        guard mode.allSatisfy({ "rtbU".contains($0) }), mode.filter({ $0 == "b" || $0 == "t" }).count <= 1 else {
            throw ConfigError(.value, "\(function)(): invalid mode: \(ValueFormatting.strRepr(mode))")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ConfigError(.io, "[Errno 2] No such file or directory: \(ValueFormatting.strRepr(path))", pythonClass: "FileNotFoundError")
        }
        if isDir.boolValue {
            throw ConfigError(.io, "[Errno 21] Is a directory: \(ValueFormatting.strRepr(path))", pythonClass: "IsADirectoryError")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.io, "[Errno 13] Permission denied: \(ValueFormatting.strRepr(path))", pythonClass: "PermissionError")
        }
        var content = [UInt8](data)
        if gzip {
            do { content = try Gzip.decompress(content) } catch {
                throw ConfigError(.io, "\(function)(\(ValueFormatting.strRepr(path))): \(error.description)", pythonClass: "OSError")
            }
        }
        // gzip.open's default mode is binary; open's is text.
        let binary = mode.contains("b") || (gzip && !mode.contains("t"))
        return ConfigValue(.object(try ConfigFile(path: path, mode: mode, content: content, binary: binary)))
    }

    override var typeName: String { bytes != nil ? "BufferedReader" : "TextIOWrapper" }

    private func checkOpen() throws {
        if closed { throw ConfigError(.value, "I/O operation on closed file") }
    }

    private var remainingCount: Int { text?.count ?? bytes!.count }

    private func take(_ n: Int) -> ConfigValue {
        let end = min(remainingCount, position + n)
        defer { position = end }
        if let text { return .str(String(text[position..<end])) }
        return ConfigValue(.bytes(Array(bytes![position..<end])))
    }

    private func line() -> ConfigValue {
        let end: Int
        if let text {
            end = (text[position...].firstIndex(of: "\n").map { $0 + 1 }) ?? text.count
        } else {
            end = (bytes![position...].firstIndex(of: 10).map { $0 + 1 }) ?? bytes!.count
        }
        return take(end - position)
    }

    private func lines() -> [ConfigValue] {
        var out: [ConfigValue] = []
        while position < remainingCount { out.append(line()) }
        return out
    }

    private func method(_ name: String, _ body: @escaping ([ConfigValue]) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name) { a, _ in try body(a) }))
    }

    override var attributeNames: [String] { ["read", "readline", "readlines", "close", "closed", "name", "mode", "seek", "tell"] }

    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "read":
            return method(name) { a in
                try self.checkOpen()
                let n = try a.first.flatMap { $0.isNone ? nil : try Args.int("read", $0) } ?? -1
                return self.take(n < 0 ? self.remainingCount : n)
            }
        case "readline":
            return method(name) { _ in try self.checkOpen(); return self.line() }
        case "readlines":
            return method(name) { _ in try self.checkOpen(); return .list(self.lines()) }
        case "close":
            return method(name) { _ in self.closed = true; return .none }
        case "seek":
            return method(name) { a in
                try self.checkOpen()
                let p = try Args.int("seek", a.first ?? .int(0))
                self.position = max(0, min(p, self.remainingCount))
                return .int(self.position)
            }
        case "tell": return method(name) { _ in .int(self.position) }
        case "closed": return .bool(closed)
        case "name": return .str(path)
        case "mode": return .str(mode)
        case "write", "writelines", "truncate":
            throw ConfigError(.unsupported, "\(name)(): '\(path)' is open for reading; a config can write no file", pythonClass: "PermissionError")
        default: return nil
        }
    }

    override func iterate() throws -> [ConfigValue]? {
        try checkOpen()
        return lines()
    }

    override func enter() throws -> ConfigValue? {
        try checkOpen()
        return ConfigValue(.object(self))
    }

    override func exit(_ error: ConfigValue?) throws -> Bool {
        closed = true
        return false
    }

    override func repr() throws -> String { "<_io.\(typeName) name=\(ValueFormatting.strRepr(path)) mode=\(ValueFormatting.strRepr(mode))>" }
}

/// `sys.stdout` / `sys.stderr`: `write(text)` and `flush()`; `print(..., file=sys.stderr)`.
final class OutputStream: PyObject {
    let name: String
    private let sink: (String) -> Void
    private var pending = ""

    init(name: String, sink: @escaping (String) -> Void) {
        self.name = name
        self.sink = sink
    }

    override var typeName: String { "TextIOWrapper" }

    /// Writes `text`; `sys.stdout` passes whole lines to the config output.
    func write(_ text: String) throws {
        pending += text
        if name == "<stderr>" {
            sink(pending)
            pending = ""
            return
        }
        while let nl = pending.firstIndex(of: "\n") {
            sink(String(pending[..<nl]))
            pending = String(pending[pending.index(after: nl)...])
        }
    }

    override var attributeNames: [String] { ["write", "flush", "name"] }

    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "write":
            return ConfigValue(.function(ConfigFunction(name: "write") { a, _ in
                try Args.count("write", a, 1, 1)
                let s = try Args.str("write", a[0])
                try self.write(s)
                return .int(s.count)
            }))
        case "flush":
            return ConfigValue(.function(ConfigFunction(name: "flush") { _, _ in
                if !self.pending.isEmpty, self.name == "<stdout>" { self.sink(self.pending); self.pending = "" }
                return .none
            }))
        case "name": return .str(self.name)
        case "isatty": return ConfigValue(.function(ConfigFunction(name: "isatty") { _, _ in .bool(false) }))
        default: return nil
        }
    }

    override func repr() throws -> String { "<_io.TextIOWrapper name='\(name)' mode='w' encoding='utf-8'>" }
}
