import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// SpecAugment `transform` functions of public RETURNN setups, copied verbatim into
/// `Tests/Fixtures/eval/specaug-*.config`, run by the `eval` layer: in training the masks are
/// applied (masked frames and feature bands are exactly zero, their counts within the configured
/// bounds, other values and the lengths untouched, the same step gives the same masks), in
/// evaluation the layer is the identity.
@Suite struct EvalSpecAugmentTests {
    static let lengths: [Int32] = [230, 180, 120]
    static let dim = 40

    /// The config `Tests/Fixtures/eval/<name>`.
    static func config(_ name: String) throws -> Config {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/eval/" + name)
        let env = ConfigEnvironment(environment: ["HOME": "/home/tester"], argv: ["returnn", name], userName: "tester", uid: 1234) { _ in }
        let c = Config(environment: env)
        try c.load(text: String(contentsOf: url, encoding: .utf8), filename: name)
        return c
    }

    /// Input values: all nonzero and distinct (`1 + i / n`).
    static var input: Tensor {
        let t = Int(lengths.max()!), n = lengths.count * t * dim
        return Tensor(shape: [lengths.count, t, dim], (0..<n).map { 1 + Float($0) / Float(n) })
    }

    /// The output of the `source` layer for one step.
    static func run(_ name: String, training: Bool, step: Int, seed: UInt64 = 42) throws -> [Float] {
        let c = try config(name)
        let net = try NetworkBuilder(externData: ExternData.fromConfig(c)!, config: c).build(c.typedValue("network")!)
        let lens = IntTensor(lengths)
        let targets = IntTensor(shape: [lengths.count, Int(lengths.max()!)], repeating: 1)
        let data = ["data": LayerValue(values: Variable(input), seqLens: lens), "classes": LayerValue(ints: targets, seqLens: lens)]
        let run = try net.run(data: data, parameters: net.initialParameters(seed: 1), tape: Tape(recording: training), isTraining: training,
                              options: RunOptions(seed: seed, step: step))
        let out = run.values["source"]!
        #expect(out.seqLens?.array == lengths, "lengths are untouched")
        #expect(out.shape == input.shape)
        return out.dense.value.array
    }

    /// Masked frames (all features zero) and masked feature bands (all frames zero) per sequence;
    /// checks that every other value is the input.
    static func masks(_ y: [Float]) -> [(frames: Set<Int>, features: Set<Int>)] {
        let x = input.array, t = Int(lengths.max()!)
        return (0..<lengths.count).map { b in
            func at(_ i: Int, _ f: Int) -> Int { (b * t + i) * dim + f }
            let frames = Set((0..<t).filter { i in (0..<dim).allSatisfy { y[at(i, $0)] == 0 } })
            let features = Set((0..<dim).filter { f in (0..<t).allSatisfy { y[at($0, f)] == 0 } })
            for i in 0..<t {
                for f in 0..<dim where !frames.contains(i) && !features.contains(f) {
                    #expect(y[at(i, f)] == x[at(i, f)], "sequence \(b) frame \(i) feature \(f): \(y[at(i, f)]) is neither masked nor the input")
                }
            }
            return (frames, features)
        }
    }

    /// Number of maximal runs of consecutive members.
    static func runs(_ s: Set<Int>) -> Int { s.filter { !s.contains($0 - 1) }.count }

    @Test(arguments: ["specaug-librispeech.config", "specaug-swb-conformer.config"])
    func evaluationIsTheIdentity(_ name: String) throws {
        #expect(try Self.run(name, training: false, step: 5000) == Self.input.array)
    }

    @Test func librispeechMasksWithinBounds() throws {
        // transform: time masks: 1 ... max(T // 100, 1) = 2 of 1 ... 20 frames; feature masks:
        // 1 ... 2 of 1 ... num_inputs // 5 = 8 features; per sequence.
        var total = 0
        for step in 0..<4 {
            let y = try Self.run("specaug-librispeech.config", training: true, step: step)
            for (frames, features) in Self.masks(y) {
                #expect(!frames.isEmpty && frames.count <= 2 * 20 && Self.runs(frames) <= 2, "frames \(frames.sorted())")
                #expect(!features.isEmpty && features.count <= 2 * 8 && Self.runs(features) <= 2, "features \(features.sorted())")
                total += frames.count
            }
        }
        #expect(total > 3 * 4, "masks have random widths, not always 1")
    }

    @Test func switchboardCurriculumByGlobalStep() throws {
        // step < 1000: min_num 0, up to max(T // 100, 2) * 1 = 2 time masks, 2 feature masks;
        // step >= 2000: min_num 2, up to 2 * 4 = 8 time masks of <= 20 frames, 5 feature masks of <= 8.
        for step in [2000, 2001, 2002] {
            let y = try Self.run("specaug-swb-conformer.config", training: true, step: step)
            for (frames, features) in Self.masks(y) {
                #expect(!frames.isEmpty && frames.count <= 8 * 20 && Self.runs(frames) <= 8, "frames \(frames.sorted())")
                #expect(!features.isEmpty && features.count <= 5 * 8 && Self.runs(features) <= 5, "features \(features.sorted())")
            }
        }
        var early = 0
        for step in [0, 1, 2, 3] {
            for (frames, features) in Self.masks(try Self.run("specaug-swb-conformer.config", training: true, step: step)) {
                #expect(frames.count <= 2 * 20 && Self.runs(frames) <= 2 && features.count <= 2 * 8 && Self.runs(features) <= 2)
                early += frames.count + features.count
            }
        }
        #expect(early > 0)
    }

    @Test func masksAreDeterministicPerStep() throws {
        let a = try Self.run("specaug-librispeech.config", training: true, step: 7)
        #expect(try Self.run("specaug-librispeech.config", training: true, step: 7) == a)
        #expect(try Self.run("specaug-librispeech.config", training: true, step: 8) != a)
        #expect(try Self.run("specaug-librispeech.config", training: true, step: 7, seed: 43) != a)
    }
}
