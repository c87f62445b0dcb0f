/// Writes an SSTable in the layout of LevelDB and TensorFlow's `table::TableBuilder`, uncompressed,
/// which is what a checkpoint's `.index` file is: data blocks of sorted key/value entries, an empty
/// meta-index block, an index block (one entry per data block: a short key between that block's
/// last key and the next block's first key, and the block's handle), and a 48-byte footer with the
/// two handles and the magic number. Each block is followed by its compression type (0 = none) and
/// the masked CRC32C of contents and type byte.
///
/// With the same entries and options, the bytes are those TensorFlow writes.
public struct SSTableWriter {
    /// The footer's magic number (LevelDB's `kTableMagicNumber`).
    public static let magic: UInt64 = 0xDB47_7524_8B80_FB57
    /// Footer size: two padded block handles and the magic number.
    public static let footerSize = 2 * SSTableBlockHandle.maxEncodedLength + 8

    /// Target size of a data block; a block is closed once it reaches this (TF default 256 KiB).
    public let blockSize: Int
    private var out: [UInt8] = []
    private var dataBlock: SSTableBlockBuilder
    private var indexBlock = SSTableBlockBuilder(restartInterval: 1)
    private var lastKey: [UInt8] = []
    private var pendingHandle: SSTableBlockHandle?
    private var count = 0

    /// A writer with TensorFlow's defaults: 256 KiB blocks, a restart point every 16 entries.
    public init(blockSize: Int = 262_144, restartInterval: Int = 16) {
        precondition(blockSize >= 1, "SSTableWriter: block size must be >= 1")
        self.blockSize = blockSize
        dataBlock = SSTableBlockBuilder(restartInterval: restartInterval)
    }

    /// Adds an entry; keys must be added in strictly increasing byte order.
    public mutating func add(key: [UInt8], value: [UInt8]) {
        precondition(count == 0 || lastKey.lexicographicallyPrecedes(key), "SSTableWriter: keys must be added in increasing order")
        if let h = pendingHandle {
            indexBlock.add(key: Self.shortestSeparator(lastKey, key), value: h.encoded)
            pendingHandle = nil
        }
        dataBlock.add(key: key, value: value)
        lastKey = key
        count += 1
        if dataBlock.sizeEstimate >= blockSize { flush() }
    }

    /// The complete file.
    public mutating func finish() -> [UInt8] {
        flush()
        var meta = SSTableBlockBuilder(restartInterval: 1)
        let metaHandle = appendBlock(meta.finish())
        if let h = pendingHandle {
            indexBlock.add(key: Self.shortSuccessor(lastKey), value: h.encoded)
            pendingHandle = nil
        }
        let indexHandle = appendBlock(indexBlock.finish())
        var footer = metaHandle.encoded + indexHandle.encoded
        footer.append(contentsOf: [UInt8](repeating: 0, count: 2 * SSTableBlockHandle.maxEncodedLength - footer.count))
        ByteCoding.appendFixed64(Self.magic, to: &footer)
        out.append(contentsOf: footer)
        return out
    }

    private mutating func flush() {
        guard !dataBlock.isEmpty else { return }
        pendingHandle = appendBlock(dataBlock.finish())
    }

    /// Appends a finished block and its trailer; returns its handle.
    private mutating func appendBlock(_ contents: [UInt8]) -> SSTableBlockHandle {
        let handle = SSTableBlockHandle(offset: UInt64(out.count), size: UInt64(contents.count))
        out.append(contentsOf: contents)
        out.append(0)
        let crc = CRC32C.extend(CRC32C.checksum(contents), [0])
        ByteCoding.appendFixed32(CRC32C.mask(crc), to: &out)
        return handle
    }

    /// A short key `k` with `start <= k < limit` (LevelDB's bytewise `FindShortestSeparator`):
    /// `start` cut after the first differing byte, which is incremented, where that stays below
    /// `limit`; else `start` itself.
    static func shortestSeparator(_ start: [UInt8], _ limit: [UInt8]) -> [UInt8] {
        let n = min(start.count, limit.count)
        var i = 0
        while i < n && start[i] == limit[i] { i += 1 }
        guard i < n else { return start }
        let b = start[i]
        guard b < 0xFF, b + 1 < limit[i] else { return start }
        return Array(start[..<i]) + [b + 1]
    }

    /// A short key `k >= key` (LevelDB's bytewise `FindShortSuccessor`): cut after the first byte
    /// that is not 0xFF, which is incremented; `key` itself if all bytes are 0xFF.
    static func shortSuccessor(_ key: [UInt8]) -> [UInt8] {
        guard let i = key.firstIndex(where: { $0 != 0xFF }) else { return key }
        return Array(key[..<i]) + [key[i] + 1]
    }
}
