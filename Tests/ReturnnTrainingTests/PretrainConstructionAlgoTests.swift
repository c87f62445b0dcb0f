import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainConstructionAlgo`: names and functions.
@Suite struct PretrainConstructionAlgoTests {
    @Test func names() throws {
        #expect(try PretrainConstructionAlgo(.str("from_output"), context: "p").repr == "'from_output'")
        #expect(try PretrainConstructionAlgo(.str("from_input"), context: "p").repr == "'from_input'")
        #expect(try PretrainConstructionAlgo(.str("no_network_modifications"), context: "p").repr == "'no_network_modifications'")
        let f = try pretrainValue("def x(idx, net_dict):\n    return None\n")
        #expect(try PretrainConstructionAlgo(f, context: "p").repr == "<function x>")
    }

    @Test func mistakes() {
        let e = pretrainConfigError { _ = try PretrainConstructionAlgo(.str("from_inputs"), context: "pretrain") }
        #expect(e?.message.contains("invalid construction_algo 'from_inputs'") == true)
        #expect(e?.message.contains("did you mean 'from_input'?") == true)
        let t = pretrainConfigError { _ = try PretrainConstructionAlgo(.int(3), context: "pretrain") }
        #expect(t?.kind == .type)
    }
}
