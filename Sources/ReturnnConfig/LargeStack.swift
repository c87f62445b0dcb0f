import Foundation

/// Runs config parsing/evaluation on a thread with a large stack, so that the nesting and
/// recursion limits (not the caller's thread stack, which may be small in a test runner or a
/// task pool) are what stops deeply nested input.
enum LargeStack {
    /// Stack size of the evaluation thread.
    static let stackSize = 64 << 20

    static func run<T>(_ body: @escaping () throws -> T) throws -> T {
        nonisolated(unsafe) var result: Result<T, Error>?
        nonisolated(unsafe) let work = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result = Result { try work() }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return try result!.get()
    }
}
