import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `positional_encoding` and `relative_positional_encoding`: values against upstream, frame by frame
/// against upstream's rec loop and the whole-sequence form, templates, errors.
@Suite struct PositionalEncodingLayerTests {
    let fixture = LayersMathFixture.recurrent
    static let frameTemplate = DataTemplate(dims: [.batch, .feature("feat", 6)])

    @Test func matchesUpstream() throws {
        for name in ["pos_enc_add", "pos_enc_odd", "pos_enc_constant", "rel_pos_fixed"] { try fixture.check(name, tolerance: 1e-5) }
        let rel = try fixture.build(#"{"output": {"class": "relative_positional_encoding", "from": "data", "n_out": 4, "clipping": 3}}"#)
        let t = rel.node("output")!.output
        #expect(!t.hasBatch && t.dims[0] == rel.node("data")!.output.dims[1] && t.dims[1] == t.dims[0] && t.featureDim == 4)
        #expect(rel.parameters.map(\.name) == ["output/encoding_matrix"] && rel.parameters[0].shape == [7, 4])
    }

    /// Learned encodings: each entry is the matrix row of its clipped distance.
    @Test func relativeRowsAreClippedDistances() throws {
        let net = try fixture.build(#"{"output": {"class": "relative_positional_encoding", "from": "data", "n_out": 4, "clipping": 1}}"#)
        let params = net.initialParameters(seed: 4)
        let y = try net.run(data: fixture.batch(net), parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        let m = params["output/encoding_matrix"]!
        #expect(y.shape == [5, 5, 4])
        for i in 0..<5 { for j in 0..<5 { for k in 0..<4 { #expect(y[i, j, k] == m[min(max(j - i, -1), 1) + 1, k]) } } }
    }

    @Test func framesMatchUpstreamLoop() throws {
        let c = fixture.case("loop_pos_enc")
        let (layer, _) = try buildStepLayer(PositionalEncodingLayer.self, #"{"class": "positional_encoding", "add_to_input": True}"#, name: "pe",
                                            inputs: [Self.frameTemplate], prefix: "output/rec/pe")
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: [:], data: [:])
        let x = fixture.batch(try fixture.build(#"{"output": {"class": "copy", "from": "data"}}"#))["data"]!
        let (y, _) = try runSteps(layer as! PositionalEncodingLayer, x, ctx)
        let e = c.outputs["output"]!
        expectValidFramesClose(y.value, e.values, shape: e.shape, lens: [5, 3], tol: 1e-5, name: "loop_pos_enc")
    }

    /// Frame by frame equals the whole sequence (counted positions, a constant, n_out without the input).
    @Test(arguments: [#""add_to_input": True"#, #""n_out": 8"#, #""n_out": 6, "constant": 2"#])
    func perFrameEqualsWholeSequence(options: String) throws {
        let opts = #"{"class": "positional_encoding", "from": "data", \#(options)}"#
        let net = try fixture.build(#"{"output": \#(opts)}"#)
        let data = fixture.batch(net)
        let whole = try net.run(data: data, parameters: [:], tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        let (layer, _) = try buildStepLayer(PositionalEncodingLayer.self, opts, name: "output", inputs: [Self.frameTemplate], prefix: "output")
        let (y, _) = try runSteps(layer as! PositionalEncodingLayer, data["data"]!,
                                  ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: [:], data: [:]))
        #expect(y.value.array == whole.array, "\(options)")
    }

    /// `offset` adds per-sequence positions.
    @Test func offsetShiftsPositions() throws {
        let net = try fixture.build(#"""
            {"len": {"class": "length", "from": "data"},
             "output": {"class": "positional_encoding", "from": "data", "n_out": 4, "offset": "len"}}
            """#)
        let y = try net.run(data: fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        let want = PositionalEncodingLayer.signal(positions: [3, 4], channels: 4)     // sequence 1 (length 3), frames 0 and 1
        for k in 0..<4 { #expect(Swift.abs(y[1, 0, k] - want[k]) < 1e-6 && Swift.abs(y[1, 1, k] - want[4 + k]) < 1e-6) }
    }

    @Test func errors() throws {
        let noTime = networkError { _ = try fixture.build(#"{"output": {"class": "positional_encoding", "from": "data:vec", "n_out": 4}}"#) }
        #expect(noTime?.message.contains("needs an input with a time axis outside a rec loop") == true)
        let add = networkError { _ = try fixture.build(#"{"output": {"class": "positional_encoding", "from": "data", "add_to_input": True, "n_out": 4}}"#) }
        #expect(add?.message.contains("add_to_input needs n_out equal to the input's feature dim 6") == true)
        let small = networkError { _ = try fixture.build(#"{"output": {"class": "positional_encoding", "from": "data", "n_out": 3}}"#) }
        #expect(small?.message.contains("at least 4 channels") == true)
        let rel = networkError { _ = try fixture.build(#"{"output": {"class": "relative_positional_encoding", "from": "data:vec", "n_out": 4}}"#) }
        #expect(rel?.message.contains("needs an input with a time axis outside a rec loop") == true)
        let q = networkError { _ = try fixture.build(#"{"output": {"class": "relative_positional_encoding", "from": "data", "n_out": 4, "query_offset": 2}}"#) }
        #expect(q?.message.contains("query_offset is not supported") == true)
    }
}
