/// Start and end time of one feature frame (seconds, as written by Sprint).
public struct SprintCacheFrameTime: Sendable, Equatable {
    /// Start time.
    public var start: Double
    /// End time.
    public var end: Double

    /// A frame time.
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}
