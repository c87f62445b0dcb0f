import Foundation
import ReturnnKernels

// returnn-bench: hand-run performance tables (never part of the unit tests).
// Usage: swift run -c release returnn-bench [peak|gemm|gemm-cpu|lstm|all] | hdf FILE.hdf | oggzip FILE.zip
// OpenBLAS (the comparison columns) gets its core type chosen here on Zen 4/5: see OpenBLAS.swift.
// Each figure is the median of 3 passes, each pass the per-call median of >= 5 calls and >= 0.3 s
// (wall clock), except gemm-cpu: best call by thread CPU time, for loaded shared machines.

OpenBLAS.chooseCoreTypeAndReexecIfNeeded()

let sections = ["peak", "gemm", "gemm-cpu", "lstm", "all"]
let arguments = Array(CommandLine.arguments.dropFirst())
let section = arguments.first ?? "all"
if section == "hdf" {
    // returnn-bench hdf FILE.hdf: all batches of one HDF file (no CPU peak needed).
    guard arguments.count == 2 else {
        FileHandle.standardError.write(Data("usage: returnn-bench hdf FILE.hdf\n".utf8))
        exit(2)
    }
    print("returnn-bench: load average \(loadAverage())")
    do { try HDFBatchBenchmark(timing: Timing(), path: arguments[1]).run() } catch {
        FileHandle.standardError.write(Data("returnn-bench: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if section == "oggzip" {
    // returnn-bench oggzip FILE.zip: feature extraction of every sequence of one OggZip (single thread).
    guard arguments.count == 2 else {
        FileHandle.standardError.write(Data("usage: returnn-bench oggzip FILE.zip\n".utf8))
        exit(2)
    }
    print("returnn-bench: load average \(loadAverage())")
    do { try OggZipBenchmark(path: arguments[1]).run() } catch {
        FileHandle.standardError.write(Data("returnn-bench: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
guard arguments.count <= 1, sections.contains(section) else {
    FileHandle.standardError.write(Data("usage: returnn-bench [\(sections.joined(separator: "|"))] | hdf FILE.hdf | oggzip FILE.zip\n".utf8))
    exit(2)
}

let timing = Timing()
let threads = 2
let environment = ProcessInfo.processInfo.environment
print("returnn-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage())")

let peak = PeakBenchmark().run(timing: timing, threads: threads)
PeakBenchmark.print(peak)

let (openBLASUsable, openBLASWarning) = GemmBenchmark.openBLASStatus(environment: environment)
if section != "peak" {
    let core = openBLASUsable ? GemmBenchmark.openBLASCore() : "not loaded"
    print("\nOpenBLAS core: \(core); our tile: \(Gemm.TileShape.preferred.rawValue)")
    if let openBLASWarning { print(openBLASWarning) }
}
if section == "gemm" || section == "all" {
    let gemm = GemmBenchmark(timing: timing, withOpenBLAS: openBLASUsable, peak: peak)
    print("")
    gemm.run()
    print("")
    gemm.runSmall()
}
if section == "gemm-cpu" || section == "all" {
    print("")
    CPUTimeGemmBenchmark(withOpenBLAS: openBLASUsable).run()
}
if section == "lstm" || section == "all" {
    print("")
    LstmBenchmark(timing: timing, withOpenBLAS: openBLASUsable).run()
}
print("\nload average at end \(loadAverage())")

/// The 1-minute load average (other jobs on a shared machine distort the figures).
func loadAverage() -> String {
    var l = [Double](repeating: 0, count: 3)
    return getloadavg(&l, 3) == 3 ? String(format: "%.2f %.2f %.2f", l[0], l[1], l[2]) : "unknown"
}
