import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `dot_attention`: whole sequences and per frame (as in a rec unit) against upstream's rec loop,
/// gradients, errors.
@Suite struct DotAttentionLayerTests {
    let fixture = AttentionFixture.shared
    static let cases = ["dot_attention", "dot_attention_energy_factor"]

    @Test func wholeSequencesMatchUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.check("dot_attention")
        let d = net.externData
        #expect(net.node("output")!.output.dims == [Dim.batch, d["data"]!.timeDim!, d["enc"]!.featureTag!])
    }

    @Test func perFrameMatchesUpstream() throws {
        for name in Self.cases { try AttentionFixture.checkPerFrame(name, query: "data") }
        let r = try AttentionFixture.runPerFrame("dot_attention", query: "data")
        #expect(r.template.dims.map(\.description) == ["B", "F|'enc-feat'(5)"], "\(r.template)")
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data", "enc"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    /// Padded base frames get no weight: changing them leaves the output alone.
    @Test func paddedBaseFramesDoNotCount() throws {
        let net = try fixture.build(fixture.case("dot_attention").network)
        var data = fixture.batch(net)
        let y0 = try net.run(data: data, parameters: fixture.parameters(fixture.case("dot_attention"), net), tape: Tape(recording: false),
                             isTraining: false).values["output"]!.dense.value
        var enc = data["enc"]!.dense.value
        enc.withUnsafeMutableBufferPointer { p in for i in (5 * 5 + 3 * 5)..<(2 * 5 * 5) { p[i] = 100 } }  // sequence 1 has 3 frames
        data["enc"] = LayerValue(values: Variable(enc), seqLens: data["enc"]!.seqLens)
        let y1 = try net.run(data: data, parameters: fixture.parameters(fixture.case("dot_attention"), net), tape: Tape(recording: false),
                             isTraining: false).values["output"]!.dense.value
        #expect(y0.array == y1.array)
    }

    @Test func errors() {
        func error(_ output: String) -> NetworkError? {
            networkError { _ = try AttentionFixture.shared.build(#"{"enc_ctx": {"class": "linear", "from": "data:enc", "n_out": 7}, "output": "# + output + "}") }
        }
        let noBase = error(#"{"class": "dot_attention", "from": "data", "base_ctx": "enc_ctx"}"#)
        #expect(noBase?.message.contains("needs 'base'") == true, "\(String(describing: noBase))")
        #expect(noBase?.layer == "output")
        let dims = error(#"{"class": "dot_attention", "from": "data", "base": "data:enc", "base_ctx": "enc_ctx"}"#)
        #expect(dims?.message.contains("the query from 'data'") == true && dims?.message.contains("base_ctx 'enc_ctx'") == true &&
                dims?.message.contains("has dim 6") == true && dims?.message.contains("has dim 7") == true, "\(String(describing: dims))")
        let nOut = error(#"{"class": "dot_attention", "from": "enc_ctx", "base": "data:enc", "base_ctx": "enc_ctx", "n_out": 3}"#)
        #expect(nOut?.message.contains("n_out 3 does not match the dim 5 of base 'data:enc'") == true, "\(String(describing: nOut))")
        let noTime = error(#"{"class": "dot_attention", "from": "data", "base": "data:enc", "base_ctx": "data"}"#)
        #expect(noTime?.message.contains("must have the same time axis") == true, "\(String(describing: noTime))")
        let missing = error(#"{"class": "dot_attention", "from": "data", "base": "encoder", "base_ctx": "enc_ctx"}"#)
        #expect(missing?.message.contains("encoder") == true, "\(String(describing: missing))")
    }
}
