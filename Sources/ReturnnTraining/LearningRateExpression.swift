import ReturnnConfig

/// Evaluates one Python expression with the sandboxed config interpreter: the text of a
/// `learning_rate_file` (upstream `eval(text, {"EpochData": ..., "nan": ..., "inf": ..., "np": ...})`)
/// or a `learning_rates` string (upstream `eval`). No file, network or process access.
enum LearningRateExpression {
    /// The lines put before the text: the Python marker and the opening of the assignment.
    private static let prefixLines = 2

    /// The value of `text`, evaluated with `globals` visible. Errors are `ConfigError`s located at
    /// the line and column inside `text`, with `file` as the file name.
    static func evaluate(_ text: String, file: String, globals: [(String, ConfigValue)]) throws -> ConfigValue {
        let sandbox = Config(environment: ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0, output: { _ in }))
        for (name, value) in globals { sandbox.set(name, value) }
        let source = "#!returnn.py\n__value__ = (\n" + text + "\n)\n"
        do {
            try sandbox.load(text: source, filename: file)
        } catch var e as ConfigError {
            if let loc = e.location {
                let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
                e.location = located(loc, file: file, lastLine: lastLine)
            }
            throw e
        }
        guard let value = sandbox.typed["__value__"] else {
            preconditionFailure("the sandbox ran the assignment without storing its value")
        }
        return value
    }

    /// The place in the evaluated text of a location the sandbox reported (values of the
    /// result carry sandbox locations); locations in other files stay as they are.
    static func located(_ loc: SourceLocation, file: String, lastLine: Int = .max) -> SourceLocation {
        guard loc.file == file else { return loc }
        return SourceLocation(file: file, line: min(max(loc.line - prefixLines, 1), lastLine), column: loc.column)
    }
}
