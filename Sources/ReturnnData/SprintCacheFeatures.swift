/// A decoded feature entry of a Sprint cache (upstream `FileArchive.read(name, "feat")`).
///
/// Payload: u32 type length, `"vector-f32"`, u32 frame count, then per frame u32 dim, dim × f32,
/// and two f64 (start and end time).
public struct SprintCacheFeatures: Sendable, Equatable {
    /// Feature dimension per frame (`dims[0]`; every frame must have it for `values` to be a matrix).
    public var dim: Int
    /// Row-major `[frames, dim]` values.
    public var values: [Float]
    /// `(start, end)` time of each frame.
    public var times: [SprintCacheFrameTime]

    /// Number of frames.
    public var frames: Int { times.count }

    /// Decodes a feature payload; throws naming `path` and `entry` for a wrong type string,
    /// truncation, or frames of differing dims.
    public init(parsing bytes: [UInt8], path: String, entry: String) throws {
        var r = SprintCacheByteReader(bytes, path: path, entry: entry)
        let typeLen = try r.u32("type length")
        let type = try r.string(Int(typeLen), "type string")
        guard type == "vector-f32" else {
            throw r.error("feature type is '\(type)', expected 'vector-f32' (is this an alignment cache? use data_type 'align')")
        }
        let count = Int(try r.u32("frame count"))
        var dim = -1
        var values = [Float]()
        var times = [SprintCacheFrameTime]()
        times.reserveCapacity(Swift.min(count, r.remaining / 20))
        for t in 0..<count {
            let d = Int(try r.u32("dim of frame \(t)"))
            if dim < 0 {
                dim = d
                values.reserveCapacity(Swift.min(count * d, r.remaining / 4))
            } else if d != dim {
                throw r.error("frame \(t) has dim \(d), frame 0 has dim \(dim)")
            }
            try r.f32s(d, into: &values, "values of frame \(t)")
            let start = try r.f64("start time of frame \(t)")
            let end = try r.f64("end time of frame \(t)")
            times.append(SprintCacheFrameTime(start: start, end: end))
        }
        self.dim = Swift.max(dim, 0)
        self.values = values
        self.times = times
    }
}
