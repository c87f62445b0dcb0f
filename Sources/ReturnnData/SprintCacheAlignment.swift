/// A decoded alignment entry of a Sprint cache (upstream `FileArchive.read(name, "align_raw")`).
///
/// Payload: u32 type length, `"flow-alignment"`, u32 flag, the 8-byte header `ALIGNRLE` or
/// `AALPHRLE`, then u32 size. For size < 2^31 come run-length items until `size` frames are read:
/// an i8 `n`; `n > 0`: n explicit u32 mixtures; `n < 0`: one u32 mixture for −n frames; `n == 0`:
/// a u32 time reset. Otherwise `size & 0x7fffffff` is the version (1 or 2) of the weighted scheme:
/// a packed u32 frame count, then groups of a packed u32 `k` (bit 0: a packed u32 time follows),
/// `k >> 1` items of packed u32 emission plus weight (v1: u16 / 65535, v2: f32), time + 1 per group.
/// Any trailing label alphabet (`AALPHRLE`) is ignored, as upstream. Upstream's Python reader
/// halves `k` with float division and so reads one item too many in groups that carry a time;
/// this reader uses `k >> 1` as the format intends (identical for groups without a time).
public struct SprintCacheAlignment: Sendable, Equatable {
    /// One aligned frame.
    public struct Item: Sendable, Equatable {
        /// Time frame index.
        public var time: Int
        /// Raw mixture index: allophone index + state × 2^26.
        public var emission: UInt32
        /// Weight (1 in the run-length scheme).
        public var weight: Float

        /// An item.
        public init(time: Int, emission: UInt32, weight: Float) {
            self.time = time
            self.emission = emission
            self.weight = weight
        }
    }

    /// The aligned frames in payload order.
    public var items: [Item]

    /// Decodes an alignment payload; throws naming `path` and `entry` for a wrong type or header,
    /// an unknown weighted version, or truncation.
    public init(parsing bytes: [UInt8], path: String, entry: String) throws {
        var r = SprintCacheByteReader(bytes, path: path, entry: entry)
        let typeLen = try r.u32("type length")
        let type = try r.string(Int(typeLen), "type string")
        guard type == "flow-alignment" else {
            throw r.error("alignment type is '\(type)', expected 'flow-alignment' (is this a feature cache? use data_type 'feat')")
        }
        _ = try r.i32("flag")
        let header = try r.string(8, "alignment header")
        guard header == "ALIGNRLE" || header == "AALPHRLE" else {
            throw r.error("no valid alignment header (found '\(header)', expected ALIGNRLE or AALPHRLE); wrong cache?")
        }
        let size = try r.u32("alignment size")
        var items = [Item]()
        if size < 1 << 31 {
            items.reserveCapacity(Swift.min(Int(size), r.remaining))
            var time = 0
            while items.count < Int(size) {
                let n = try r.i8("run length at frame \(items.count)")
                if n > 0 {
                    for _ in 0..<Int(n) {
                        items.append(Item(time: time, emission: try r.u32("mixture at frame \(items.count)"), weight: 1))
                        time += 1
                    }
                } else if n < 0 {
                    let mix = try r.u32("mixture at frame \(items.count)")
                    for _ in 0..<(-Int(n)) {
                        items.append(Item(time: time, emission: mix, weight: 1))
                        time += 1
                    }
                } else {
                    time = Int(try r.i32("time reset at frame \(items.count)"))
                }
            }
        } else {
            let version = size & 0x7fff_ffff
            guard version == 1 || version == 2 else {
                throw r.error("weighted alignment version \(version) is not supported (only 1 and 2)")
            }
            let count = Int(try r.packedU32("weighted alignment size"))
            items.reserveCapacity(Swift.min(count, r.remaining))
            var time = 0
            while items.count < count {
                let k = try r.packedU32("item count at frame \(items.count)")
                if k & 1 != 0 { time = Int(try r.packedU32("time at frame \(items.count)")) }
                for _ in 0..<Int(k >> 1) {
                    let e = try r.packedU32("emission at frame \(items.count)")
                    let w = version == 1 ? Float(try r.u16("weight at frame \(items.count)")) / 65535 : try r.f32("weight at frame \(items.count)")
                    items.append(Item(time: time, emission: e, weight: w))
                }
                time += 1
            }
        }
        self.items = items
    }
}
