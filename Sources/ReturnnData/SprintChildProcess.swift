import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A RASR child process for `ExternSprintDataset`: started with two pipes (child-to-parent data on
/// its descriptor 3, parent-to-child on 4), its stdout and stderr read by a thread that forwards
/// them to ours and keeps the last lines for error messages.
///
/// Thread safety: `readMessage` from one thread (the dataset's reader); `kill`, `wait`, `outputTail`
/// from any.
final class SprintChildProcess: @unchecked Sendable {
    /// Descriptor numbers in the child (upstream passes them in `pymod-config` as `c2p_fd`, `p2c_fd`).
    static let childToParentFd: Int32 = 3
    static let parentToChildFd: Int32 = 4
    /// How many of the child's last output lines an error message quotes.
    static let tailLines = 30

    /// The command line, for messages.
    let arguments: [String]
    let pid: pid_t
    let reader: SprintMessageReader
    private let toChildWrite: Int32
    private let outputThread: Thread
    private let lock = NSCondition()
    private var tail: [String] = []
    private var partialLine = Data()
    private var outputDone = false
    private var status: Int32?

    /// Starts `arguments[0]` (searched in `PATH` when it has no slash) with `arguments`; `forwardOutput`
    /// copies the child's output to our stdout.
    init(arguments: [String], forwardOutput: Bool) throws {
        precondition(!arguments.isEmpty, "no command")
        self.arguments = arguments
        let path = try Self.resolve(arguments[0])
        var toParent: [Int32] = [0, 0], toChild: [Int32] = [0, 0], output: [Int32] = [0, 0]
        for i in 0..<3 {
            let e: Int32
            switch i {
            case 0: e = returnn_pipe_cloexec(&toParent)
            case 1: e = returnn_pipe_cloexec(&toChild)
            default: e = returnn_pipe_cloexec(&output)
            }
            guard e == 0 else {
                for fd in toParent + toChild where fd > 0 { close(fd) }
                throw SprintChildProcess.failure("cannot create pipes: \(String(cString: strerror(e)))")
            }
        }
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var childPid: pid_t = 0
        let passed: [Int32] = [toParent[1], toChild[0]]
        let err = passed.withUnsafeBufferPointer { fds in
            returnn_spawn(path, &cArgs, output[1], fds.baseAddress, Int32(fds.count), &childPid)
        }
        close(toParent[1]); close(toChild[0]); close(output[1])
        if err != 0 {
            close(toParent[0]); close(toChild[1]); close(output[0])
            throw SprintChildProcess.failure("cannot start \(path): \(String(cString: strerror(err)))")
        }
        pid = childPid
        reader = SprintMessageReader(fd: toParent[0])
        toChildWrite = toChild[1]
        let fd = output[0]
        let box = ChildBox()
        outputThread = Thread {
            var forward = forwardOutput
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let chunk = Data(buffer[0..<n])
                if forward { forward = (try? FileHandle.standardOutput.write(contentsOf: chunk)) != nil }
                box.child?.collect(chunk)
            }
            close(fd)
            box.child?.finishOutput()
        }
        outputThread.name = "ExternSprintDataset child output"
        box.child = self
        outputThread.start()
    }

    deinit {
        kill()
        _ = wait()
        close(toChildWrite)
        reader.close()
    }

    /// The process is referenced weakly by its output thread.
    private final class ChildBox: @unchecked Sendable {
        weak var child: SprintChildProcess?
    }

    private func collect(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        partialLine.append(chunk)
        while let nl = partialLine.firstIndex(of: 10) {
            tail.append(String(decoding: partialLine[partialLine.startIndex..<nl], as: UTF8.self))
            partialLine = Data(partialLine[(nl + 1)...])
        }
        if tail.count > Self.tailLines { tail.removeFirst(tail.count - Self.tailLines) }
    }

    private func finishOutput() {
        lock.lock()
        if !partialLine.isEmpty { tail.append(String(decoding: partialLine, as: UTF8.self)) }
        if tail.count > Self.tailLines { tail.removeFirst(tail.count - Self.tailLines) }
        partialLine = Data()
        outputDone = true
        lock.broadcast()
        lock.unlock()
    }

    /// The child's last output lines (after it exited: all of them up to `tailLines`).
    func outputTail() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        // Wait briefly for the output thread to drain what an exited child wrote.
        if status != nil && !outputDone { _ = lock.wait(until: Date(timeIntervalSinceNow: 2)) }
        return tail
    }

    /// Sends SIGKILL unless the child was already reaped.
    func kill() {
        lock.lock()
        let running = status == nil
        lock.unlock()
        if running { _ = Glibc.kill(pid, SIGKILL) }
    }

    /// Reaps the child (blocking) and returns its raw wait status.
    @discardableResult
    func wait() -> Int32 {
        lock.lock()
        if let s = status { lock.unlock(); return s }
        lock.unlock()
        var s: Int32 = 0
        while waitpid(pid, &s, 0) < 0 && errno == EINTR {}
        lock.lock()
        status = s
        lock.unlock()
        return s
    }

    /// The wait status if the child has exited (non-blocking), else nil.
    func exitStatusIfExited() -> Int32? {
        lock.lock()
        if let s = status { lock.unlock(); return s }
        lock.unlock()
        var s: Int32 = 0
        let r = waitpid(pid, &s, WNOHANG)
        guard r == pid else { return nil }
        lock.lock()
        status = s
        lock.unlock()
        return s
    }

    /// "exited with status 3" / "was killed by signal 9 (SIGKILL)".
    static func describe(status s: Int32) -> String {
        let sig = s & 0x7f
        if sig == 0 { return "exited with status \((s >> 8) & 0xff)" }
        let name = [1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM"][Int(sig)]
        return "was killed by signal \(sig)\(name.map { " (\($0))" } ?? "")"
    }

    /// Whether `s` is a normal exit with status 0.
    static func isSuccess(_ s: Int32) -> Bool { s == 0 }

    static func failure(_ message: String) -> DatasetError {
        .unavailable(dataset: "ExternSprintDataset", message: message)
    }

    /// `name` itself when it contains a slash, else the first executable `PATH` entry.
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            guard access(name, X_OK) == 0 else {
                throw DatasetError.file(path: name, message: "the Sprint/RASR executable does not exist or is not executable (sprintTrainerExecPath / sprint_trainer_exec_path)")
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw DatasetError.file(path: name, message: "not found in PATH; give sprintTrainerExecPath as an absolute path")
    }
}
