import Foundation

/// The live progress line of a pass over a dataset (upstream's interactive progress bar,
/// `returnn/util/basic.py` `progress_bar` as the TF engine's `Runner` draws it: shown at
/// verbosity 3 or 4 when stdout is a terminal, never in log files).
///
/// The line reads
/// `train epoch 3, step 120/~800, 15.3k frames/s, elapsed 0:00:12, ETA 0:01:08 [||||| 15.00%      ]`:
/// the pass, steps done and the total (`~` while it is an estimate from the fraction of the
/// dataset done), frames of the default input per second, elapsed time, the expected remaining
/// time, and upstream's bar with the percentage in its middle filling the rest of the terminal
/// line. `render` is pure; `Log.progress` draws the line in place (`\r`).
public struct ProgressLine: Equatable, Sendable {
    /// The pass, as its finish line names it (`train epoch 3`, `epoch 3 'dev' eval`).
    public var prefix: String
    /// Steps done so far.
    public var steps: Int
    /// Fraction of the dataset done, in (0, 1] (`Dataset.completeFrac`).
    public var complete: Double
    /// Whether the dataset knows its number of sequences; without it the total and the ETA are
    /// not shown (the fraction is only a guess that never reaches 1).
    public var knownLength: Bool
    /// Frames of the default input done so far.
    public var frames: Int
    /// Seconds since the pass started.
    public var elapsed: Double

    /// A progress state.
    public init(prefix: String, steps: Int, complete: Double, knownLength: Bool, frames: Int, elapsed: Double) {
        self.prefix = prefix
        self.steps = steps
        self.complete = complete
        self.knownLength = knownLength
        self.frames = frames
        self.elapsed = elapsed
    }

    /// The total number of steps: exact once the dataset is done, else `steps / complete`
    /// rounded (an estimate); nil when the dataset's length is unknown.
    public var totalSteps: (count: Int, isEstimate: Bool)? {
        guard knownLength, complete > 0 else { return nil }
        if complete >= 1 { return (steps, false) }
        return (Swift.max(steps, Int((Double(steps) / complete).rounded())), true)
    }

    /// Expected remaining seconds (`elapsed / complete - elapsed`, upstream's estimate); nil when
    /// the dataset's length is unknown.
    public var remaining: Double? {
        guard knownLength, complete > 0 else { return nil }
        return Swift.max(0, elapsed / complete - elapsed)
    }

    /// The text before the bar: prefix, steps, frames/s, elapsed, ETA.
    public var summary: String {
        var parts = [prefix]
        if let total = totalSteps {
            parts.append("step \(steps)/\(total.isEstimate ? "~" : "")\(total.count)")
        } else {
            parts.append("step \(steps)")
        }
        if elapsed > 0 { parts.append("\(Self.compact(Double(frames) / elapsed)) frames/s") }
        parts.append("elapsed \(Runner.hms(elapsed))")
        parts.append("ETA \(remaining.map(Runner.hms) ?? "?")")
        return parts.joined(separator: ", ")
    }

    /// The line for a terminal `width` columns wide, at most `width - 1` characters (a full-width
    /// line would wrap on some terminals, and `\r` cannot erase a wrapped line). The bar is
    /// upstream's `[||||| 45.00% |||   ]` over the columns left after the summary; below 10 bar
    /// columns it is left out and the percentage follows the summary; a summary that is still too
    /// long is cut.
    public func render(width: Int) -> String {
        let width = Swift.max(width - 1, 0)
        let frac = Swift.min(Swift.max(complete, 0), 1)
        let pct = String(format: "%.02f%%", frac * 100)
        let head = summary + " "
        // "[" + half + " " + pct + " " + half + "]"
        let barColumns = width - head.count - pct.count - 4
        guard knownLength else { return Self.cut(summary, width) }
        guard barColumns >= 10 else { return Self.cut(summary + ", " + pct, width) }
        let filled = Int(frac * Double(barColumns))
        let bar = String(repeating: "|", count: filled) + String(repeating: " ", count: barColumns - filled)
        let mid = bar.index(bar.startIndex, offsetBy: barColumns / 2)
        return head + "[" + bar[..<mid] + " " + pct + " " + bar[mid...] + "]"
    }

    /// `text` cut to `width` characters.
    static func cut(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width))
    }

    /// A rate with three significant digits and a k/M suffix: `950`, `15.3k`, `1.20M`.
    public static func compact(_ x: Double) -> String {
        guard x.isFinite, x >= 0 else { return "?" }
        func three(_ v: Double) -> String {
            v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
        }
        if x >= 999_500 { return three(x / 1e6) + "M" }
        if x >= 999.5 { return three(x / 1e3) + "k" }
        return String(format: "%.0f", x)
    }
}
