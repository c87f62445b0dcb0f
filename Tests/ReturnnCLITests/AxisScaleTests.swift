import Testing
@testable import ReturnnCLI

@Suite struct AxisScaleTests {
    @Test func linearRoundTicks() {
        let s = AxisScale.linear([0.03, 0.327, 0.21])
        #expect(s.lower == 0 && abs(s.upper - 0.35) < 1e-12)
        #expect(s.labels == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30", "0.35"])
        #expect(!s.isLog)
        let big = AxisScale.linear([120, 1430])
        #expect(big.labels == ["0", "200", "400", "600", "800", "1000", "1200", "1400", "1600"])
        let negative = AxisScale.linear([-0.3, 0.2])
        #expect(negative.labels.first == "-0.3" && negative.labels.contains("0.0") && !negative.labels.contains("-0.0"))
    }

    @Test func linearSingleValueIsWidened() {
        let s = AxisScale.linear([5])
        #expect(s.lower < 5 && s.upper > 5 && s.ticks.contains(5))
        let zero = AxisScale.linear([0, 0])
        #expect(zero.lower <= -1 && zero.upper >= 1)
        let none = AxisScale.linear([.nan])
        #expect(none.lower == 0 && none.upper == 1)
    }

    /// Epoch axes: whole-number ticks inside exactly the epochs' range.
    @Test func integerAxis() {
        let s = AxisScale.linear((1...12).map(Double.init), targetTicks: 10, integers: true)
        #expect(s.lower == 1 && s.upper == 12)
        #expect(s.labels == (1...12).map(String.init))
        let long = AxisScale.linear([1, 100], targetTicks: 10, integers: true)
        #expect(long.labels == ["10", "20", "30", "40", "50", "60", "70", "80", "90", "100"])
        let one = AxisScale.linear([3], targetTicks: 10, integers: true)
        #expect(one.lower == 2 && one.upper == 4 && one.labels == ["2", "3", "4"])
    }

    @Test func logAxis() {
        let s = AxisScale.logarithmic([0.01, 0.005, 0.00125])
        #expect(s.isLog && s.lower == 0.001 && s.upper == 0.01)
        #expect(s.labels == ["0.001", "0.002", "0.005", "0.01"])
        #expect(abs(s.fraction(0.0031622776601683794) - 0.5) < 1e-12)
        let wide = AxisScale.logarithmic([1e-5, 0.3])
        #expect(wide.labels == ["1e-05", "0.0001", "0.001", "0.01", "0.1", "1.0"])
        let same = AxisScale.logarithmic([0.01, 0.01])
        #expect(same.lower == 0.001 && same.upper == 0.1 && abs(same.fraction(0.01) - 0.5) < 1e-12)
        #expect(same.labels == ["0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1"])
        let between = AxisScale.logarithmic([0.003])
        #expect(between.lower == 0.001 && between.upper == 0.01)
    }

    @Test func niceNumbers() {
        #expect(AxisScale.niceNumber(0.047, round: true) == 0.05)
        #expect(AxisScale.niceNumber(1.2, round: true) == 1)
        #expect(AxisScale.niceNumber(2.9, round: true) == 2)
        #expect(AxisScale.niceNumber(7.5, round: true) == 10)
        #expect(AxisScale.niceNumber(2.1, round: false) == 5)
    }
}
