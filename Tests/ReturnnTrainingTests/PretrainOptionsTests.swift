import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainOptions`: the `pretrain` dict and the legacy `pretrain_*` keys.
@Suite struct PretrainOptionsTests {
    @Test func defaults() throws {
        let o = try #require(try PretrainOptions.fromConfig(try pretrainConfig("pretrain = 'default'\n")))
        if case .fromOutput = o.constructionAlgo {} else { Issue.record("default algo") }
        #expect(o.repetitions == .count(1))
        #expect(o.copyParamMode == nil && o.copyOutputLayer == nil && o.resolvedCopyOutputLayer)
        #expect(!o.greedy)
        #expect(o.outputLayers == ["output"] && o.inputLayers == ["data"])
    }

    @Test func dictOptions() throws {
        let o = try #require(try PretrainOptions.fromConfig(try pretrainConfig("""
        pretrain = {"construction_algo": "from_input", "repetitions": [1, 2], "copy_param_mode": "subset",
                    "copy_output_layer": "reset", "greedy": False, "output_layers": ["out", "ctc"], "input_layers": "feat",
                    "network_init_args": {"n_in": 3}}
        """)))
        if case .fromInput = o.constructionAlgo {} else { Issue.record("from_input") }
        #expect(o.repetitions == .list([1, 2]))
        #expect(o.copyParamMode == .subset)
        #expect(o.copyOutputLayer == false && !o.resolvedCopyOutputLayer)
        #expect(o.outputLayers == ["out", "ctc"] && o.inputLayers == ["feat"])
    }

    @Test func legacyKeysAreMergedAndTheDictWins() throws {
        let o = try #require(try PretrainOptions.fromConfig(try pretrainConfig("""
        pretrain = {"repetitions": 4}
        pretrain_repetitions = 2
        pretrain_construction_algo = "no_network_modifications"
        pretrain_copy_output_layer = "subset"
        pretrain_greedy = True
        """)))
        #expect(o.repetitions == .count(4))
        if case .noNetworkModifications = o.constructionAlgo {} else { Issue.record("legacy algo") }
        #expect(o.copyOutputLayer == true)
        #expect(o.greedy)
        let typed = try #require(try PretrainOptions.fromConfig(try pretrainConfig("pretrain = True\npretrain_repetitions = {'final': 3}\n")))
        #expect(typed.repetitions == .dict(defaultCount: 1, finalCount: 3, byIndex: [:]))
        // The caller's dict is not changed by merging.
        let c = try pretrainConfig("pretrain = {'repetitions': 4}\npretrain_greedy = True\n")
        _ = try PretrainOptions.fromConfig(c)
        #expect(c.typedValue("pretrain")?.dictValue?.count == 1)
    }

    @Test func legacyFunctionAlgo() throws {
        let o = try #require(try PretrainOptions.fromConfig(try pretrainConfig("""
        def f(idx, net_dict):
            return None
        pretrain = "default"
        pretrain_construction_algo = f
        """)))
        if case .custom(let f) = o.constructionAlgo { #expect(f.name == "f") } else { Issue.record("function algo") }
    }

    @Test func badValues() throws {
        let algo = pretrainConfigError { _ = try PretrainOptions.fromConfig(try pretrainConfig("pretrain = {'construction_algo': 'from_outputs'}\n")) }
        #expect(algo?.message.contains("did you mean 'from_output'?") == true)
        let col = pretrainConfigError { _ = try PretrainOptions.fromConfig(try pretrainConfig("pretrain = {'copy_output_layer': 1}\n")) }
        #expect(col?.message.contains("copy_output_layer: expected True, False, None") == true)
        let greedy = pretrainConfigError { _ = try PretrainOptions.fromConfig(try pretrainConfig("pretrain = {'greedy': 'yes'}\n")) }
        #expect(greedy?.kind == .type)
        let type = pretrainConfigError { _ = try PretrainOptions.fromConfig(try pretrainConfig("pretrain = 1\n")) }
        #expect(type?.message.contains("unknown pretrain type 1") == true)
    }
}
