import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `norm`: over F (layer norm), over T and F (unmasked, as upstream), without parameters; parameters; gradients; errors.
@Suite struct NormLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["norm_feature", "norm_time_feature", "norm_no_params"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "norm", "from": "data:img", "axes": "except_batch", "param_shape": ["stag:height", "F"]}}"#)
        #expect(net.parameters.map(\.shape) == [[4, 3], [4, 3]])
        let y = try net.run(data: fixture.batch(net), parameters: net.initialParameters(seed: 1), tape: Tape(recording: false),
                            isTraining: false).values["output"]!.dense.value
        let first = Array(y.array[0..<60]).map(Double.init)
        let mean = first.reduce(0, +) / 60
        #expect(Swift.abs(mean) < 1e-5)
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let axes = mathLayerError(#"{"output": {"class": "norm", "from": "data"}}"#)
        #expect(axes?.message.contains("needs 'axes'") == true)
        let dynamic = mathLayerError(#"{"output": {"class": "norm", "from": "data", "axes": "F", "param_shape": "T"}}"#)
        #expect(dynamic?.message.contains("not static") == true, "\(String(describing: dynamic))")
        let both = mathLayerError(#"{"output": {"class": "norm", "from": "data", "axes": "F", "axis": "T"}}"#)
        #expect(both?.message.contains("not both") == true)
    }
}
