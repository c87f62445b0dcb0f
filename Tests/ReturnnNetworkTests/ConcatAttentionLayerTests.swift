import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `concat_attention`: parameter `v`, whole sequences and per frame against upstream, gradients, errors.
@Suite struct ConcatAttentionLayerTests {
    let fixture = AttentionFixture.shared

    @Test func wholeSequencesMatchUpstream() throws {
        let net = try fixture.check("concat_attention")
        #expect(net.parameters.first { $0.name == "output/v" }?.shape == [6])
        #expect(net.parameters.first { $0.name == "output/v" }?.initializer == .glorotUniform)
        #expect(net.node("output")!.output.dims == [Dim.batch, net.externData["data"]!.timeDim!, net.externData["enc"]!.featureTag!])
    }

    @Test func perFrameMatchesUpstream() throws {
        try AttentionFixture.checkPerFrame("concat_attention", query: "data")
    }

    @Test func finiteDifferences() throws {
        let failures = try fixture.finiteDifferences("concat_attention", keys: ["data", "enc"])
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func errors() {
        let noCtx = networkError { _ = try AttentionFixture.shared.build(#"{"output": {"class": "concat_attention", "from": "data", "base": "data:enc"}}"#) }
        #expect(noCtx?.message.contains("needs 'base_ctx'") == true, "\(String(describing: noCtx))")
        let dims = networkError {
            _ = try AttentionFixture.shared.build(#"{"output": {"class": "concat_attention", "from": "data", "base": "data:enc", "base_ctx": "data:enc"}}"#)
        }
        #expect(dims?.message.contains("base_ctx 'data:enc'") == true && dims?.message.contains("they must be equal") == true,
                "\(String(describing: dims))")
        let sparse = networkError {
            _ = try AttentionFixture.shared.build(#"{"output": {"class": "concat_attention", "from": "data:classes", "base": "data:enc", "base_ctx": "data:enc"}}"#)
        }
        #expect(sparse?.message.contains("holds int values") == true, "\(String(describing: sparse))")
    }
}
