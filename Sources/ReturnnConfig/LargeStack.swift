import Foundation

/// Runs config parsing/evaluation on a thread with a large stack, so that the nesting and
/// recursion limits (not the caller's thread stack, which may be small in a test runner or a
/// task pool) are what stops deeply nested input.
///
/// The work runs on one long-lived worker thread (started on first use), not a new thread per
/// call: an `eval` layer in a rec loop evaluates its expression at every frame, and creating a
/// thread each time cost more than the evaluation. Calls made on the worker itself (nested
/// evaluation) run in place; calls from several threads take turns.
enum LargeStack {
    /// Stack size of the evaluation thread.
    static let stackSize = 64 << 20

    /// Runs `body` on the large-stack worker and returns its result (or rethrows its error).
    static func run<T>(_ body: @escaping () throws -> T) throws -> T {
        if Thread.current.threadDictionary[LargeStackWorker.marker] != nil { return try body() }
        nonisolated(unsafe) var result: Result<T, Error>?
        nonisolated(unsafe) let work = body
        LargeStackWorker.shared.perform { result = Result { try work() } }
        return try result!.get()
    }
}

/// The thread behind `LargeStack`: one job at a time, handed over under a lock.
final class LargeStackWorker: @unchecked Sendable {
    /// The key the worker sets in its thread dictionary.
    static let marker = "returnn.LargeStack.worker"
    /// The one worker (created on first use; lives as long as the process).
    static let shared = LargeStackWorker()

    private let lock = NSCondition()
    private var job: (() -> Void)?
    private var finished = false
    /// Serializes callers from several threads.
    private let callers = NSLock()

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.stackSize = LargeStack.stackSize
        thread.start()
    }

    /// Runs `job` on the worker and waits for it.
    func perform(_ job: @escaping () -> Void) {
        callers.lock()
        defer { callers.unlock() }
        lock.lock()
        self.job = job
        finished = false
        lock.broadcast()
        while !finished { lock.wait() }
        lock.unlock()
    }

    private func loop() {
        Thread.current.threadDictionary[LargeStackWorker.marker] = true
        lock.lock()
        while true {
            while job == nil { lock.wait() }
            let j = job!
            lock.unlock()
            j()
            lock.lock()
            job = nil
            finished = true
            lock.broadcast()
        }
    }
}
