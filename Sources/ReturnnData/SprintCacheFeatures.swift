/// A decoded feature entry of a Sprint cache (upstream `FileArchive.read(name, "feat")`, RASR
/// `Flow::CacheWriter` + `Flow::Vector<T>::write`).
///
/// Payload, as RASR's `CacheWriter` writes it: one or more blocks, each the datatype name (u32
/// length + bytes, e.g. `vector-f32`), a u32 frame count (`Datatype::writeGatheredData`), then per
/// frame u32 dim, dim elements and two f64 (start and end time, `Timestamp::write`). RASR starts a
/// new block when more than `gather` frames are buffered (a `cache` node option, unlimited by
/// default); the blocks are concatenated here. Upstream RETURNN reads only the first block and
/// only `vector-f32`; this reader takes any `SprintCacheVectorType` and returns float32 values.
public struct SprintCacheFeatures: Sendable, Equatable {
    /// The element type as written (all blocks must agree).
    public var type: SprintCacheVectorType
    /// Feature dimension per frame (`dims[0]`; every frame must have it for `values` to be a matrix).
    public var dim: Int
    /// Row-major `[frames, dim]` values.
    public var values: [Float]
    /// `(start, end)` time of each frame.
    public var times: [SprintCacheFrameTime]

    /// Number of frames.
    public var frames: Int { times.count }

    /// Decodes a feature payload; throws naming `path` and `entry` for an unsupported type string,
    /// blocks of different types, truncation, or frames of differing dims.
    public init(parsing bytes: [UInt8], path: String, entry: String) throws {
        var r = SprintCacheByteReader(bytes, path: path, entry: entry)
        var type: SprintCacheVectorType?
        var dim = -1
        var values = [Float]()
        var times = [SprintCacheFrameTime]()
        var block = 0
        repeat {
            let name = try r.lengthPrefixedString("datatype name of block \(block)")
            guard let t = SprintCacheVectorType(flowName: name) else {
                let hint = name == "flow-alignment" ? " (this is an alignment cache: use data_type 'align')" : ""
                throw r.error("feature type is '\(name)', expected one of \(SprintCacheVectorType.allCases.map(\.flowName).joined(separator: ", "))\(hint)")
            }
            if let first = type, first != t {
                throw r.error("block \(block) has type '\(name)', block 0 has '\(first.flowName)'")
            }
            type = t
            let count = Int(try r.u32("frame count of block \(block)"))
            times.reserveCapacity(times.count + Swift.min(count, r.remaining / 20))
            for _ in 0..<count {
                let f = times.count
                let d = Int(try r.u32("dim of frame \(f)"))
                if dim < 0 {
                    dim = d
                    values.reserveCapacity(Swift.min(count * d, r.remaining / t.byteWidth))
                } else if d != dim {
                    throw r.error("frame \(f) has dim \(d), frame 0 has dim \(dim)")
                }
                try r.elements(t, d, into: &values, "values of frame \(f)")
                let start = try r.f64("start time of frame \(f)")
                let end = try r.f64("end time of frame \(f)")
                times.append(SprintCacheFrameTime(start: start, end: end))
            }
            block += 1
        } while r.remaining > 0
        self.type = type!
        self.dim = Swift.max(dim, 0)
        self.values = values
        self.times = times
    }
}
