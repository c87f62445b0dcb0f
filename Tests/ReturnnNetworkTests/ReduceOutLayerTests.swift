import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `reduce_out`: max (maxout), sum, mean against upstream; template; gradients; errors.
@Suite struct ReduceOutLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["reduce_out_max", "reduce_out_sum", "reduce_out_mean"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "reduce_out", "from": "data", "mode": "sum", "num_pieces": 3}}"#)
        #expect(net.node("output")!.output.featureTag == net.externData["data"]!.featureTag!.floorDiv(3))
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let pieces = mathLayerError(#"{"output": {"class": "reduce_out", "from": "data", "mode": "max", "num_pieces": 4}}"#)
        #expect(pieces?.kind == .dimensionMismatch && pieces?.message.contains("divide") == true)
        let mode = mathLayerError(#"{"output": {"class": "reduce_out", "from": "data", "mode": "maxx", "num_pieces": 2}}"#)
        #expect(mode?.message.contains("did you mean 'max'") == true)
        let last = mathLayerError(#"{"s": {"class": "softmax_over_spatial", "from": "data"}, "output": {"class": "reduce_out", "from": "s", "mode": "max", "num_pieces": 2}}"#)
        #expect(last?.message.contains("feature axis last") == true, "\(String(describing: last))")
    }
}
