import Foundation
import ReturnnConfig

/// Reads inputs `start..<start+count` in this process. A watchdog thread ends the process with
/// status 3 when one input takes longer than the timeout; a crash ends it by its signal. The
/// supervisor learns which input it was from the progress file; the input is at `input.<ext>`.
enum FuzzWorker {
    static let hangStatus: Int32 = 3

    static func run(_ o: FuzzOptions) throws {
        guard let work = o.work else { throw FuzzError("--worker needs --work") }
        if o.memoryMB > 0 {
            var limit = rlimit(rlim_cur: rlim_t(o.memoryMB) << 20, rlim_max: rlim_t(o.memoryMB) << 20)
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        let target = try o.makeTarget()
        let input = (work as NSString).appendingPathComponent("input." + target.fileExtension)
        let progress = try FuzzProgress(path: (work as NSString).appendingPathComponent("progress"))
        let timeout = o.timeout
        let watchdog = Thread {
            while true {
                Thread.sleep(forTimeInterval: 0.05)
                if let (index, seconds) = progress.current, seconds > timeout {
                    FileHandle.standardError.writeOutput("input \(index) still running after \(String(format: "%.1f", seconds)) s: hang\n")
                    _exit(hangStatus)
                }
            }
        }
        watchdog.start()
        for i in o.start..<(o.start + o.count) {
            progress.update { $0.index = i; $0.phase = 0 }
            var rng = FuzzRandom(seed: o.seed, index: i)
            try target.prepare(&rng, at: input)
            progress.update { $0.phase = 1 }
            let t0 = Date()
            let outcome = target.run(path: input)
            let micros = Int(Date().timeIntervalSince(t0) * 1e6)
            if case .finding(let message) = outcome {
                let saved = (o.out as NSString).appendingPathComponent("finding-\(target.name)-seed\(o.seed)-\(i).\(target.fileExtension)")
                try? FileManager.default.removeItem(atPath: saved)
                try? FileManager.default.copyItem(atPath: input, toPath: saved)
                FileHandle.standardOutput.writeOutput("finding \(i): \(message.prefix(500)) (input saved as \(saved))\n")
            }
            progress.update {
                $0.phase = 0
                $0.slowestMicros = max($0.slowestMicros, micros)
                switch outcome {
                case .accepted: $0.accepted += 1
                case .rejected: $0.rejected += 1
                case .finding: $0.findings += 1
                }
            }
        }
    }
}
