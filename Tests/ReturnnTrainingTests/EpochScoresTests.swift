import ReturnnNetwork
import ReturnnTensor
import Testing

@testable import ReturnnTraining

@Suite struct EpochScoresTests {
    func loss(_ name: String, _ value: Float, _ error: Double?, _ norm: Double) -> LossOutput {
        LossOutput(name: name, value: Variable(Tensor(scalar: value)), error: error, normalizer: norm, scale: 1, inObjective: true)
    }

    @Test func epochScoreIsSumOverSumOfNormalizers() {
        var s = EpochScores()
        s.add([loss("output", 10, 2, 20)])
        s.add([loss("output", 5, 1, 10)])
        #expect(s.steps == 2)
        #expect(s.score.map(\.0) == ["cost:output"])
        #expect(abs(s.score[0].1 - 0.5) < 1e-12)
        #expect(abs(s.error[0].1 - 0.1) < 1e-12)
        #expect(s.isFinite)
    }

    @Test func formatScoreAsUpstream() {
        #expect(EpochScores.format([]) == "None")
        #expect(EpochScores.format([("cost:output", 0.2399268469810486)]) == "0.2399268469810486")
        #expect(EpochScores.format([("cost:output", 0.0123), ("cost:ctc", 1.07)]) == "ctc 1.07 output 0.0123")
    }

    @Test func pythonFloatRepr() {
        let cases: [(Double, String)] = [(0.1, "0.1"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"), (2.0, "2.0"),
                                         (3e-07, "3e-07"), (1234567.0, "1234567.0"), (1e15, "1000000000000000.0")]
        for (x, s) in cases { #expect(PythonFloat.repr(x) == s) }
        #expect(Runner.hms(3725.9) == "1:02:05")
    }
}
