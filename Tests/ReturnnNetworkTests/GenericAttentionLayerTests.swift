import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `generic_attention`: weights over the base's time axis, with an auto-squeezed size-1 axis; whole
/// sequences (upstream runs that form too) and per frame; gradients; errors.
@Suite struct GenericAttentionLayerTests {
    let fixture = AttentionFixture.shared
    static let cases = ["generic_attention", "generic_attention_squeeze"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(fixture.case("generic_attention_squeeze").network)
        #expect(net.node("output")!.output.dims == [Dim.batch, net.externData["data"]!.timeDim!, net.externData["enc"]!.featureTag!])
    }

    /// Per frame the weights come from inside the loop (`[B, T_enc]`, `[B, 1, T_enc]`); the base is outside.
    @Test func perFrameMatchesUpstream() throws {
        try AttentionFixture.checkPerFrame("generic_attention", query: nil, perFrame: ["weights"])
        try AttentionFixture.checkPerFrame("generic_attention_squeeze", query: nil, perFrame: ["weights"])
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data", "enc"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        func error(_ output: String) -> NetworkError? {
            networkError { _ = try AttentionFixture.shared.build(#"{"output": "# + output + "}") }
        }
        let from = error(#"{"class": "generic_attention", "from": "data", "weights": "data", "base": "data:enc"}"#)
        #expect(from?.message.contains("not 'from'") == true, "\(String(describing: from))")
        let noBase = error(#"{"class": "generic_attention", "weights": "data"}"#)
        #expect(noBase?.message.contains("needs 'base'") == true, "\(String(describing: noBase))")
        let misfit = networkError {
            _ = try AttentionFixture.shared.build(#"{"v": {"class": "reduce", "mode": "max", "axis": "T", "from": "data"}, "#
                + #""output": {"class": "generic_attention", "weights": "v", "base": "data:enc"}}"#)
        }
        #expect(misfit?.message.contains("weights 'v'") == true && misfit?.message.contains("base 'data:enc'") == true &&
                misfit?.message.contains("no weights axis matches the base's time axis") == true, "\(String(describing: misfit))")
    }
}
