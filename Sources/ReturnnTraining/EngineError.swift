/// A user-facing error of the engine (bad data for the network, missing model files, a non-finite
/// score, ...): the CLI prints the message and exits non-zero.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let message: String
    /// Exit status the CLI should use (1 by default, as upstream's `sys.exit(1)`).
    public let exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The message.
    public var description: String { message }
}
