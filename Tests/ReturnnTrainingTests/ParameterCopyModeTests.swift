import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `ParameterCopyMode`: parsing RETURNN's `copy_param_mode` values.
@Suite struct ParameterCopyModeTests {
    @Test func parsesTheRETURNNNames() throws {
        #expect(try ParameterCopyMode.parse(.none, context: "x") == nil)
        #expect(try ParameterCopyMode.parse(.str("ifpossible"), context: "x") == .ifPossible)
        #expect(try ParameterCopyMode.parse(.str("subset"), context: "x") == .subset)
        #expect(try ParameterCopyMode.parse(.str("reset"), context: "x") == .reset)
        #expect(CopyParamMode.subset == ParameterCopyMode.subset)
    }

    @Test func rejectsOthersWithSuggestion() {
        let e = pretrainConfigError { _ = try ParameterCopyMode.parse(.str("if_possible"), context: "pretrain.copy_param_mode") }
        #expect(e?.message == "pretrain.copy_param_mode: unknown copy_param_mode 'if_possible' (use None, 'ifpossible', 'subset', 'reset'); did you mean 'ifpossible'?")
        let t = pretrainConfigError { _ = try ParameterCopyMode.parse(.int(1), context: "c") }
        #expect(t?.kind == .type)
    }
}
