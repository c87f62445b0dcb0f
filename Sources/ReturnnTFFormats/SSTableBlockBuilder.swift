/// Builds one block of an SSTable (LevelDB's `BlockBuilder`, as TensorFlow's table writer uses it):
/// entries with keys prefix-compressed against the previous key, a full key every
/// `restartInterval` entries (a restart point), then the restart offsets and their count.
///
/// Entry: `varint32 shared | varint32 nonShared | varint32 valueLength | key[shared...] | value`.
struct SSTableBlockBuilder {
    /// Entries between restart points (16 for data blocks, 1 for the index block).
    let restartInterval: Int
    private(set) var buffer: [UInt8] = []
    private var restarts: [UInt32] = [0]
    private var counter = 0
    private var lastKey: [UInt8] = []

    /// An empty block.
    init(restartInterval: Int) {
        precondition(restartInterval >= 1, "SSTableBlockBuilder: restart interval must be >= 1")
        self.restartInterval = restartInterval
    }

    /// Whether no entry was added since the last `finish`.
    var isEmpty: Bool { buffer.isEmpty }

    /// The size the finished block would have (entries, restart array, count).
    var sizeEstimate: Int { buffer.count + 4 * restarts.count + 4 }

    /// Appends an entry; `key` must sort after the previous key (byte order).
    mutating func add(key: [UInt8], value: [UInt8]) {
        precondition(isEmpty || lastKey.lexicographicallyPrecedes(key), "SSTableBlockBuilder: keys must be added in increasing order")
        var shared = 0
        if counter < restartInterval {
            let n = min(lastKey.count, key.count)
            while shared < n && lastKey[shared] == key[shared] { shared += 1 }
        } else {
            restarts.append(UInt32(buffer.count))
            counter = 0
        }
        ByteCoding.appendVarint(UInt64(shared), to: &buffer)
        ByteCoding.appendVarint(UInt64(key.count - shared), to: &buffer)
        ByteCoding.appendVarint(UInt64(value.count), to: &buffer)
        buffer.append(contentsOf: key[shared...])
        buffer.append(contentsOf: value)
        lastKey = key
        counter += 1
    }

    /// The finished block's bytes; the builder is empty again afterwards.
    mutating func finish() -> [UInt8] {
        var out = buffer
        for r in restarts { ByteCoding.appendFixed32(r, to: &out) }
        ByteCoding.appendFixed32(UInt32(restarts.count), to: &out)
        buffer = []
        restarts = [0]
        counter = 0
        lastKey = []
        return out
    }
}
