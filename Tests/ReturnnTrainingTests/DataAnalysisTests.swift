import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnTraining

@Suite struct DataAnalysisTests {
    /// On one-hot 12AX inputs the mean of a feature is its frequency p and the std is
    /// sqrt(p(1-p)); the class log priors are normalized.
    @Test func statisticsOfOneHotFeatures() throws {
        let dir = try EngineTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try EngineTests.config("""
            train = {"class": "Task12AXDataset", "num_seqs": 30}
            task = "analyze_data"
            statistics_save_prefix = "$DIR/stats"
            """, dir: dir)
        let cap = LineCapture()
        try DataAnalysis.run(config: c, log: try Log(logs: [], verbosity: [1], formats: [], stdoutWriter: cap.writer))
        func read(_ suffix: String) throws -> [Double] {
            try String(contentsOf: dir.appendingPathComponent("stats" + suffix), encoding: .utf8)
                .split(separator: "\n").map { Double($0)! }
        }
        let mean = try read(".mean.txt"), std = try read(".std_dev.txt"), priors = try read(".log_priors.txt")
        #expect(mean.count == 9 && std.count == 9 && priors.count == 2)
        #expect(abs(mean.reduce(0, +) - 1) < 1e-9)
        for (m, s) in zip(mean, std) { #expect(abs(s - (m * (1 - m)).squareRoot()) < 1e-6) }
        #expect(abs(priors.map { Foundation.exp($0) }.reduce(0, +) - 1) < 1e-9)
        #expect(cap.lines.contains { $0.hasPrefix("Finished. ") && $0.hasSuffix(" total data frames") })
    }
}
