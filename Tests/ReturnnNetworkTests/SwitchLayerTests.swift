import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `switch`: choice by a bool layer between layers and constants, built from the net dict and
/// checked against upstream (values, gradients); a static condition; option errors.
@Suite struct SwitchLayerTests {
    let fixture = LayersMathFixture.shared

    @Test func matchesUpstream() throws {
        for name in ["switch_layers", "switch_const_false", "switch_broadcast_cond"] { try fixture.check(name) }
    }

    @Test func staticCondition() throws {
        let net = try fixture.build(#"{"output": {"class": "switch", "condition": False, "true_from": 1.0, "false_from": -2.5}}"#)
        let y = try net.run(data: fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false).values["output"]!
        #expect(y.dense.value.array == [-2.5])
    }

    @Test func errors() {
        let cond = mathLayerError(#"{"output": {"class": "switch", "condition": "data", "true_from": "data", "false_from": 0.0}}"#)
        #expect(cond?.message.contains("is not bool; use a 'compare' layer") == true, "\(String(describing: cond))")
        let from = mathLayerError(#"{"output": {"class": "switch", "from": "data", "condition": True, "true_from": 1.0, "false_from": 0.0}}"#)
        #expect(from?.message.contains("not from 'from'") == true)
        let value = mathLayerError(#"{"output": {"class": "switch", "condition": True, "true_from": [1], "false_from": 0.0}}"#)
        #expect(value?.message.contains("true_from must be a layer name or a number") == true, "\(String(describing: value))")
    }
}
