import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `rnn_cell`: whole sequences against upstream (TF cells, initial states from "var", "ones",
/// layers and get_last_hidden_state), frame by frame against upstream's rec loop, both forms
/// against each other, gradients, errors.
@Suite struct RnnCellLayerTests {
    let fixture = LayersMathFixture.recurrent
    static let wholeCases = ["rnn_cell_lstmblock", "rnn_cell_basiclstm_var", "rnn_cell_standardlstm_layers", "rnn_cell_gru_var",
                             "rnn_cell_basicrnn_ones", "rnn_cell_gru_enc_last"]

    @Test func wholeSequencesMatchUpstream() throws {
        for name in Self.wholeCases { try fixture.check(name, gradTolerance: 2e-3) }
    }

    @Test func templateAndParameters() throws {
        let net = try fixture.build(#"{"output": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 3, "from": "data"}}"#)
        let t = net.node("output")!.output
        #expect(t.dims.count == 3 && t.dims[0].isBatch && t.dims[1] == net.node("data")!.output.dims[1])
        #expect(t.featureTag?.name == "output:rnn_cell_feat" && t.featureDim == 3)
        #expect(net.parameters.map(\.name) == ["output/rec/lstm_cell/kernel", "output/rec/lstm_cell/bias"])
        for (unit, names) in [("GRUCell", ["gru_cell/gates/kernel", "gru_cell/gates/bias", "gru_cell/candidate/kernel", "gru_cell/candidate/bias"]),
                              ("nativelstm2", ["W", "b", "W_re"]), ("BasicRNN", ["basic_rnn_cell/kernel", "basic_rnn_cell/bias"]),
                              ("basiclstmcell", ["basic_lstm_cell/kernel", "basic_lstm_cell/bias"])] {
            let n = try fixture.build(#"{"output": {"class": "rnn_cell", "unit": "\#(unit)", "n_out": 3, "from": "data"}}"#)
            #expect(n.parameters.map(\.name) == names.map { "output/rec/" + $0 }, "\(unit)")
        }
    }

    /// Upstream's rec loop (`optimize_move_layers_out: False`) against `step`, on upstream's parameters.
    @Test(arguments: [("loop_rnn_cell_lstmblock_var", #"{"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 3, "initial_state": "var"}"#),
                      ("loop_rnn_cell_gru", #"{"class": "rnn_cell", "unit": "GRU", "n_out": 3}"#)])
    func framesMatchUpstreamLoop(name: String, options: String) throws {
        let c = fixture.case(name)
        let (layer, params) = try buildStepLayer(RnnCellLayer.self, options, name: "cell", inputs: [DataTemplate(dims: [.batch, .feature("feat", 6)])],
                                                 prefix: "output/rec/cell")
        #expect(Set(params.map(\.name)) == Set(c.params.keys))
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false,
                                 parameters: c.params.mapValues { Variable(Tensor(shape: $0.shape, $0.values)) }, data: [:])
        let x = fixture.batch(try fixture.build(#"{"output": {"class": "copy", "from": "data"}}"#))["data"]!
        let (y, _) = try runSteps(layer as! RnnCellLayer, x, ctx)
        let e = c.outputs["output"]!
        expectValidFramesClose(y.value, e.values, shape: e.shape, lens: [5, 3], name: name)
    }

    /// Both forms give the same outputs and final states on the same parameters.
    @Test(arguments: ["LSTMBlock", "BasicLSTM", "NativeLstm2", "GRU", "BasicRNN"])
    func perFrameEqualsWholeSequence(unit: String) throws {
        let opts = #"{"class": "rnn_cell", "unit": "\#(unit)", "n_out": 4, "from": "data", "initial_state": "var"}"#
        let net = try fixture.build(#"{"output": \#(opts)}"#)
        var params = net.initialParameters(seed: 5)
        for (k, v) in params where k.contains("initial_") { params[k] = Tensor(shape: v.shape, (0..<v.count).map { Float(sin(0.9 * Double($0))) }) }
        let data = fixture.batch(net)
        let run = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false)
        let whole = run.values["output"]!
        let (layer, _) = try buildStepLayer(RnnCellLayer.self, opts, name: "output", inputs: [DataTemplate(dims: [.batch, .feature("feat", 6)])],
                                            prefix: "output")
        let stepParams = Dictionary(uniqueKeysWithValues: params.map { ($0.key.replacingOccurrences(of: "/rec/initial_", with: "/initial_"), Variable($0.value)) })
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: stepParams, data: [:])
        let (y, states) = try runSteps(layer as! RnnCellLayer, data["data"]!, ctx)
        expectValidFramesClose(y.value, whole.dense.value.array.map(Double.init), shape: whole.shape, lens: [5, 3], tol: 1e-5, name: unit)
        // The final state of each sequence is the state after its last frame.
        let final = whole.lastHiddenState!.value(forKey: .all, tape: ctx.tape)!.value
        for (b, len) in [(0, 5), (1, 3)] {
            let s = states[len - 1].lastHiddenState!.value(forKey: .all, tape: ctx.tape)!.value
            for j in 0..<final.shape[1] { #expect(Swift.abs(s[b, j] - final[b, j]) < 1e-5, "\(unit) state [\(b), \(j)]") }
        }
    }

    @Test func finiteDifferences() throws {
        for name in ["rnn_cell_lstmblock", "rnn_cell_basiclstm_var", "rnn_cell_standardlstm_layers", "rnn_cell_gru_var"] {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
        let net = try fixture.build(#"{"output": {"class": "rnn_cell", "unit": "NativeLSTM", "n_out": 3, "from": "data", "initial_state": "var"}}"#)
        #expect(net.parameters.count == 5)
    }

    @Test func errors() throws {
        func error(_ opts: String) -> String? {
            networkError { _ = try fixture.build(#"{"output": {"class": "rnn_cell", "n_out": 3, "from": "data", \#(opts)}}"#) }?.description
        }
        #expect(error(#""unit": "LSTMBlok""#)?.contains("unknown rnn_cell unit 'LSTMBlok'; did you mean 'lstmblock'?") == true,
                "\(error(#""unit": "LSTMBlok""#) ?? "")")
        #expect(error(#""unit": "zoneoutlstm""#)?.contains("exists in upstream RETURNN but is not supported") == true)
        let noTime = networkError { _ = try fixture.build(#"{"output": {"class": "rnn_cell", "unit": "GRU", "n_out": 3, "from": "data:vec"}}"#) }
        #expect(noTime?.message.contains("has no time axis") == true && noTime?.layer == "output", "\(String(describing: noTime))")
        #expect(error(#""unit": "GRU", "initial_state": 0.5"#)?.contains("invalid initial_state 0.5") == true)
        #expect(error(#""unit": "LSTMBlock", "initial_state": "data:vec""#)?.contains("names one layer, but the LSTM state has parts c and h") == true)
        #expect(error(#""unit": "LSTMBlock", "initial_state": {"c": "zeros"}"#)?.contains("must have exactly the keys \"c\", \"h\"") == true)
        #expect(error(#""unit": "GRU", "initial_state": ["zeros", "ones"]"#)?.contains("the state of this unit has 1 part") == true)
        #expect(error(#""unit": "GRU", "initial_state": "keep_over_epoch""#)?.contains("not supported by swift-returnn") == true)
        #expect(error(#""unit": "NativeLstm2", "unit_opts": {"forget_bias": 1.0}"#)?.contains("forget_bias must be 0") == true)
        #expect(error(#""unit": "LSTMBlock", "unit_opts": {"forget_bias": 1.0, "num_proj": 4}"#)?.contains("num_proj=4 is not supported") == true)
        #expect(error(#""unit": "GRU", "unit_opts": {"forget_bias": 1.0}"#)?.contains("forget_bias") == true)
        #expect(error(#""unit": "GRU", "initial_output": 1"#)?.contains("initial_output must be None") == true)
        // A layer's state of the wrong size, at run time.
        let net = try fixture.build(#"{"output": {"class": "rnn_cell", "unit": "GRU", "n_out": 3, "from": "data", "initial_state": "data:vec"}}"#)
        let e = networkError { _ = try net.run(data: fixture.batch(net), parameters: net.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false) }
        #expect(e?.message.contains("initial_state layer 'data:vec' gives [2, 6], but the state needs [B, n] = [2, 3]") == true, "\(String(describing: e))")
        // Per frame: an input with a time axis.
        let inLoop = networkError {
            _ = try buildStepLayer(RnnCellLayer.self, #"{"class": "rnn_cell", "unit": "GRU", "n_out": 3}"#, name: "cell",
                                   inputs: [DataTemplate(dims: [.batch, .spatial("enc"), .feature("f", 6)])], prefix: "cell")
        }
        #expect(inLoop?.message.contains("inside the loop of rec layer 'output' the input must be one frame") == true)
    }
}
