import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `scaled_grad`: identity forward, gradient scaled (reversed) or stopped as upstream; errors.
@Suite struct ScaledGradientLayerTests {
    let fixture = LayersMathFixture.shared

    @Test func matchesUpstream() throws {
        try fixture.check("scaled_grad_reversal")
        try fixture.check("scaled_grad_stop")
    }

    /// With scale 1 the layer is the identity for finite differences too.
    @Test func finiteDifferencesWithScaleOne() throws {
        let net = try buildNetwork("""
            network = {"l": {"class": "linear", "activation": "tanh", "n_out": 4},
                       "g": {"class": "scaled_grad", "scale": 1.0, "from": "l"},
                       "output": {"class": "softmax", "loss": "ce", "from": "g"}}
            """)
        let failures = try checkNetworkGradients(net, data: makeBatch(lengths: [4, 2], inDim: 3, classes: 4))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func errors() {
        let layer = mathLayerError(#"{"output": {"class": "scaled_grad", "from": "data", "scale": "other"}}"#)
        #expect(layer?.message.contains("from another layer is not supported") == true)
        let shift = mathLayerError(#"{"output": {"class": "scaled_grad", "from": "data", "scale": 1.0, "shift": 0.5}}"#)
        #expect(shift?.message.contains("shift is not supported") == true)
    }
}
