import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `variable`: batch and dummy time axes, dim tags in `shape`, initializers, parameter names,
/// trainable flag; gradients; errors.
@Suite struct VariableLayerTests {
    let fixture = LayersMathFixture.shared

    @Test func matchesUpstream() throws {
        try fixture.check("variable_batch")
        try fixture.check("variable_time_dim_tag")
        try fixture.check("variable_plain_combined")
        let net = try fixture.build(#"{"output": {"class": "variable", "shape": [feat_dim], "init": 0.5, "add_time_axis": True}}"#)
        #expect(net.node("output")!.output.dims.last == net.externData["data"]!.featureTag)
        #expect(net.node("output")!.output.dims.first?.size == 1)
        let fixed = try fixture.build(#"{"output": {"class": "variable", "shape": [2], "trainable": False, "param_name": "w"}}"#)
        #expect(fixed.parameters.map(\.name) == ["output/w"] && fixed.parameters[0].trainable == false)
        #expect(fixed.initialParameters(seed: 1)["output/w"]!.array == [0, 0])
    }

    @Test func finiteDifferences() throws {
        let failures = try fixture.finiteDifferences("variable_plain_combined", keys: ["data"])
        #expect(failures.isEmpty, "\(failures)")
        let batch = try fixture.finiteDifferences("variable_batch", keys: [])
        #expect(batch.isEmpty, "\(batch)")
    }

    @Test func errors() {
        let shape = mathLayerError(#"{"output": {"class": "variable", "shape": [0]}}"#)
        #expect(shape?.message.contains("positive ints") == true)
        let dyn = mathLayerError(#"{"output": {"class": "variable", "shape": [time_dim]}}"#)
        #expect(dyn?.message.contains("static dim tag") == true)
        let from = mathLayerError(#"{"output": {"class": "variable", "shape": [2], "from": "data"}}"#)
        #expect(from?.message.contains("no sources") == true)
        let byLayer = mathLayerError(#"{"output": {"class": "variable", "shape": [2], "init_by_layer": "x"}}"#)
        #expect(byLayer?.message.contains("init_by_layer") == true)
    }
}
