import Dispatch

/// Median timing of a benchmark body, the method shared by all benchmark sections.
///
/// One warm-up call, then at least `minCalls` calls and at least `minSeconds` of calls, each
/// timed alone; a pass reports the per-call median. `measure` repeats the pass `passes` times
/// and returns the median of the pass medians (robust against other jobs on a shared machine).
struct Timing {
    /// Minimum calls per pass.
    var minCalls = 5
    /// Minimum total time per pass, in seconds.
    var minSeconds = 0.3
    /// Number of passes whose medians are combined.
    var passes = 3

    /// Median over passes of the per-call median time of `body`, in seconds.
    func measure(_ body: () -> Void) -> Double {
        body()
        var passMedians: [Double] = []
        for _ in 0..<passes {
            var times: [Double] = []
            var total = 0.0
            while times.count < minCalls || total < minSeconds {
                let t0 = DispatchTime.now().uptimeNanoseconds
                body()
                let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
                times.append(dt)
                total += dt
            }
            passMedians.append(Timing.median(times))
        }
        return Timing.median(passMedians)
    }

    /// Median of a non-empty list (mean of the two middle values for even counts).
    static func median(_ xs: [Double]) -> Double {
        precondition(!xs.isEmpty, "median of nothing")
        let s = xs.sorted()
        let h = s.count / 2
        return s.count % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2
    }
}

/// Fixed-width text table printed by the benchmark sections.
struct Table {
    /// Column titles.
    let header: [String]
    /// Rows of cells, filled by the section.
    var rows: [[String]] = []

    /// Prints the table with each column padded to its widest cell.
    func print() {
        let all = [header] + rows
        let widths = header.indices.map { col in all.map { $0.count > col ? $0[col].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - s.count)
                return i == 0 ? s + pad : pad + s
            }.joined(separator: "  ")
        }
        Swift.print(line(header))
        Swift.print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for r in rows { Swift.print(line(r)) }
    }
}
