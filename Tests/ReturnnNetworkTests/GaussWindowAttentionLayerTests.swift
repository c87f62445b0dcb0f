import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `gauss_window_attention`: windows clipped at both ends and at each base length, with and
/// without `inner_size`; whole sequences and per frame against upstream's rec loop; gradients
/// (to the position and the base); errors.
@Suite struct GaussWindowAttentionLayerTests {
    let fixture = AttentionFixture.shared
    static let cases = ["gauss_window_attention", "gauss_window_attention_inner"]

    @Test func wholeSequencesMatchUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(fixture.case("gauss_window_attention_inner").network)
        let t = net.node("output")!.output
        #expect(t.rank == 4 && t.dims[0].isBatch && t.dims[1] == net.externData["data"]!.timeDim! && t.dims[2].size == 3 &&
                t.dims[3] == net.externData["enc"]!.featureTag!, "\(t)")
    }

    @Test func perFrameMatchesUpstream() throws {
        for name in Self.cases { try AttentionFixture.checkPerFrame(name, query: "t") }
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
        let size = networkError {
            _ = try AttentionFixture.shared.build(#"{"t": {"class": "slice", "from": "data", "axis": "F", "slice_start": 0, "slice_end": 1}, "#
                + #""output": {"class": "gauss_window_attention", "from": "t", "base": "data:enc"}}"#)
        }
        #expect(size?.message.contains("window_size") == true, "\(String(describing: size))")
        let position = error(#"{"class": "gauss_window_attention", "from": "data", "window_size": 3, "base": "data:enc"}"#)
        #expect(position?.message.contains("must be one value per sequence") == true, "\(String(describing: position))")
        let base = error(#"{"class": "gauss_window_attention", "from": "data", "window_size": 3}"#)
        #expect(base?.message.contains("must be one value per sequence") == true || base?.message.contains("needs 'base'") == true)
        let std = error(#"{"class": "gauss_window_attention", "from": "data:classes", "window_size": 3, "base": "data:enc"}"#)
        #expect(std?.message.contains("must be float") == true, "\(String(describing: std))")
    }
}
