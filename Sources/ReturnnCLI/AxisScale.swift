import Foundation
import ReturnnTraining

/// One axis of a chart: the value range it shows, linear or logarithmic, and its ticks at
/// round numbers (1, 2 or 5 times a power of ten; whole decades on a log axis).
struct AxisScale: Equatable {
    /// Lowest value shown.
    var lower: Double
    /// Highest value shown.
    var upper: Double
    /// Logarithmic (base 10) instead of linear.
    var isLog: Bool
    /// Tick values, ascending, all within `lower...upper`.
    var ticks: [Double]
    /// Text of each tick.
    var labels: [String]

    /// A linear axis over `values` widened to round tick values (Heckbert's "nice numbers"),
    /// about `targetTicks` ticks. A single value is widened by 10% (or by 1 around 0). With
    /// `integers` the ticks are whole numbers and the range is exactly the values' range (epochs).
    static func linear(_ values: [Double], targetTicks: Int = 6, integers: Bool = false) -> AxisScale {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if lo == hi {
            let pad = integers ? 1 : (lo == 0 ? 1 : abs(lo) * 0.1)
            lo -= pad
            hi += pad
        }
        var step = niceNumber((hi - lo) / Double(Swift.max(targetTicks - 1, 1)), round: true)
        if integers { step = Swift.max(1, step.rounded()) }
        if !integers {
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
        }
        let decimals = integers ? 0 : Swift.max(0, Int(-Foundation.log10(step).rounded(.down)))
        // k * step, rounded to the step's decimals (no 5.000000000000001 from repeated addition).
        let unit = Foundation.pow(10, Double(Swift.min(decimals, 15)))
        let ticks = stride(from: (lo / step - 1e-9).rounded(.up), through: (hi / step + 1e-9).rounded(.down), by: 1).map { k -> Double in
            let t = (k * step * unit).rounded() / unit
            return t == 0 ? 0 : t
        }
        return AxisScale(lower: lo, upper: hi, isLog: false, ticks: ticks, labels: ticks.map { linearLabel($0, decimals: decimals) })
    }

    /// A log axis over the positive `values`, from the decade below the smallest to the decade
    /// above the largest (one decade more each way when all values are the same decade); ticks at each decade, and at 2 and 5 times each decade when the
    /// range spans at most two decades.
    static func logarithmic(_ values: [Double]) -> AxisScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        let lo = positive.min() ?? 1, hi = positive.max() ?? 1
        var e0 = Int(Foundation.log10(lo).rounded(.down))
        var e1 = Int(Foundation.log10(hi).rounded(.up))
        // All values on one decade (a constant learning rate of 0.01): that decade in the middle.
        if e1 == e0 {
            e0 -= 1
            e1 += 1
        }
        var ticks: [Double] = []
        for e in e0...e1 {
            let decade = pow10(e)
            ticks.append(decade)
            if e1 - e0 <= 2 && e < e1 { ticks += [2 * decade, 5 * decade] }
        }
        return AxisScale(lower: pow10(e0), upper: pow10(e1), isLog: true, ticks: ticks, labels: ticks.map { PythonFloat.repr($0) })
    }

    /// `10^e` exactly for the decades a float can name (`1e-05`, not `1.0000000000000001e-05`).
    static func pow10(_ e: Int) -> Double { Double("1e\(e)")! }

    /// Where `value` lies on the axis, 0 at `lower` and 1 at `upper` (outside for values outside).
    func fraction(_ value: Double) -> Double {
        if isLog { return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower)) }
        return (value - lower) / (upper - lower)
    }

    /// The round number closest to `x` (rounding) or not below it: 1, 2, 5 or 10 times a power of ten.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = Foundation.log10(x).rounded(.down)
        let f = x / Foundation.pow(10, exponent)
        let nice: Double
        if round {
            nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        } else {
            nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return nice * Foundation.pow(10, exponent)
    }

    /// A linear tick's text with `decimals` digits after the point (at most 6; beyond, `%g`).
    static func linearLabel(_ v: Double, decimals: Int) -> String {
        if decimals > 6 || abs(v) >= 1e7 { return String(format: "%g", v) }
        return String(format: "%.\(decimals)f", v)
    }
}
