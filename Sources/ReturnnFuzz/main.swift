import Foundation
import ReturnnConfig

/// `returnn-fuzz TARGET [options]`: mutation fuzzing of a reader (see `FuzzOptions.usage`).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    print(FuzzOptions.usage)
    exit(0)
}
let options: FuzzOptions
do { options = try FuzzOptions.parse(arguments) } catch {
    FileHandle.standardError.writeOutput("returnn-fuzz: \(error)\n\(FuzzOptions.usage)\n")
    exit(2)
}
do {
    if options.isWorker {
        try FuzzWorker.run(options)
        exit(0)
    }
    let started = Date()
    let f = try FuzzSupervisor.run(options)
    for line in f.failures { print(line) }
    print("\(options.target): \(f.tried) inputs (seed \(options.seed), from \(options.start)): \(f.accepted) read, " +
          "\(f.rejected) refused with an error, \(f.findings) findings, \(f.crashes) crashes, \(f.hangs) hangs; " +
          "slowest input \(String(format: "%.3f", Double(f.slowestMicros) / 1e6)) s; " +
          "\(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    exit(f.findings + f.crashes + f.hangs == 0 ? 0 : 1)
} catch {
    FileHandle.standardError.writeOutput("returnn-fuzz: \(error)\n")
    exit(2)
}
