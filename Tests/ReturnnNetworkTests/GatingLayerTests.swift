import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `gating`: one source split in halves and two sources, against upstream; template; gradients; errors.
@Suite struct GatingLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["gating_default", "gating_two_sources"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "gating", "from": "data", "activation": "tanh"}}"#)
        let t = net.node("output")!.output
        #expect(t.featureDim == 3 && t.timeDim == net.externData["data"]!.timeDim)
        #expect(t.featureTag == net.externData["data"]!.featureTag!.floorDiv(2))
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            // A small step: the relu of "gating_two_sources" has a kink near some pre-activations.
            let failures = try fixture.finiteDifferences(name, keys: ["data"], eps: 1e-3)
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let odd = mathLayerError(#"{"output": {"class": "gating", "from": "data:img", "activation": "tanh"}}"#)
        #expect(odd?.message.contains("odd feature dim 3") == true, "\(String(describing: odd))")
        let act = mathLayerError(#"{"output": {"class": "gating", "from": "data"}}"#)
        #expect(act?.message.contains("needs 'activation'") == true)
        let nOut = mathLayerError(#"{"output": {"class": "gating", "from": "data", "activation": "tanh", "n_out": 6}}"#)
        #expect(nOut?.message.contains("half the input feature dim") == true)
    }
}
