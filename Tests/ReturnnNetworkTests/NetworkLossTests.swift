import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Spec §7.2 through `Network.run`: norm factors, scales, the objective with several losses and
/// `use_normalized_loss`.
@Suite struct NetworkLossTests {
    static let twoLosses = """
        network = {
            "h": {"class": "linear", "activation": "tanh", "n_out": 5},
            "output": {"class": "softmax", "loss": "ce", "from": "h"},
            "reg": {"class": "linear", "activation": None, "n_out": 4, "from": "h", "loss": "mse", "target": "feat", "loss_scale": 0.5},
        }
        """

    func run(_ body: String, options: RunOptions = RunOptions(), hasTime: Bool = true,
             data: [String: LayerValue] = lossBatch()) throws -> NetworkRun {
        let net = try buildNetwork(body, externData: lossExternData(hasTime: hasTime))
        return try net.run(data: data, parameters: net.initialParameters(seed: 5), tape: Tape(recording: false), isTraining: false,
                           options: options)
    }

    func value(_ r: NetworkRun, _ name: String) -> Double { Double(r.losses.first { $0.name == name }!.value.value.scalar) }

    @Test func objectiveIsTheScaledSumOfUnnormalizedLosses() throws {
        let r = try run(Self.twoLosses)
        #expect(r.losses.map(\.name).sorted() == ["output", "reg"])
        #expect(r.losses.allSatisfy { $0.normalizer == 6 && $0.inObjective })
        let want = value(r, "output") + 0.5 * value(r, "reg")
        #expect(Swift.abs(Double(r.objective!.value.scalar) - want) < 1e-4 * Swift.max(1, want))
        #expect(r.losses.first { $0.name == "reg" }!.error != nil)
    }

    @Test func useNormalizedLossDividesEachLossByItsFrames() throws {
        let r = try run(Self.twoLosses, options: RunOptions(useNormalizedLoss: true))
        let want = (value(r, "output") + 0.5 * value(r, "reg")) / 6
        #expect(Swift.abs(Double(r.objective!.value.scalar) - want) < 1e-5)
    }

    @Test func lossOptsScaleOverridesLossScale() throws {
        let r = try run("""
            network = {"output": {"class": "softmax", "loss": "ce", "from": "data", "loss_scale": 3, "loss_opts": {"scale": 0.25}}}
            """)
        #expect(r.losses[0].scale == 0.25)
        #expect(Swift.abs(Double(r.objective!.value.scalar) - 0.25 * value(r, "output")) < 1e-5)
    }

    @Test func scaleZeroIsReportedButNotInTheObjective() throws {
        let r = try run("""
            network = {
                "output": {"class": "softmax", "loss": "ce", "from": "data"},
                "aux": {"class": "softmax", "loss": "ce", "from": "data", "loss_scale": 0},
            }
            """)
        let aux = r.losses.first { $0.name == "aux" }!
        #expect(!aux.inObjective && aux.value.value.scalar > 0 && aux.error != nil && aux.normalizer == 6)
        #expect(Swift.abs(Double(r.objective!.value.scalar) - value(r, "output")) < 1e-5)
        let only = try run(#"network = {"output": {"class": "softmax", "loss": "ce", "from": "data", "loss_scale": 0}}"#)
        #expect(only.objective == nil && only.losses.count == 1)
    }

    @Test func normFactorWithoutTimeAxisIsTheBatchSize() throws {
        var g = RandomGenerator(seed: 3)
        let data: [String: LayerValue] = [
            "data": LayerValue(values: Variable(Tensor(shape: [5, 3], (0..<15).map { _ in g.uniform(-1, 1) })), seqLens: nil),
            "classes": LayerValue(ints: IntTensor([0, 1, 2, 3, 1]), seqLens: nil),
        ]
        let body = #"network = {"output": {"class": "softmax", "loss": "ce", "from": "data"}}"#
        let r = try run(body, hasTime: false, data: data)
        #expect(r.losses[0].normalizer == 5)
        let probs = r.values["output"]!.dense.value
        var ce = 0.0
        for (b, c) in [0, 1, 2, 3, 1].enumerated() { ce -= Foundation.log(Double(probs[b, c])) }
        #expect(Swift.abs(value(r, "output") - ce) < 1e-4)
        #expect(try checkNetworkGradients(buildNetwork(body, externData: lossExternData(hasTime: false)), data: data) == [])
    }

    @Test func normFactorIsTheTargetFramesAndPaddingDoesNotCount() throws {
        let lengths = [4, 2]
        let body = #"network = {"output": {"class": "softmax", "loss": "ce", "from": "data"}}"#
        let r = try run(body, data: lossBatch(lengths: lengths))
        #expect(r.losses[0].normalizer == 6)
        // Changing inputs of padding frames changes neither value nor error.
        var padded = lossBatch(lengths: lengths)
        var x = padded["data"]!.dense.value
        x.withUnsafeMutableBufferPointer { for t in 2..<4 { for j in 0..<3 { $0[(4 + t) * 3 + j] = 50 } } }
        padded["data"] = LayerValue(values: Variable(x), seqLens: padded["data"]!.seqLens)
        let r2 = try run(body, data: padded)
        #expect(value(r, "output") == value(r2, "output") && r.losses[0].error == r2.losses[0].error)
    }

    @Test func mismatchedTargetLengthsAreAnError() throws {
        var data = lossBatch(lengths: [3, 2])
        data["classes"] = LayerValue(ints: data["classes"]!.ints!, seqLens: IntTensor([3, 1]))
        let e = networkError { _ = try run(#"network = {"output": {"class": "softmax", "loss": "ce", "from": "data"}}"#, data: data) }
        #expect(e?.kind == .dimensionMismatch)
    }

    @Test func paddingLabelsMayBeOutOfRange() throws {
        let lengths = [3, 1, 2]
        var data = lossBatch(lengths: lengths)
        var labels = data["classes"]!.ints!.array
        for (b, n) in lengths.enumerated() { for t in n..<3 { labels[b * 3 + t] = 99 } }
        data["classes"] = LayerValue(ints: IntTensor(shape: [3, 3], labels), seqLens: data["classes"]!.seqLens)
        let reference = lossBatch(lengths: lengths)
        for body in [
            #"{"output": {"class": "softmax", "loss": "ce", "from": "data"}}"#,
            #"{"output": {"class": "softmax", "loss": "ce", "from": "data", "loss_opts": {"label_smoothing": 0.1}}}"#,
            #"{"output": {"class": "linear", "activation": "sigmoid", "n_out": 4, "loss": "ce", "from": "data"}}"#,
            #"{"output": {"class": "softmax", "loss": "mse", "from": "data"}}"#,
        ] {
            let a = try run("network = \(body)", data: data), b = try run("network = \(body)", data: reference)
            #expect(value(a, "output") == value(b, "output") && a.losses[0].error == b.losses[0].error, "\(body)")
        }
    }
}
