import Foundation

/// Loading config files (`Config.load_file`) and `add_line`.
extension Config {
    /// The three config formats (`Config.get_config_file_type`).
    public enum FileFormat: String, Sendable {
        /// Python (`#!` first line or a `.py` name).
        case python
        /// JSON (content starts with `{`), with `//` and `/* */` comments.
        case json
        /// Line-based `key value`.
        case lines
    }

    /// The format upstream would choose for this (stripped) content and file name.
    public static func detectFormat(content: String, filename: String) -> FileFormat {
        let stripped = content.drop(while: { $0.isWhitespace })
        if stripped.hasPrefix("#!") || filename.hasSuffix(".py") { return .python }
        if stripped.hasPrefix("{") { return .json }
        return .lines
    }

    /// Reads and loads a config file (any format). Binary, empty and unreadable files are errors.
    public func load(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw ConfigError(.io, "config file '\(path)' is a directory; give the path of a config file")
            }
            throw ConfigError(.io, "cannot read config file '\(path)': no such file or not readable")
        }
        let bytes = [UInt8](data)
        if bytes.contains(0) {
            throw ConfigError(.io, "config file '\(path)' looks like a binary file (it contains NUL bytes), not a config", at: SourceLocation(file: path, line: 1, column: 1))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(.io, "config file '\(path)' is not valid UTF-8 text (a binary file?)", at: SourceLocation(file: path, line: 1, column: 1))
        }
        try load(text: text, filename: path)
    }

    /// Loads config text that came from `filename` (used for format detection, `__file__` and
    /// locations).
    public func load(text: String, filename: String) throws {
        if text.allSatisfy({ $0.isWhitespace }) {
            throw ConfigError(.io, "config file '\(filename)' is empty; a config needs at least one setting", at: SourceLocation(file: filename, line: 1, column: 1))
        }
        noteFile(filename)
        switch Config.detectFormat(content: text, filename: filename) {
        case .python: try loadPython(text, filename: filename)
        case .json:
            let v = try LargeStack.run { try JSONConfigParser.parse(text, file: filename) }
            guard case .dict(let d) = v.kind else { throw ConfigError(.syntax, "a JSON config must be an object", at: v.location) }
            for (k, val) in zip(d.keys, d.values) { set(ValueFormatting.str(k), val) }
        case .lines: try loadLines(text, filename: filename)
        }
    }

    private func loadPython(_ text: String, filename: String) throws {
        // Upstream strips the content; drop leading indentation of the first line only, so that
        // line numbers stay those of the file.
        var src = text
        if let first = src.firstIndex(where: { !$0.isWhitespace }) {
            let lead = src[src.startIndex..<first]
            let keptNewlines = String(lead.filter { $0 == "\n" })
            src = keptNewlines + src[first...]
        }
        set("config", configObject)
        set("__file__", .str(filename, at: SourceLocation(file: filename, line: 0, column: 0)))
        set("__name__", .str("__returnn_config__"))
        set("__package__", .str("returnn"))
        let interp = Interpreter(globals: typed, runtime: runtime, file: filename)
        let body = try LargeStack.run {
            let body = try Parser.parseModule(src, file: filename)
            try interp.run(body)
            return body
        }
        // The syntax trees stay alive with the functions defined in them (and freeing a large
        // tree at the end of a run only costs time).
        keepAlive(body)
    }

    /// Evaluates one Python expression in a fresh namespace of this config's sandboxed language:
    /// upstream's `eval`/`literal_eval` of a file's text (e.g. the `{"label": idx, ...}` dict of a
    /// vocabulary file). Errors carry `file` and the line/column inside `text`.
    public func evaluate(expression text: String, file: String) throws -> ConfigValue {
        let parsed = try LargeStack.run { try Parser.parseExpression(text, file: file) }
        let interp = Interpreter(globals: ConfigNamespace(), runtime: runtime, file: file)
        return try LargeStack.run {
            self.runtime.onLargeStack = true
            defer { self.runtime.onLargeStack = false }
            return try interp.eval(parsed, nil)
        }
    }

    private func loadLines(_ text: String, filename: String) throws {
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let loc = SourceLocation(file: filename, line: n + 1, column: 1)
            guard let ws = trimmed.firstIndex(where: { $0.isWhitespace }) else {
                throw ConfigError(.syntax, "line-based config: expected 'key value' but found only '\(trimmed)'", at: loc)
            }
            let key = String(trimmed[..<ws])
            let value = String(trimmed[ws...]).trimmingCharacters(in: .whitespaces)
            try addLine(key, value, at: loc)
        }
    }

    /// `add_line(key, value)`: for a key already typed, a str old value keeps the new string,
    /// otherwise the string is evaluated as a Python expression (on a syntax error it stays a
    /// string, with a warning); an untyped key stores the value split on `,` (comma at position
    /// > 0). Key `include` loads the listed file(s).
    public func addLine(_ key: String, _ value: String, at loc: SourceLocation = .commandLine) throws {
        if let old = typed[key] {
            if case .str = old.kind {
                set(key, .str(value, at: loc))
                return
            }
            let parsed: Expr
            do {
                parsed = try LargeStack.run { try Parser.parseExpression(value, file: loc.file, at: loc) }
            } catch let e as ConfigError where e.kind == .syntax {
                warn("WARNING: can't evaluate config param \(ValueFormatting.strRepr(value)) to previous type: <class '\(old.typeName)'>. Keeping as string.")
                set(key, .str(value, at: loc))
                return
            }
            let interp = Interpreter(globals: ConfigNamespace(), runtime: runtime, file: loc.file)
            do {
                let v = try LargeStack.run {
                    self.runtime.onLargeStack = true
                    defer { self.runtime.onLargeStack = false }
                    return try interp.eval(parsed, nil)
                }
                set(key, v.at(loc))
            } catch let e as ConfigError {
                var e2 = e
                e2.message = "cannot evaluate the value \(ValueFormatting.strRepr(value)) for the typed key '\(key)': \(e.message)"
                e2.location = loc
                throw e2
            }
            return
        }
        let values: [String]
        if let comma = value.firstIndex(of: ","), comma != value.startIndex {
            values = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else {
            values = [value]
        }
        if key == "include" {
            for f in values { try load(file: f) }
        } else {
            setUntyped(key, values, at: loc)
        }
    }
}
