import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainRepetitions`: the int, list and dict forms.
@Suite struct PretrainRepetitionsTests {
    static func counts(_ text: String, steps: Int) throws -> [Int] {
        try PretrainRepetitions(try pretrainValue("x = \(text)"), context: "pretrain").counts(stepCount: steps, context: "pretrain")
    }

    @Test func forms() throws {
        #expect(try Self.counts("None", steps: 3) == [1, 1, 1])
        #expect(try Self.counts("0", steps: 2) == [1, 1])
        #expect(try Self.counts("[]", steps: 2) == [1, 1])
        #expect(try Self.counts("{}", steps: 2) == [1, 1])
        #expect(try Self.counts("True", steps: 2) == [1, 1])
        #expect(try Self.counts("3", steps: 2) == [3, 3])
        #expect(try Self.counts("[2]", steps: 3) == [2, 2, 2])
        #expect(try Self.counts("[1, 4]", steps: 3) == [1, 4, 4])
        #expect(try Self.counts("(1, 0, 5)", steps: 3) == [1, 0, 5])
        #expect(try Self.counts("{'default': 2}", steps: 3) == [2, 2, 2])
        #expect(try Self.counts("{'default': 2, 'final': 5}", steps: 3) == [2, 2, 5])
        #expect(try Self.counts("{0: 4, -1: 3}", steps: 3) == [4, 1, 3])
        #expect(try Self.counts("{'final': 5, 2: 7}", steps: 3) == [1, 1, 5])
    }

    @Test func mistakes() throws {
        let long = pretrainConfigError { _ = try Self.counts("[1, 2, 3]", steps: 2) }
        #expect(long?.message.contains("repetitions list has 3 entries, but the pretrain construction gives 2 steps") == true)
        let index = pretrainConfigError { _ = try Self.counts("{5: 1}", steps: 2) }
        #expect(index?.message.contains("repetitions index 5 is out of range") == true)
        let key = pretrainConfigError { _ = try Self.counts("{'finale': 1}", steps: 2) }
        #expect(key?.message.contains("did you mean 'final'?") == true)
        let neg = pretrainConfigError { _ = try Self.counts("-1", steps: 2) }
        #expect(neg?.kind == .value)
        let type = pretrainConfigError { _ = try Self.counts("'2'", steps: 2) }
        #expect(type?.kind == .type)
        let elem = pretrainConfigError { _ = try Self.counts("[1, 2.5]", steps: 2) }
        #expect(elem?.message.contains("repetitions[1] must be an int") == true)
    }
}
