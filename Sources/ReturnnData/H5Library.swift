import CHDF5
import Foundation

/// Process-wide access rules for libhdf5: initialisation, the lock, and error-stack capture.
///
/// Thread safety: Debian's serial libhdf5 1.10 is built thread-safe (`H5is_library_threadsafe`),
/// which serialises every API call with one global lock and keeps error stacks per thread. We
/// rely on neither: every operation of this layer (often several API calls, e.g. select a
/// hyperslab, then read) runs under our own recursive lock, so operations are atomic and a
/// non-thread-safe build is safe as well. HDF5 serialises all I/O anyway, so the lock costs no
/// parallelism. The lock is a constant (`static let`), not mutable global state.
enum H5Library {
    /// The one lock around every sequence of HDF5 calls.
    static let lock = NSRecursiveLock()

    /// Whether the linked libhdf5 was built thread-safe (informational; we lock either way).
    /// Evaluated before the first HDF5 call, it also initialises the library without its exit
    /// handler: after a file's close failed (a full disk), libhdf5 1.10's cleanup at exit
    /// crashes on that file. Every file is closed by its owner, so the handler has nothing to do.
    static let isLibraryThreadSafe: Bool = {
        lock.lock()
        defer { lock.unlock() }
        _ = H5dont_atexit()
        _ = H5open()
        var threadSafe = false
        _ = H5is_library_threadsafe(&threadSafe)
        return threadSafe
    }()

    /// Runs `body` under the lock, with HDF5's automatic stderr error printing switched off.
    ///
    /// The automatic printing is a per-thread setting in thread-safe builds, so it is switched
    /// off on every entry (a cheap call) rather than once per process.
    static func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        _ = isLibraryThreadSafe  // initialises the library first (see there)
        _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
        return try body()
    }

    /// The messages of the current thread's HDF5 error stack, outermost first, innermost last,
    /// condensed to "outermost: innermost". Call it right after the failing call.
    static func errorStackMessage() -> String {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        _ = H5Ewalk2(hid_t(H5E_DEFAULT), H5E_WALK_DOWNWARD, { _, desc, data in
            guard let desc, let data else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
            if let text = desc.pointee.desc {
                collector.messages.append(String(cString: text))
            }
            return 0
        }, unmanaged.toOpaque())
        _ = H5Eclear2(hid_t(H5E_DEFAULT))
        let messages = collector.messages.map(condensed).filter { !$0.isEmpty }
        guard let first = messages.first else { return "HDF5 reported no details" }
        if let last = messages.last, last != first { return "\(first): \(last)" }
        return first
    }

    /// One message of the error stack, short: libhdf5's reports of failed system calls span lines
    /// ("file write failed: time = ..., filename = ..., errno = 27, error message = 'File too
    /// large', buf = 0x..., ...") and become "file write failed: File too large".
    static func condensed(_ message: String) -> String {
        if let r = message.range(of: "error message = '"), let end = message[r.upperBound...].firstIndex(of: "'") {
            let head = message[..<(message.firstIndex(of: ":") ?? message.endIndex)]
            return "\(head): \(message[r.upperBound..<end])"
        }
        return String(message.prefix { $0 != "\n" })
    }
}
