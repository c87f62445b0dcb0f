import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `cumsum`: over time (both directions, padding included as upstream) and features, gradients, errors.
@Suite struct CumsumLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["cumsum_time", "cumsum_time_reverse", "cumsum_feature_summand"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "cumsum", "from": "data", "reverse": True}}"#)
        #expect(net.node("output")!.output == net.externData["data"]!)
        #expect(net.isRecurrent)
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let axis = mathLayerError(#"{"output": {"class": "cumsum", "from": "data", "axis": "s:3"}}"#)
        #expect(axis?.kind == .invalidOption && axis?.message.contains("axis") == true, "\(String(describing: axis))")
        let sparse = mathLayerError(#"{"output": {"class": "cumsum", "from": "data:classes"}}"#)
        #expect(sparse?.kind == .sparseMismatch)
        let summand = mathLayerError(#"{"output": {"class": "cumsum", "from": "data", "additional_left_summand_per_element": "a"}}"#)
        #expect(summand?.message.contains("must be a number") == true)
    }
}
