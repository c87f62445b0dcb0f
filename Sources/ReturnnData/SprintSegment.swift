/// One segment as RASR sent it, before the dataset's processing.
struct SprintSegment {
    /// The segment's full name (`corpus/recording/segment`), nil when RASR gave none.
    var name: String?
    /// Features, float32 `[time, inputDim]` row-major.
    var features: [Float]
    var frames: Int
    var dim: Int
    /// Int32 targets by key (`classes`).
    var arrays: [String: [Int32]]
    /// String targets by key (`orth`).
    var strings: [String: String]
}
