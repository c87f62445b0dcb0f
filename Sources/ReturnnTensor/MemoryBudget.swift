import Foundation

/// How much memory this process may use, to refuse tensors that can never fit with a clear error
/// before allocating them (instead of the kernel's OOM killer ending the run without a word).
///
/// `current()` is the smallest of the machine's physical memory, the memory limit of the
/// process's cgroup (a container, a SLURM job: cgroup v2 `memory.max`, v1
/// `memory.limit_in_bytes`) and the process's address-space limit (`ulimit -v`, as grid
/// engines set for `h_vmem`). Only sizes larger than the whole budget are refused: whether
/// several tensors fit together depends on what else runs, so that is left to the system.
public struct MemoryBudget: Sendable, Equatable {
    /// The budget in bytes.
    public let bytes: Int
    /// Where it comes from, for messages ("physical memory", "cgroup memory limit").
    public let source: String

    /// A fixed budget (tests, or a caller that knows better).
    public init(bytes: Int, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The budget of this process now (see the type's documentation).
    public static func current() -> MemoryBudget {
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var best = MemoryBudget(bytes: physical > 0 ? physical : Int.max, source: "physical memory")
        if let limit = cgroupLimit(), limit < best.bytes {
            best = MemoryBudget(bytes: limit, source: "cgroup memory limit")
        }
        var rl = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max, rl.rlim_cur < rlim_t(best.bytes) {
            best = MemoryBudget(bytes: Int(rl.rlim_cur), source: "address-space limit (ulimit -v)")
        }
        return best
    }

    /// The budget of this process, read once (for checks on hot paths, e.g. every read of an
    /// HDF file).
    public static let process = current()

    /// Whether `bytes` (nil: beyond `Int`) exceeds the budget.
    public func exceeded(by bytes: Int?) -> Bool {
        guard let bytes else { return true }
        return bytes > self.bytes
    }

    /// "the 7.8 GB of physical memory" (for messages).
    public var phrase: String { "the \(Self.format(bytes)) of \(source)" }

    /// The bytes of a tensor of `shape` with `elementSize`-byte elements; nil when the product
    /// overflows `Int` (or a dimension is negative).
    public static func bytes(elements shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            total = p
        }
        return total
    }

    /// A size for people: "512 B", "3.4 MB", "2.0 TB" (powers of 1024, as `free -h`); nil
    /// (an overflowing size) is "more than 8 EB".
    public static func format(_ bytes: Int?) -> String {
        guard let bytes else { return "more than 8 EB" }
        let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// The memory limit of this process's cgroup, if one is set.
    static func cgroupLimit() -> Int? {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // cgroup v2: "0::/path" in /proc/self/cgroup, the limit in /sys/fs/cgroup/<path>/memory.max ("max" = none).
        if let own = read("/proc/self/cgroup")?.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            let path = own.dropFirst(3)
            if let text = read("/sys/fs/cgroup\(path)/memory.max") ?? read("/sys/fs/cgroup/memory.max"), let n = Int(text), n > 0 {
                return n
            }
        }
        // cgroup v1: a huge number means no limit.
        if let text = read("/sys/fs/cgroup/memory/memory.limit_in_bytes"), let n = Int(text), n > 0, n < Int.max / 2 {
            return n
        }
        return nil
    }
}
