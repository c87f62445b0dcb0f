/// One entry of a Sprint cache archive (upstream `FileInfo`).
public struct SprintCacheEntry: Sendable, Equatable {
    /// Entry name, e.g. a segment name like `corpus/rec/1` or `corpus/rec/1.attribs`.
    public var name: String
    /// Byte offset of the entry's record header (u32 size, u32 compressed size, u32 checksum).
    public var pos: UInt64
    /// Uncompressed payload size in bytes (upstream sorts sequences by this).
    public var size: UInt32
    /// Compressed size in bytes as listed (0: stored uncompressed).
    public var compressed: UInt32

    /// An entry.
    public init(name: String, pos: UInt64, size: UInt32, compressed: UInt32) {
        self.name = name
        self.pos = pos
        self.size = size
        self.compressed = compressed
    }
}
