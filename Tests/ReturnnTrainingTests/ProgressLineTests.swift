import Foundation
import Testing
@testable import ReturnnTraining

@Suite struct ProgressLineTests {
    /// 120 steps, 15% of the data, 18000 frames in 12 s.
    let mid = ProgressLine(prefix: "train epoch 3", steps: 120, complete: 0.15, knownLength: true, frames: 18000, elapsed: 12)

    @Test func summaryEstimatesTotalAndETA() {
        #expect(mid.totalSteps?.count == 800)
        #expect(mid.totalSteps?.isEstimate == true)
        #expect(mid.remaining == 68)
        #expect(mid.summary == "train epoch 3, step 120/~800, 1.50k frames/s, elapsed 0:00:12, ETA 0:01:08")
    }

    /// Upstream's bar: `[` half the bar, the percentage, the other half `]`, filling the line.
    @Test func barFillsTheTerminalLine() {
        let line = mid.render(width: 100)
        #expect(line.count == 99)
        // 99 - 75 (summary and space) - 6 (percentage) - 4 = 14 bar columns, 15% of them filled (2)
        #expect(line == mid.summary + " [||      15.00%        ]")
        // From 96 columns on there is room for a bar of 10.
        #expect(mid.render(width: 96).hasSuffix(" [|     15.00%      ]"))
        #expect(!mid.render(width: 95).contains("["))
    }

    @Test func narrowTerminalDropsTheBarThenCuts() {
        #expect(mid.render(width: 84) == mid.summary + ", 15.00%")
        #expect(mid.render(width: 30) == "train epoch 3, step 120/~800,")
        #expect(mid.render(width: 0) == "")
    }

    @Test func unknownLengthShowsNoTotalNoETANoBar() {
        let p = ProgressLine(prefix: "epoch 1 forward", steps: 7, complete: 0.003, knownLength: false, frames: 700, elapsed: 2)
        #expect(p.totalSteps == nil && p.remaining == nil)
        #expect(p.render(width: 200) == "epoch 1 forward, step 7, 350 frames/s, elapsed 0:00:02, ETA ?")
    }

    @Test func doneIsExact() {
        let p = ProgressLine(prefix: "epoch 2 'dev' eval", steps: 10, complete: 1, knownLength: true, frames: 1_250_000, elapsed: 1)
        #expect(p.summary == "epoch 2 'dev' eval, step 10/10, 1.25M frames/s, elapsed 0:00:01, ETA 0:00:00")
        #expect(p.render(width: 120).hasSuffix(" 100.00% ||||||||||||||||]"))
    }

    @Test func zeroElapsedAndHugeETAAreSafe() {
        let p = ProgressLine(prefix: "x", steps: 1, complete: 1e-12, knownLength: true, frames: 5, elapsed: 0)
        #expect(p.summary == "x, step 1/~1000000000000, elapsed 0:00:00, ETA 0:00:00")
        let q = ProgressLine(prefix: "x", steps: 1, complete: 1e-12, knownLength: true, frames: 5, elapsed: 100)
        #expect(q.summary.hasSuffix("ETA 277777:46:40"))
    }

    @Test func compactRates() {
        #expect(ProgressLine.compact(0) == "0")
        #expect(ProgressLine.compact(950.2) == "950")
        #expect(ProgressLine.compact(999.6) == "1.00k")
        #expect(ProgressLine.compact(15_300) == "15.3k")
        #expect(ProgressLine.compact(153_000) == "153k")
        #expect(ProgressLine.compact(1_204_000) == "1.20M")
        #expect(ProgressLine.compact(.nan) == "?")
    }
}
