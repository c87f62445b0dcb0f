import Foundation

/// The `seqTags` of one RETURNN HDF file, loaded on first use and stored compactly.
///
/// Opening a file with millions of sequences must be fast and most uses (sorting, batching by
/// length) need no tags, so the tags are read only when the first one is asked for: then all of
/// them in one pass (in blocks of 65536), into one byte buffer plus offsets (no per-tag
/// allocation). Fixed-size (`S<n>`) and variable-length tags are both supported; each is decoded
/// as UTF-8 and cut at the first NUL, as upstream's `_decode`.
///
/// Thread safety: loading happens once, under a lock.
final class HDFSeqTags: @unchecked Sendable {
    private let dataset: H5Dataset
    private let count: Int
    private let lock = NSLock()
    private var bytes: [UInt8] = []  // guarded by lock until loaded
    private var offsets: [Int] = []
    private var loaded = false

    /// Wraps the (already validated, 1-D, `count` entries, string-typed) `seqTags` dataset.
    init(dataset: H5Dataset, count: Int) {
        self.dataset = dataset
        self.count = count
    }

    /// Tag `seq` (0 ≤ seq < count).
    func tag(_ seq: Int) throws -> String {
        try load()
        return String(decoding: bytes[offsets[seq]..<offsets[seq + 1]], as: UTF8.self)
    }

    /// All tags in order.
    func all() throws -> [String] {
        try load()
        return (0..<count).map { String(decoding: bytes[offsets[$0]..<offsets[$0 + 1]], as: UTF8.self) }
    }

    private func load() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !loaded else { return }
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(count + 1)
        let block = 1 << 16
        for first in stride(from: 0, to: count, by: block) {
            try dataset.readStringBytes(first..<min(count, first + block)) { tag in
                bytes.append(contentsOf: tag)
                offsets.append(bytes.count)
            }
        }
        self.bytes = bytes
        self.offsets = offsets
        loaded = true
    }
}
