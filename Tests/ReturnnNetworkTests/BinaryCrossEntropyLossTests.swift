import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `bin_ce` (alias `sse_sigmoid`) against the numpy fixture, plus FD gradient checks.
@Suite struct BinaryCrossEntropyLossTests {
    let f = LossFixture.shared

    func run(_ opts: String) throws -> LossResult {
        let loss = try makeLoss("bin_ce", opts: opts, output: f.denseTemplate, target: f.denseTemplate)
        return try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens),
             LayerValue(values: tape.leaf(f.tensor(f.binary), name: "target"), seqLens: f.seqLens))
        }
    }

    @Test func sigmoidCrossEntropyOnLogitsDividedByDim() throws {
        expectMatches(try run("{}"), f.case("bin_ce"), leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func posWeight() throws {
        expectMatches(try run("{'pos_weight': \(f.posWeight)}"), f.case("bin_ce_pos_weight"), leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func aliasAndTemplateChecks() {
        #expect(BuiltinLosses.type(named: "sse_sigmoid")?.className == "bin_ce")
        #expect(BuiltinLosses.type(named: "binary_ce") == nil)
        #expect(networkError { _ = try makeLoss("bin_ce", output: f.denseTemplate, target: f.sparseTemplate) }?.kind == .sparseMismatch)
        #expect(throws: ConfigError.self) {
            _ = try makeLoss("bin_ce", opts: "{'pos_weight': 'x'}", output: f.denseTemplate, target: f.denseTemplate)
        }
    }

    @Test func networkGradients() throws {
        for opts in ["{}", "{'pos_weight': 3}"] {
            let net = try buildNetwork("""
                network = {"output": {"class": "linear", "activation": None, "n_out": 4, "loss": "sse_sigmoid", "target": "feat",
                                      "loss_opts": \(opts)}}
                """, externData: lossExternData())
            #expect(try checkNetworkGradients(net, data: lossBatch(feat: .binary)) == [], "\(opts)")
        }
    }
}
