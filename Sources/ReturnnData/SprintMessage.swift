/// One message from the RASR side (`Resources/returnn_sprint_extern.py` documents the framing).
enum SprintMessage {
    /// RASR's `init`: dims, and the corpus' segment names (with durations in seconds when known).
    case initialize(inputDim: Int, outputDim: Int, segmentNames: [String], segmentTimes: [Double])
    /// One segment.
    case data(SprintSegment)
    /// RASR's `exit`: every segment was sent.
    case exit
}
