/// A position in a config source: file name as given, 1-based line and column.
///
/// Every `ConfigValue` carries one, so errors can say where a value was set. Values that come
/// from the command line use the file name `<command line>`; built-in values use `<builtin>`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given (e.g. on the command line), or a pseudo name in angle brackets.
    public var file: String
    /// 1-based line number (0 when unknown).
    public var line: Int
    /// 1-based column number (0 when unknown).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Location of values created by the runtime itself (builtins, defaults).
    public static let builtin = SourceLocation(file: "<builtin>", line: 0, column: 0)

    /// Location of values given on the command line (`++key value`, options).
    public static let commandLine = SourceLocation(file: "<command line>", line: 0, column: 0)

    /// `file:line:col`, or just the file name when line is unknown.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
