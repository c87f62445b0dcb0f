import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `edit_distance` loss: errors against upstream (sparse output, label_map, ctc_decode), n_out,
/// no value, error texts.
@Suite struct EditDistanceLossTests {
    let f = EditDistanceFixture.layers

    func run(_ network: String) throws -> LossOutput {
        let net = try f.build(network)
        let r = try net.run(data: f.batch(net), parameters: [:], tape: Tape(), isTraining: false)
        return r.losses.first { $0.name == "output" }!
    }

    @Test func matchesUpstream() throws {
        let cases = EditDistanceFixture.shared.lossCases
        #expect(cases.count == 5)
        for c in cases {
            let loss = try run(c.network)
            #expect(loss.error == c.error, "\(c.name): error \(String(describing: loss.error)), upstream \(c.error)")
            #expect(loss.value.value.scalar == 0 && !loss.value.requiresGradient, "\(c.name): no value")
            #expect(loss.normalizer == 8, "\(c.name): target frames")  // classes lengths [4, 0, 4]
        }
    }

    @Test func ctcDecodeDerivesNOut() throws {
        let net = try f.build(#"{"output": {"class": "linear", "activation": "softmax", "from": "data", "loss": "edit_distance", "#
                              + #""target": "classes", "loss_opts": {"ctc_decode": True}}}"#)
        #expect(net.node("output")!.output.featureDim == 6)
        let wrong = networkError {
            _ = try f.build(#"{"output": {"class": "linear", "from": "data", "n_out": 5, "loss": "edit_distance", "target": "classes", "#
                            + #""loss_opts": {"ctc_decode": True}}}"#)
        }
        #expect(wrong?.message.contains("+ 1 for the loss; set n_out to 6 or remove it") == true, "\(String(describing: wrong))")
    }

    func error(_ opts: String, from: String = "data:hyp") -> NetworkError? {
        networkError {
            _ = try f.build(#"{"output": {"class": "copy", "from": "\#(from)", "loss": "edit_distance", "target": "classes", "#
                            + #""loss_opts": \#(opts)}}"#)
        }
    }

    @Test func errors() {
        #expect(error("{'ctc_decode': True}")?.message.hasPrefix("loss 'edit_distance' with ctc_decode=True needs dense CTC scores") == true)
        #expect(error("{}", from: "data")?.message.hasSuffix("for dense CTC scores set loss_opts {'ctc_decode': True}") == true)
        #expect(error("{'debug_print': True}")?.message.hasPrefix("loss 'edit_distance': debug_print=True is not supported") == true)
        #expect(error("{'label_map': [0, 1]}")?.message == "loss 'edit_distance': label_map must be a dict {label: label or None}, got [0, 1]")
        #expect(error("{'label_map': {0: 0, 2: 1}}")?.message
                == "loss 'edit_distance': label_map keys must be the labels 0..1 (one entry per label), got key 2")
        #expect(error("{'label_map': {0: 0, 1: 'a'}}")?.message == "loss 'edit_distance': label_map[1] must be a label (int >= 0) or None, got 'a'")
        #expect(error("{'labelmap': {}}")?.kind == .unknownOption)
        // A label beyond the map is found when the batch runs.
        #expect(throws: NetworkError.self) {
            _ = try run(#"{"output": {"class": "copy", "from": "data:hyp", "loss": "edit_distance", "target": "classes", "#
                        + #""loss_opts": {"label_map": {0: 0, 1: 1}}}}"#)
        }
    }
}
