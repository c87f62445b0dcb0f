import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `math_norm`: L2 over features, L1 over (masked) time, p=3 with keep_dims; gradients; errors.
@Suite struct MathNormLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["math_norm_l2_feature", "math_norm_l1_time", "math_norm_p3_keep"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "math_norm", "from": "data", "p": 1, "axis": "T"}}"#)
        #expect(net.node("output")!.output == DataTemplate(dims: [.batch, net.externData["data"]!.featureTag!]))
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let p = mathLayerError(#"{"output": {"class": "math_norm", "from": "data", "p": 0, "axis": "F"}}"#)
        #expect(p?.message.contains("positive number") == true)
        let keep = mathLayerError(#"{"output": {"class": "math_norm", "from": "data", "p": 2, "axis": "T", "keep_dims": True}}"#)
        #expect(keep?.message.contains("keep_dims") == true)
        let batch = mathLayerError(#"{"output": {"class": "math_norm", "from": "data", "p": 2, "axis": "B"}}"#)
        #expect(batch?.message.contains("batch") == true)
    }
}
