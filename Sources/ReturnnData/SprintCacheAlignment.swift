/// A decoded alignment entry of a Sprint cache (upstream `FileArchive.read(name, "align_raw")`,
/// RASR `Speech::operator<<(BinaryOutputStream&, const Alignment&)` in `src/Speech/Alignment.cc`).
///
/// Payload, as RASR's Flow `CacheWriter` writes a `DataAdaptor<Alignment>`: the datatype name
/// (u32 length, `"flow-alignment"`), the u32 packet count (1: one alignment per segment), the
/// 8-byte magic, the alignment, then the packet's `Timestamp` (f64 start, f64 end).
///
/// Magic `ALIGNRLE` (allophone-state ids), `AALPHRLE` (the same plus a label alphabet after the
/// items) or `ALIGNEMI` (emission ids, i.e. already state-tied labels; upstream RETURNN rejects
/// it). Then u32 size. For size < 2^31 come run-length items until `size` frames are read: an i8
/// `n`; `n > 0`: n explicit u32 ids; `n < 0`: one u32 id for −n frames; `n == 0`: a u32 time
/// reset. Otherwise `size & 0x7fffffff` is the version (RASR writes 2, reads 1 and 2) of the
/// weighted scheme: a packed u32 item count, then per frame a packed u32 `k` (bit 0: a packed u32
/// time follows), `k >> 1` items of packed u32 id plus weight (v1: u16 / 65535, v2: f32); the time
/// advances by one per frame group. The `AALPHRLE` alphabet is a packed u32 count of (packed u32
/// id, u32-length string) pairs. Upstream's Python reader halves `k` with float division and so
/// reads one item too many in groups that carry a time; this reader uses `k >> 1` as RASR does.
public struct SprintCacheAlignment: Sendable, Equatable {
    /// What the ids of an alignment are (RASR `Alignment::LabelType`).
    public enum LabelType: Sendable, Equatable {
        /// Allophone-state ids: allophone index + state × 2^26 (`ALIGNRLE`, `AALPHRLE`).
        case allophoneState
        /// Emission (state-tied label) ids (`ALIGNEMI`).
        case emission
    }

    /// One aligned frame.
    public struct Item: Sendable, Equatable {
        /// Time frame index.
        public var time: Int
        /// Raw id: allophone index + state × 2^26, or an emission id (see `labelType`).
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
    /// What `Item.emission` holds.
    public var labelType: LabelType
    /// The `AALPHRLE` label alphabet (id → symbol); empty otherwise.
    public var alphabet: [UInt32: String]
    /// The packet's start and end time; nil when the payload ends right after the alignment
    /// (hand-made caches; RASR always writes it).
    public var time: SprintCacheFrameTime?

    /// Decodes an alignment payload; throws naming `path` and `entry` for a wrong type or magic,
    /// more than one alignment packet, an unknown weighted version, or truncation.
    public init(parsing bytes: [UInt8], path: String, entry: String) throws {
        var r = SprintCacheByteReader(bytes, path: path, entry: entry)
        let type = try r.lengthPrefixedString("datatype name")
        guard type == "flow-alignment" else {
            throw r.error("alignment type is '\(type)', expected 'flow-alignment' (is this a feature cache? use data_type 'feat')")
        }
        let packets = try r.u32("packet count")
        guard packets == 1 else {
            throw r.error("holds \(packets) alignment packets; expected one alignment per segment")
        }
        let magic = try r.string(8, "alignment magic")
        switch magic {
        case "ALIGNRLE", "AALPHRLE": labelType = .allophoneState
        case "ALIGNEMI": labelType = .emission
        default:
            throw r.error("no valid alignment magic (found '\(magic)', expected ALIGNRLE, AALPHRLE or ALIGNEMI); wrong cache?")
        }
        let size = try r.u32("alignment size")
        items = size < 1 << 31 ? try Self.runLength(&r, count: Int(size)) : try Self.weighted(&r, version: size & 0x7fff_ffff)
        alphabet = [:]
        if magic == "AALPHRLE" {
            let n = try r.packedU32("alphabet size")
            for i in 0..<Int(n) {
                let id = try r.packedU32("alphabet id \(i)")
                alphabet[id] = try r.lengthPrefixedString("alphabet symbol \(i)")
            }
        }
        if r.remaining == 0 {
            time = nil
        } else {
            time = SprintCacheFrameTime(start: try r.f64("packet start time"), end: try r.f64("packet end time"))
            guard r.remaining == 0 else {
                throw r.error("\(r.remaining) bytes after the alignment packet; expected one alignment per segment")
            }
        }
    }

    static func runLength(_ r: inout SprintCacheByteReader, count: Int) throws -> [Item] {
        var items = [Item]()
        items.reserveCapacity(Swift.min(count, r.remaining))
        var time = 0
        while items.count < count {
            let n = try r.i8("run length at frame \(items.count)")
            if n > 0 {
                for _ in 0..<Int(n) {
                    items.append(Item(time: time, emission: try r.u32("id at frame \(items.count)"), weight: 1))
                    time += 1
                }
            } else if n < 0 {
                let id = try r.u32("id at frame \(items.count)")
                for _ in 0..<(-Int(n)) {
                    items.append(Item(time: time, emission: id, weight: 1))
                    time += 1
                }
            } else {
                time = Int(try r.u32("time reset at frame \(items.count)"))
            }
        }
        return items
    }

    static func weighted(_ r: inout SprintCacheByteReader, version: UInt32) throws -> [Item] {
        guard version == 1 || version == 2 else {
            throw r.error("weighted alignment version \(version) is not supported (only 1 and 2)")
        }
        let count = Int(try r.packedU32("weighted alignment size"))
        var items = [Item]()
        items.reserveCapacity(Swift.min(count, r.remaining))
        var time = 0
        while items.count < count {
            let k = try r.packedU32("item count at frame \(items.count)")
            if k & 1 != 0 { time = Int(try r.packedU32("time at frame \(items.count)")) }
            guard Int(k >> 1) <= count - items.count else {
                throw r.error("frame group of \(k >> 1) items exceeds the alignment size \(count)")
            }
            for _ in 0..<Int(k >> 1) {
                let e = try r.packedU32("id at frame \(items.count)")
                let w = version == 1 ? Float(try r.u16("weight at frame \(items.count)")) / 65535 : try r.f32("weight at frame \(items.count)")
                items.append(Item(time: time, emission: e, weight: w))
            }
            time += 1
        }
        return items
    }
}
