import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `activation`: values against numpy, logits for softmax, gradients, errors.
@Suite struct ActivationLayerTests {
    @Test func valuesMatchNumpy() throws {
        expectFixture(try runLayersA(#"{"output": {"class": "activation", "activation": "sigmoid", "from": "data"}}"#), "activation_sigmoid")
        expectFixture(try runLayersA(#"{"output": {"class": "activation", "activation": "2*sigmoid - 1", "from": "data"}}"#),
                      "activation_expr")
        let id = try runLayersA(#"{"output": {"class": "activation", "activation": None, "from": "data"}}"#)
        #expect(id.dense.value == LayersAFixture.shared.batch["data"]!.dense.value)
    }

    @Test func softmaxKeepsLogitsForTheLoss() throws {
        let net = try buildLayersANetwork("""
            {"l": {"class": "linear", "n_out": 4, "from": "data"},
             "output": {"class": "activation", "activation": "softmax", "loss": "ce", "from": "l"}}
            """)
        let run = try net.run(data: layersAGradientBatch(), parameters: net.initialParameters(seed: 2), tape: Tape(recording: false),
                              isTraining: false)
        #expect(run.values["output"]!.logits != nil)
        #expect(run.values["output"]!.shape == [2, 5, 4])
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 4, "from": "data"},
             "a": {"class": "activation", "activation": "relu + 0.5*tanh", "from": "l"},
             "output": {"class": "softmax", "loss": "ce", "from": "a"}}
            """)
    }

    @Test func errors() {
        let missing = layersAError(#"{"output": {"class": "activation", "from": "data"}}"#)
        #expect(missing?.kind == .invalidOption && missing!.message.contains("needs 'activation'"), "\(String(describing: missing))")
        let unknown = layersAError(#"{"output": {"class": "activation", "activation": "reluu", "from": "data"}}"#)
        #expect(unknown?.message.contains("did you mean 'relu'") == true, "\(String(describing: unknown))")
        let sparse = layersAError(#"{"output": {"class": "activation", "activation": "relu", "from": "data:classes"}}"#)
        #expect(sparse?.kind == .sparseMismatch)
    }
}
