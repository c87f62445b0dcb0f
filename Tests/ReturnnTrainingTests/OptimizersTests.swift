import Foundation
import Testing
import ReturnnConfig
import ReturnnTensor
@testable import ReturnnTraining

/// Every optimizer against TensorFlow/Keras (fixtures from `Tests/Fixtures/updater/make_optimizer_fixtures.py`):
/// four steps on a [5, 7] tensor (two full SIMD vectors and a tail), values after each step and
/// the final slots.
@Suite struct OptimizersTests {
    struct Case: Decodable {
        let name: String
        let config: String
        let learning_rate: Double
        let shape: [Int]
        let `init`: [Float]
        let grads: [[Float]]
        let expected: [[Float]]
        let slots: [[Float]]
    }

    struct File: Decodable {
        let generated_by: String
        let cases: [Case]
    }

    static let cases: [Case] = {
        let url = UpdaterTestSupport.fixtures.appendingPathComponent("optimizer_fixtures.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()

    @Test func fixtureFileLoads() {
        #expect(Self.cases.count == 18)
    }

    @Test(arguments: cases.map(\.name))
    func matchesTensorFlow(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let updater = try UpdaterTestSupport.updater(c.config, shape: c.shape)
        var values = ["p/W": Tensor(shape: c.shape, c.`init`)]
        for (step, grad) in c.grads.enumerated() {
            let applied = updater.step(values: &values, gradients: ["p/W": Tensor(shape: c.shape, grad)],
                                       learningRate: c.learning_rate, globalStep: step, seed: 1)
            #expect(applied)
            let got = values["p/W"]!.array
            let worst = zip(got, c.expected[step]).map { abs($0 - $1) }.max() ?? 0
            #expect(UpdaterTestSupport.close(got, c.expected[step]), "\(name) step \(step): max abs diff \(worst)")
        }
        let state = updater.state()
        let base = updater.optimizers[0].optimizer.slotBaseName
        for (j, expectedSlot) in c.slots.enumerated() {
            let key = j == 0 ? "p/W/\(base)" : "p/W/\(base)_\(j)"
            let slot = try #require(state[key], "\(name): no state entry \(key) in \(state.keys.sorted())")
            #expect(UpdaterTestSupport.close(slot.array, expectedSlot), "\(name): slot \(key)")
        }
    }

    @Test func adamScalarsAreBetaPowers() throws {
        let u = try UpdaterTestSupport.updater("optimizer = {\"class\": \"adam\", \"beta1\": 0.5, \"beta2\": 0.25}")
        var values = ["p/W": Tensor([1, 2, 3])]
        for step in 0..<3 {
            u.step(values: &values, gradients: ["p/W": Tensor([1, 1, 1])], learningRate: 0.1, globalStep: step, seed: 0)
        }
        let s = u.state()
        #expect(s["beta1_power"]?.scalar == 0.0625)
        #expect(s["beta2_power"]?.scalar == Float(0.25 * 0.25 * 0.25 * 0.25))
    }
}
