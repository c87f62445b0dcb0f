import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `self_attention` (with `relative_positional_encoding` as key_shift): whole sequences against
/// upstream (masking of padded keys, causal mask), frame by frame against upstream's rec loop, both
/// forms against each other, gradients, errors.
@Suite struct SelfAttentionLayerTests {
    let fixture = LayersMathFixture.recurrent
    static let frameTemplate = DataTemplate(dims: [.batch, .feature("feat", 6)])

    @Test func wholeSequencesMatchUpstream() throws {
        for name in ["self_att", "self_att_left", "self_att_rel_pos"] { try fixture.check(name, gradTolerance: 2e-3) }
        let net = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data"}}"#)
        let t = net.node("output")!.output
        #expect(t.dims[1] == net.node("data")!.output.dims[1] && t.featureTag?.name == "output_self_att_feat" && t.featureDim == 6)
        #expect(net.parameters.map(\.name) == ["output/QKV"] && net.parameters[0].shape == [6, 14])
    }

    /// Padded keys get no weight: changing the input on padded frames does not change valid frames.
    @Test func paddedKeysAreMasked() throws {
        let net = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data"}}"#)
        let params = net.initialParameters(seed: 3)
        var data = fixture.batch(net)
        let y0 = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        var x = data["data"]!.dense.value
        x.withUnsafeMutableBufferPointer { p in for i in (1 * 30 + 3 * 6)..<(2 * 30) { p[i] = 5 } }   // sequence 1, frames 3, 4
        data["data"] = LayerValue(values: Variable(x), seqLens: data["data"]!.seqLens)
        let y1 = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        for i in 0..<(30 + 18) { #expect(y0.array[i] == y1.array[i], "element \(i)") }
    }

    /// Upstream's rec loop with relative positions: `relative_positional_encoding` and `self_attention` stepped together.
    @Test func framesMatchUpstreamLoop() throws {
        let c = fixture.case("loop_self_att_rel_pos")
        let (rel, p1) = try buildStepLayer(RelativePositionalEncodingLayer.self, #"{"class": "relative_positional_encoding", "n_out": 2, "clipping": 2}"#,
                                           name: "rel", inputs: [Self.frameTemplate], prefix: "output/rec/rel")
        let (att, p2) = try buildStepLayer(SelfAttentionLayer.self,
                                           #"{"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "attention_left_only": True, "key_shift": "rel"}"#,
                                           name: "att", inputs: [Self.frameTemplate], prefix: "output/rec/att", referencedNodes: [stepNode(rel, name: "rel")])
        #expect(Set((p1 + p2).map(\.name)) == Set(c.params.keys))
        #expect(rel.output.rank == 3 && !rel.output.hasBatch && att.output.dims.count == 2)
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false,
                                 parameters: c.params.mapValues { Variable(Tensor(shape: $0.shape, $0.values)) }, data: [:])
        let x = fixture.batch(try fixture.build(#"{"output": {"class": "copy", "from": "data"}}"#))["data"]!
        let relStep = rel as! RelativePositionalEncodingLayer
        var relState = try relStep.initialStepState(batch: 2, references: [], ctx)
        let (y, _) = try runSteps(att as! SelfAttentionLayer, x, ctx) { t in
            let (r, s) = try relStep.step([frame(x, t, ctx.tape)], state: relState, ctx)
            relState = s
            #expect(r.shape == [1, t + 1, 2])
            return [r]
        }
        let e = c.outputs["output"]!
        expectValidFramesClose(y.value, e.values, shape: e.shape, lens: [5, 3], name: "loop_self_att_rel_pos")
    }

    /// Causal attention over the whole sequence equals stepping frame by frame (with and without key_shift).
    @Test(arguments: [false, true])
    func perFrameEqualsWholeSequence(keyShift: Bool) throws {
        let ks = keyShift ? #", "key_shift": "rel""# : ""
        let opts = #"{"class": "self_attention", "num_heads": 3, "total_key_dim": 6, "n_out": 9, "from": "data", "attention_left_only": True\#(ks)}"#
        let net = try fixture.build(#"{"rel": {"class": "relative_positional_encoding", "from": "data", "n_out": 2, "clipping": 1, "is_output_layer": True}, "output": \#(opts)}"#)
        let params = net.initialParameters(seed: 7)
        let data = fixture.batch(net)
        let whole = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        let (rel, _) = try buildStepLayer(RelativePositionalEncodingLayer.self, #"{"class": "relative_positional_encoding", "n_out": 2, "clipping": 1}"#,
                                          name: "rel", inputs: [Self.frameTemplate], prefix: "rel")
        let (att, _) = try buildStepLayer(SelfAttentionLayer.self, opts, name: "output", inputs: [Self.frameTemplate], prefix: "output",
                                          referencedNodes: keyShift ? [stepNode(rel, name: "rel")] : [])
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: params.mapValues { Variable($0) }, data: [:])
        let relStep = rel as! RelativePositionalEncodingLayer
        var relState = try relStep.initialStepState(batch: 2, references: [], ctx)
        let x = data["data"]!
        let (y, states) = try runSteps(att as! SelfAttentionLayer, x, ctx) { t in
            let (r, s) = try relStep.step([frame(x, t, ctx.tape)], state: relState, ctx)
            relState = s
            return keyShift ? [r] : []
        }
        // Causal: every frame (padded ones too) agrees, as upstream ignores lengths with attention_left_only.
        expectValidFramesClose(y.value, whole.array.map(Double.init), shape: whole.shape, lens: [5, 5], tol: 1e-5, name: "keyShift \(keyShift)")
        #expect(states.last!.values[0].shape == [2, 3, 5, 2] && states.last!.values[1].shape == [2, 3, 5, 3])
    }

    @Test func finiteDifferences() throws {
        for name in ["self_att", "self_att_left", "self_att_rel_pos"] {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    /// attention_dropout drops weights only in training, reproducibly.
    @Test func attentionDropout() throws {
        let net = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data", "attention_dropout": 0.5}}"#)
        let params = net.initialParameters(seed: 3)
        let data = fixture.batch(net)
        func run(_ training: Bool) throws -> [Float] {
            try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: training).values["output"]!.dense.value.array
        }
        let plain = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data"}}"#)
        let ref = try plain.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value.array
        #expect(try run(false) == ref)
        #expect(try run(true) != ref && run(true) == run(true))
    }

    @Test func errors() throws {
        func error(_ opts: String) -> String? {
            networkError { _ = try fixture.build(#"{"output": {"class": "self_attention", "from": "data", \#(opts)}}"#) }?.description
        }
        #expect(error(#""num_heads": 4, "total_key_dim": 6, "n_out": 8"#)?.contains("must be positive multiples of num_heads 4") == true)
        #expect(error(#""num_heads": 2, "total_key_dim": 4"#)?.contains("n_out") == true)
        #expect(error(#""num_heads": 2, "total_key_dim": 4, "n_out": 6, "with_bias": True"#)?.contains("with_bias") == true)
        #expect(error(#""num_heads": 2, "total_key_dim": 4, "n_out": 6, "state_var_lengths": 3"#)?.contains("state_var_lengths") == true)
        let vec = networkError { _ = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data:vec"}}"#) }
        #expect(vec?.message.contains("self_attention needs an input [B, T, F]") == true && vec?.layer == "output")
        let ks = networkError { _ = try fixture.build(#"{"output": {"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6, "from": "data", "key_shift": "data"}}"#) }
        #expect(ks?.message.contains("key_shift 'data' must be [T_q, T_k, total_key_dim/num_heads = 2] without batch") == true, "\(String(describing: ks))")
        let notLeft = networkError {
            _ = try buildStepLayer(SelfAttentionLayer.self, #"{"class": "self_attention", "num_heads": 2, "total_key_dim": 4, "n_out": 6}"#,
                                   name: "att", inputs: [Self.frameTemplate], prefix: "att")
        }
        #expect(notLeft?.message.contains("set attention_left_only=True") == true)
    }
}
