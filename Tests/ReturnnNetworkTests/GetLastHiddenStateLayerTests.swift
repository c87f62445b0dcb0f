import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `get_last_hidden_state`: the LSTM state tuple (c, h) by key, backward direction, two layers
/// added; gru/basicrnn tensor states; gradients; errors.
@Suite struct GetLastHiddenStateLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["last_state_lstm_concat", "last_state_lstm_c", "last_state_lstm_h_backward", "last_state_two_add"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name, gradTolerance: 2e-3) }
    }

    /// `h` is the rec output at each sequence's last frame; for a gru the state is that output.
    @Test func stateIsTheOutputAtTheLastFrame() throws {
        for unit in ["nativelstm2", "gru", "basicrnn"] {
            let key = unit == "nativelstm2" ? "\"h\"" : "None"
            let net = try fixture.build("""
                {"r": {"class": "rec", "unit": "\(unit)", "n_out": 3, "from": "data"},
                 "output": {"class": "get_last_hidden_state", "from": "r", "key": \(key), "n_out": 3}}
                """)
            let run = try net.run(data: fixture.batch(net), parameters: net.initialParameters(seed: 2), tape: Tape(recording: false),
                                  isTraining: false)
            let (y, h) = (run.values["r"]!.dense.value, run.values["output"]!.dense.value)
            #expect(h.shape == [2, 3])
            for (b, last) in [(0, 4), (1, 2)] {
                for j in 0..<3 { #expect(Swift.abs(h[b, j] - y[b, last, j]) < 1e-6, "\(unit)") }
            }
        }
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: ["data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() throws {
        let net = try fixture.build("""
            {"r": {"class": "rec", "unit": "gru", "n_out": 3, "from": "data"},
             "output": {"class": "get_last_hidden_state", "from": "r", "key": "c", "n_out": 3}}
            """)
        let key = networkError { _ = try net.run(data: fixture.batch(net), parameters: net.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false) }
        #expect(key?.layer == "output" && key?.message.contains("key \"c\" does not fit the state of 'r'") == true, "\(String(describing: key))")
        let size = try fixture.build("""
            {"r": {"class": "rec", "unit": "nativelstm2", "n_out": 3, "from": "data"},
             "output": {"class": "get_last_hidden_state", "from": "r", "n_out": 3}}
            """)
        let e = networkError { _ = try size.run(data: fixture.batch(size), parameters: size.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false) }
        #expect(e?.message.contains("has size 6, but n_out is 3") == true, "\(String(describing: e))")
        let noState = try fixture.build(#"{"output": {"class": "get_last_hidden_state", "from": "data", "n_out": 6}}"#)
        let s = networkError { _ = try noState.run(data: fixture.batch(noState), parameters: [:], tape: Tape(recording: false), isTraining: false) }
        #expect(s?.message.contains("source 'data' has no hidden state") == true)
        let combine = mathLayerError(#"{"output": {"class": "get_last_hidden_state", "from": "data", "n_out": 6, "combine": "mul"}}"#)
        #expect(combine?.message.contains("combine must be") == true)
        let nOut = mathLayerError(#"{"output": {"class": "get_last_hidden_state", "from": "data"}}"#)
        #expect(nOut?.message.contains("n_out") == true)
    }
}
