import ReturnnConfig
import Testing

@testable import ReturnnNetwork

/// Bad net dicts give located errors that name the layer, never a crash.
@Suite struct NetworkErrorCasesTests {
    @Test func unknownLayerClassSuggests() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"sofmax\", \"loss\": \"ce\"}}") }
        #expect(e?.kind == .unknownLayerClass)
        #expect(e?.description == "test.config:2:32: layer 'output': unknown layer class 'sofmax'; did you mean 'softmax'?")
    }

    @Test func unknownOptionSuggests() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"n_ot\": 4}}") }
        #expect(e?.kind == .unknownOption)
        #expect(e?.layer == "output")
        #expect(e?.message.contains("unknown option 'n_ot'; did you mean 'n_out'?") == true)
        #expect(e?.location?.line == 2)
    }

    @Test func missingSourceLayer() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"from\": \"hiden\"}, \"hidden\": {\"class\": \"linear\", \"n_out\": 3}}") }
        #expect(e?.kind == .layerNotFound)
        #expect(e?.layer == "output")
        #expect(e?.message == "layer 'hiden' is not in the network; did you mean 'hidden'?")
    }

    @Test func dependencyCycleNamesTheLayers() {
        let e = networkError {
            _ = try buildNetwork("""
                network = {
                    "a": {"class": "linear", "n_out": 3, "from": "b"},
                    "b": {"class": "linear", "n_out": 3, "from": "a"},
                    "output": {"class": "softmax", "loss": "ce", "from": "a"},
                }
                """)
        }
        #expect(e?.kind == .dependencyCycle)
        #expect(e?.message.contains("'a' -> 'b' -> 'a'") == true)
    }

    @Test func nOutNotMatchingTheTarget() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"n_out\": 5}}") }
        #expect(e?.kind == .dimensionMismatch)
        #expect(e?.message.contains("n_out 5 does not fit the dim F|'classes'(4) of target 'classes'; set n_out to 4") == true, "\(String(describing: e))")
    }

    @Test func sparseOutputWhereDenseIsNeeded() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"copy\", \"from\": \"data:classes\", \"loss\": \"ce\"}}") }
        #expect(e?.kind == .sparseMismatch)
    }

    @Test func concatOfSparseSource() {
        let e = networkError {
            _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"from\": [\"data\", \"data:classes\"]}}")
        }
        #expect(e?.kind == .sparseMismatch)
        #expect(e?.message.contains("cannot concatenate 'data:classes'") == true)
    }

    @Test func lossTargetNotInData() {
        let e = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"target\": \"labels\"}}") }
        #expect(e?.kind == .missingTarget)
        #expect(e?.message.contains("target 'labels' is not in the data") == true)
    }

    @Test func unknownLossAndActivationAndUnit() {
        #expect(networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"cee\"}}") }?.kind == .unknownLoss)
        let a = networkError { _ = try buildNetwork("network = {\"output\": {\"class\": \"linear\", \"activation\": \"rellu\", \"n_out\": 4, \"loss\": \"ce\"}}") }
        #expect(a?.message == "unknown activation 'rellu'; did you mean 'relu'?")
        let u = networkError { _ = try buildNetwork("network = {\"r\": {\"class\": \"rec\", \"unit\": \"nativlstm2\", \"n_out\": 3}, \"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"from\": \"r\"}}") }
        #expect(u?.message == "unknown rec unit 'nativlstm2'; did you mean 'nativelstm2'?")
    }

    @Test func recUnitWithoutTimeAxisSaysSo() {
        // A decoder with no 'from' and no target: decoding until an 'end' layer is search.
        let e = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "rec", "from": [], "unit": {
                    "s": {"class": "rec", "unit": "lstm", "from": "prev:output", "n_out": 3},
                    "output": {"class": "softmax", "from": "s", "loss": "ce"}}}}
                """)
        }
        #expect(e?.layer == "output")
        #expect(e?.message.hasPrefix("a rec layer with a unit dict and no 'from' needs a 'target' (or 'size_target') whose time axis the loop runs over") == true,
                "\(String(describing: e))")
        #expect(e?.location?.line == 2)
    }

    @Test func noOutputLayer() {
        let e = networkError { _ = try buildNetwork("network = {\"h\": {\"class\": \"linear\", \"n_out\": 3}}") }
        #expect(e?.kind == .invalidNetwork)
    }
}
