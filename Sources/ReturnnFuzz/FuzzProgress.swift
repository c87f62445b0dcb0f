import Foundation

/// The worker's counters, kept in a small file that the supervisor reads after the worker died:
/// the index of the input being read, the phase (0 making it, 1 reading it), and the counts.
/// One `pwrite` per input. Thread-safe: the counters are read and written under a lock.
final class FuzzProgress: @unchecked Sendable {
    /// The counters, in file order.
    struct Counters: Equatable {
        var index = 0
        var phase = 0
        var accepted = 0
        var rejected = 0
        var findings = 0
        /// Slowest read so far, in microseconds.
        var slowestMicros = 0

        var asArray: [Int64] { [index, phase, accepted, rejected, findings, slowestMicros].map(Int64.init) }

        init() {}

        init(_ a: [Int64]) {
            let v = a.map(Int.init) + [Int](repeating: 0, count: max(0, 6 - a.count))
            (index, phase, accepted, rejected, findings, slowestMicros) = (v[0], v[1], v[2], v[3], v[4], v[5])
        }
    }

    private let fd: Int32
    private let lock = NSLock()
    private var counters = Counters()
    private var started = Date()

    /// Opens (creates) the file at `path`.
    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FuzzError("cannot create \(path)") }
    }

    deinit { close(fd) }

    /// Updates the counters under the lock and stores them.
    func update(_ body: (inout Counters) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&counters)
        if counters.phase == 1 { started = Date() }
        let values = counters.asArray
        _ = values.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The index being read and for how long, if a read is under way.
    var current: (index: Int, seconds: Double)? {
        lock.lock()
        defer { lock.unlock() }
        return counters.phase == 1 ? (counters.index, Date().timeIntervalSince(started)) : nil
    }

    /// The counters stored in the file at `path` (zeros if there are none).
    static func read(path: String) -> Counters {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 48 else { return Counters() }
        return Counters(data.withUnsafeBytes { raw in (0..<6).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self) } })
    }
}
