import Foundation

/// Runs the inputs of a fuzz run in worker processes: a worker that crashes or hangs is
/// recorded with its input (saved to `--out` with the worker's stderr) and a new worker goes on
/// with the next input. Prints the figures of the run.
enum FuzzSupervisor {
    /// The figures of a run.
    struct Figures {
        var tried = 0
        var accepted = 0
        var rejected = 0
        var findings = 0
        var crashes = 0
        var hangs = 0
        var slowestMicros = 0
        var failures: [String] = []
    }

    static func run(_ o: FuzzOptions) throws -> Figures {
        let target = try o.makeTarget()  // checks the corpus before any worker starts
        try FileManager.default.createDirectory(atPath: o.out, withIntermediateDirectories: true)
        let work = o.work ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("returnn-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if o.work == nil { try? FileManager.default.removeItem(atPath: work) } }
        let progressPath = (work as NSString).appendingPathComponent("progress")
        let stderrPath = (work as NSString).appendingPathComponent("stderr.log")
        let input = (work as NSString).appendingPathComponent("input." + target.fileExtension)
        var figures = Figures()
        var next = o.start
        let end = o.start + o.count
        while next < end {
            try? FileManager.default.removeItem(atPath: progressPath)
            // open(2): FileManager.createFile leaves a temporary directory in /tmp on Linux.
            let fd = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 { close(fd) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try selfPath())
            p.arguments = o.workerArguments(start: next, count: end - next, work: work)
            // A crashing worker dies at once: the Swift runtime's backtrace takes seconds, which
            // a loaded machine could mistake for a hang.
            var env = ProcessInfo.processInfo.environment
            env["SWIFT_BACKTRACE"] = "enable=no"
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            figures.failures += text.split(separator: "\n").filter { $0.hasPrefix("finding ") }.map(String.init)
            let c = FuzzProgress.read(path: progressPath)
            figures.accepted += c.accepted
            figures.rejected += c.rejected
            figures.findings += c.findings
            figures.slowestMicros = max(figures.slowestMicros, c.slowestMicros)
            if p.terminationReason == .exit && p.terminationStatus == 0 {
                figures.tried += end - next
                break
            }
            // The worker died at input c.index (made, or being read).
            let isHang = p.terminationReason == .exit && p.terminationStatus == FuzzWorker.hangStatus
            let kind = isHang ? "hang" : "crash"
            let how = p.terminationReason == .uncaughtSignal ? "signal \(p.terminationStatus)" : "exit status \(p.terminationStatus)"
            let phase = c.phase == 0 ? " while making the input (a fuzzer problem)" : ""
            let base = (o.out as NSString).appendingPathComponent("\(kind)-\(target.name)-seed\(o.seed)-\(c.index)")
            try? FileManager.default.removeItem(atPath: base + "." + target.fileExtension)
            try? FileManager.default.removeItem(atPath: base + ".log")
            try? FileManager.default.copyItem(atPath: input, toPath: base + "." + target.fileExtension)
            try? FileManager.default.copyItem(atPath: stderrPath, toPath: base + ".log")
            figures.failures.append("\(kind) \(c.index): \(how)\(phase) (input saved as \(base).\(target.fileExtension), output as \(base).log)")
            if isHang { figures.hangs += 1 } else { figures.crashes += 1 }
            figures.tried += c.index + 1 - next
            next = c.index + 1
        }
        return figures
    }

    /// This executable (to start workers).
    static func selfPath() throws -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        guard let p = Bundle.main.executablePath else { throw FuzzError("cannot find the returnn-fuzz executable") }
        return p
    }
}
