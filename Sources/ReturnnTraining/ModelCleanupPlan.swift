/// The outcome of `ModelCleanup.plan`: which stored epochs stay, which go, and the log lines
/// RETURNN prints for it.
public struct ModelCleanupPlan: Sendable, Equatable {
    /// A log line with its verbosity (RETURNN's `log.v2` / `log.v3`).
    public struct Message: Sendable, Equatable {
        /// Verbosity level of the line.
        public var verbosity: Int
        /// The text.
        public var text: String

        /// A line.
        public init(verbosity: Int, text: String) {
            self.verbosity = verbosity
            self.text = text
        }
    }

    /// Stored epochs that are kept, sorted.
    public var keep: [Int]
    /// Stored epochs whose models are to be deleted, sorted.
    public var delete: [Int]
    /// Log lines explaining the decision.
    public var messages: [Message]

    /// A plan.
    public init(keep: [Int], delete: [Int], messages: [Message]) {
        self.keep = keep
        self.delete = delete
        self.messages = messages
    }
}
