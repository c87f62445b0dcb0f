import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// Replays the runs of upstream RETURNN recorded in `Tests/Fixtures/lrc/*.lr`
/// (`make_upstream_lr_files.py`): the same config (the `# config:` lines) and the same scores must
/// give bit-identical learning rates for every epoch, and the same file.
@Suite struct LearningRateControlUpstreamTests {
    typealias S = LearningRateTestSupport

    @Test(arguments: ["newbob", "newbob_abs", "newbob_multi_epoch"])
    func replayUpstreamDecisions(_ name: String) throws {
        let path = S.fixtures.appendingPathComponent(name + ".lr").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let configBody = text.split(separator: "\n").filter { $0.hasPrefix("# config: ") }
            .map { String($0.dropFirst("# config: ".count)) }.joined(separator: "\n")
        #expect(configBody.contains("learning_rate_control = \"\(name)\""))
        let upstream = try LearningRateFileReader.read(path: path)
        let lrc = try S.control(configBody)
        var decayed = false, grown = false
        for epoch in upstream.keys.sorted() {
            let expected = upstream[epoch]!
            let lr = try lrc.learningRate(forEpoch: epoch)
            #expect(lr.bitPattern == expected.learningRate.bitPattern, "\(name) epoch \(epoch): \(lr) vs upstream \(expected.learningRate)")
            if epoch > 1, let previous = lrc.learningRateIfKnown(epoch: epoch - 1) {
                decayed = decayed || lr < previous
                grown = grown || lr > previous
            }
            let scores = expected.scores
            if !scores.isEmpty { try lrc.setEpochError(epoch, scores.map { ($0.key, EpochErrorValue.value($0.value)) }) }
            for m in expected.meta {
                lrc.epochData[epoch]!.setMeta(m.name, m.value, style: expected.style(of: EpochData.metaPrefix + m.name))
            }
        }
        #expect(decayed, "the fixture of \(name) should exercise a decay")
        #expect(name == "newbob" || grown, "the fixture of \(name) should exercise a growth")
        #expect(lrc.epochData == upstream)
    }
}
