import Testing
import ReturnnTraining
@testable import ReturnnCLI

@Suite struct LearningCurvesTests {
    @Test func classifyKeys() {
        #expect(LearningCurves.classify("dev_score") == (false, "dev"))
        #expect(LearningCurves.classify("dev_error_output/output_prob") == (true, "dev_output/output_prob"))
        #expect(LearningCurves.classify("dev_other_score_ctc") == (false, "dev_other_ctc"))
        #expect(LearningCurves.classify("devtrain_error") == (true, "devtrain"))
        #expect(LearningCurves.classify("old_format_score") == (false, "old_format"))
        #expect(LearningCurves.classify("train_scorex") == (false, "train_scorex"))
        #expect(LearningCurves.classify("train_error_score") == (true, "train_score"))
    }

    @Test func seriesFromAFile() throws {
        let text = """
            {
            1: EpochData(learningRate=0.001, error={
            ':meta:epoch_num_train_steps': 10,
            'dev_error': 0.5,
            'dev_score': 2.0,
            'train_score': 2.5,
            }),
            2: EpochData(learningRate=0.0005, error={
            'train_score': float('nan'),
            }),
            3: EpochData(learningRate=0.00025, error={
            'dev_error': 0.25,
            'dev_score': 1.0,
            'train_score': 1.5,
            }),
            }
            """
        let c = LearningCurves(try LearningRateFileReader.parse(text, file: "lr"))
        #expect(c.epochs == [1, 2, 3])
        #expect(c.learningRates == [0.001, 0.0005, 0.00025])
        #expect(c.series.map(\.key) == ["train_score", "dev_score", "dev_error"])
        #expect(c.scores.map(\.key) == ["train_score", "dev_score"] && c.errors.map(\.key) == ["dev_error"])
        let train = c.series[0]
        #expect(train.points.map(\.epoch) == [1, 3] && train.points.map(\.value) == [2.5, 1.5])
        #expect(train.nonFiniteEpochs == [2])
        #expect(c.series[2].points.map(\.epoch) == [1, 3] && c.series[2].group == "dev")
    }
}
