import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `Pretrain`: upstream's `tests/test_Pretrain.py` cases and the per-epoch API.
@Suite struct PretrainTests {
    static let mlp = """
    num_inputs = 40
    num_outputs = 4498
    network = {
        "hidden_0": {"class": "linear", "n_out": 7, "dropout": 0.1, "activation": "relu"},
        "hidden_1": {"class": "linear", "n_out": 8, "dropout": 0.1, "activation": "relu", "from": ["hidden_0"]},
        "output": {"class": "softmax", "loss": "ce", "from": ["hidden_1"]},
    }
    """

    static let blstm = """
    network = {
        "lstm0_fw": {"class": "lstm_opt", "n_out": 500, "dropout": 0.1, "sampling": 1, "reverse": False},
        "lstm0_bw": {"class": "lstm_opt", "n_out": 500, "dropout": 0.1, "sampling": 1, "reverse": True},
        "lstm1_fw": {"class": "lstm_opt", "n_out": 500, "reverse": False, "from": ["lstm0_fw", "lstm0_bw"]},
        "lstm1_bw": {"class": "lstm_opt", "n_out": 500, "reverse": True, "from": ["lstm0_fw", "lstm0_bw"]},
        "lstm2_fw": {"class": "lstm_opt", "n_out": 500, "reverse": False, "from": ["lstm1_fw", "lstm1_bw"]},
        "lstm2_bw": {"class": "lstm_opt", "n_out": 500, "reverse": True, "from": ["lstm1_fw", "lstm1_bw"]},
        "output": {"class": "softmax", "loss": "ce", "from": ["lstm2_fw", "lstm2_bw"]},
    }
    """

    static func layers(_ v: ConfigValue) -> [String] {
        (v.dictValue?.keys ?? []).compactMap(\.stringValue)
    }

    /// upstream `test_config_net_dict1`, with the exact dict of the first step.
    @Test func configNetDict1() throws {
        let config = try pretrainConfig("pretrain = 'default'\n" + Self.mlp)
        let p = try #require(try Pretrain.fromConfig(config))
        #expect(p.numPretrainEpochs == 2)
        let net1 = p.netDict(forEpoch: 1), net2 = p.netDict(forEpoch: 2), net3 = p.netDict(forEpoch: 3)
        #expect(Self.layers(net1) == ["hidden_0", "output"])
        #expect(Self.layers(net2) == ["hidden_0", "hidden_1", "output"])
        #expect(!Pretrain.netDictsDiffer(net2, net3))
        let expected1 = try pretrainValue("""
        x = {
            "hidden_0": {"class": "linear", "n_out": 7, "dropout": 0.1, "activation": "relu"},
            "output": {"class": "softmax", "loss": "ce", "from": ["hidden_0"]},
        }
        """)
        #expect(Pretrain.netDictDiff(net1, expected1) == [])
        #expect(!Pretrain.netDictsDiffer(net2, try #require(config.typedValue("network"))))
        #expect(Pretrain.netDictsDiffer(net1, net2))
    }

    /// upstream `test_config_net_dict2`: the 3-layer BLSTM gives 3 steps.
    @Test func configNetDict2() throws {
        let p = try #require(try Pretrain.fromConfig(try pretrainConfig("pretrain = 'default'\n" + Self.blstm)))
        #expect(p.numPretrainEpochs == 3)
        #expect(Self.layers(p.netDict(forEpoch: 1)) == ["lstm0_fw", "lstm0_bw", "output"])
        #expect(Self.layers(p.netDict(forEpoch: 2)) == ["lstm0_fw", "lstm0_bw", "lstm1_fw", "lstm1_bw", "output"])
        let out1 = try #require(p.netDict(forEpoch: 1).dictValue?.get("output")?.dictValue?.get("from"))
        #expect(out1.sequenceItems?.compactMap(\.stringValue) == ["lstm0_bw", "lstm0_fw"])
        #expect(p.description == "Pretrain construction algo 'from_output', number of pretrain epochs: 3")
    }

    /// `WrapEpochValue` in the net dict resolves per pretrain epoch (upstream
    /// `_resolve_wrapped_values`), also inside lists.
    @Test func wrapEpochValuesResolvePerEpoch() throws {
        let config = try pretrainConfig("""
        from returnn.pretrain import WrapEpochValue
        pretrain = {'repetitions': 2}
        network = {
            "hidden_0": {"class": "linear", "n_out": WrapEpochValue(lambda epoch: 100 * epoch), "activation": "relu"},
            "hidden_1": {"class": "linear", "n_out": 8, "from": ["hidden_0"], "dropout": [WrapEpochValue(lambda epoch: 0.1 * epoch)]},
            "output": {"class": "softmax", "loss": "ce", "from": ["hidden_1"]},
        }
        """)
        let p = try #require(try Pretrain.fromConfig(config))
        #expect(p.numPretrainEpochs == 4)
        func opt(_ e: Int, _ layer: String, _ key: String) -> String? { p.netDict(forEpoch: e).dictValue?.get(layer)?.dictValue?.get(key)?.repr }
        #expect(opt(1, "hidden_0", "n_out") == "100")
        #expect(opt(2, "hidden_0", "n_out") == "200")
        #expect(opt(4, "hidden_0", "n_out") == "400")
        #expect(opt(4, "hidden_1", "dropout") == "[0.4]")
    }

    @Test func callersNetDictIsNotModified() throws {
        let config = try pretrainConfig("pretrain = {'repetitions': {'final': 2}}\n" + Self.blstm.replacingOccurrences(of: "network = {", with: "network = {'#repetition': 1, "))
        let before = PretrainNetDict.deepCopy(try #require(config.typedValue("network")))
        let p = try #require(try Pretrain.fromConfig(config))
        #expect(!Pretrain.netDictsDiffer(before, try #require(config.typedValue("network"))))
        // `#repetition` of the original net (in every from_output step) overrides the dict.
        #expect(p.repetitions == [1, 1, 1])
        // Returned dicts are copies.
        p.netDict(forEpoch: 1).dictValue?.set("extra", .int(1))
        #expect(Self.layers(p.netDict(forEpoch: 1)) == ["lstm0_fw", "lstm0_bw", "output"])
    }

    @Test func disabledGivesNil() throws {
        #expect(try Pretrain.fromConfig(try pretrainConfig(Self.mlp)) == nil)
        #expect(try Pretrain.fromConfig(try pretrainConfig("pretrain = None\n" + Self.mlp)) == nil)
        #expect(try Pretrain.fromConfig(try pretrainConfig("pretrain = False\n" + Self.mlp)) == nil)
        #expect(try Pretrain.fromConfig(try pretrainConfig("pretrain = {}\n" + Self.mlp)) == nil)
        #expect(try Pretrain.fromConfig(try pretrainConfig("pretrain = ''\n" + Self.mlp)) == nil)
    }

    @Test func untypedDefaultFromLineConfigOrCommandLine() throws {
        let config = try pretrainConfig("pretrain = 'default'\n" + Self.mlp)
        // A line-based value (or `++pretrain default`) is untyped; `bool_or_other` keeps "default".
        let lines = try pretrainConfig(text: "pretrain default\npretrain_repetitions 2,3\n", filename: "lines.config")
        lines.set("network", try #require(config.typedValue("network")))
        let p = try #require(try Pretrain.fromConfig(lines))
        #expect(p.repetitions == [2, 3])
        #expect(p.numPretrainEpochs == 5)
        let off = try pretrainConfig(text: "pretrain false\n", filename: "lines.config")
        off.set("network", try #require(config.typedValue("network")))
        #expect(try Pretrain.fromConfig(off) == nil)
    }

    @Test func unknownPretrainTypeAndMissingNetwork() throws {
        let e1 = pretrainConfigError { _ = try Pretrain.fromConfig(try pretrainConfig("pretrain = 'fancy'\n" + Self.mlp)) }
        #expect(e1?.message.contains("unknown pretrain type 'fancy'") == true)
        #expect(e1?.location?.line == 2)
        let e2 = pretrainConfigError { _ = try Pretrain.fromConfig(try pretrainConfig("pretrain = 'default'\n")) }
        #expect(e2?.message.contains("Network is not defined in config") == true)
    }

    @Test func unknownOptionSuggestsTheRightOne() throws {
        let e = pretrainConfigError { _ = try Pretrain.fromConfig(try pretrainConfig("pretrain = {'repetition': 2}\n" + Self.mlp)) }
        #expect(e?.message == "pretrain: unknown option 'repetition'; did you mean 'repetitions'?")
        #expect(e?.location?.line == 2)
    }

    @Test func greedyOnlyForOneEpoch() throws {
        let e = pretrainConfigError { _ = try Pretrain.fromConfig(try pretrainConfig("pretrain = 'default'\npretrain_greedy = True\n" + Self.mlp)) }
        #expect(e?.message.contains("greedy=True is only supported for a single pretrain epoch") == true)
        let one = try pretrainConfig("pretrain = {'greedy': True, 'construction_algo': 'no_network_modifications'}\n" + Self.mlp)
        #expect(try Pretrain.fromConfig(one)?.numPretrainEpochs == 1)
    }

    @Test func configOverridesAndCopyModePerEpoch() throws {
        let config = try pretrainConfig("""
        def algo(idx, net_dict):
            if idx == 1:
                return None
            del net_dict["hidden_1"]
            net_dict["output"]["from"] = ["hidden_0"]
            net_dict["#config"] = {"batch_size": 500, "max_seqs": 2}
            net_dict["#copy_param_mode"] = "reset"
            net_dict["#repetition"] = 2
            return net_dict
        pretrain = {"construction_algo": algo, "copy_param_mode": "subset"}
        """ + "\n" + Self.mlp)
        let p = try #require(try Pretrain.fromConfig(config))
        #expect(p.numPretrainEpochs == 3)
        #expect(p.repetitions == [2, 1])
        for e in [1, 2] {
            let o = p.configOverrides(forEpoch: e)
            #expect(o.map(\.0) == ["batch_size", "max_seqs"])
            #expect(o.map { $0.1.intValue } == [500, 2])
            #expect(p.copyParamMode(forEpoch: e) == .reset)
            #expect(p.netDict(forEpoch: e).dictValue?.get("#repetition") == nil)
        }
        #expect(p.configOverrides(forEpoch: 3).isEmpty)
        #expect(p.copyParamMode(forEpoch: 3) == .subset)
        #expect(p.copyParamMode(forEpoch: 4) == nil)
        #expect(p.copyParamMode == .subset)
        #expect(p.copyOutputLayer)
    }

    @Test func copyOutputLayerResolution() throws {
        func p(_ opts: String) throws -> Pretrain {
            try #require(try Pretrain.fromConfig(try pretrainConfig("pretrain = \(opts)\n" + Self.mlp)))
        }
        #expect(try p("'default'").copyOutputLayer)
        #expect(try !p("{'copy_param_mode': 'reset'}").copyOutputLayer)
        #expect(try p("{'copy_param_mode': 'reset', 'copy_output_layer': 'ifpossible'}").copyOutputLayer)
        #expect(try !p("{'copy_output_layer': False}").copyOutputLayer)
        #expect(try !p("{'copy_output_layer': 'reset', 'copy_param_mode': 'subset'}").copyOutputLayer)
        let legacy = try pretrainConfig("pretrain = 'default'\npretrain_copy_output_layer = False\n" + Self.mlp)
        #expect(try #require(try Pretrain.fromConfig(legacy)).copyOutputLayer == false)
        // The dict wins over the legacy key.
        let both = try pretrainConfig("pretrain = {'copy_output_layer': True}\npretrain_copy_output_layer = False\n" + Self.mlp)
        #expect(try #require(try Pretrain.fromConfig(both)).copyOutputLayer)
    }

    @Test func customFunctionErrors() throws {
        let bad = try pretrainConfig("def f(idx, net_dict):\n    return 3\npretrain = {'construction_algo': f}\n" + Self.mlp)
        let e = pretrainConfigError { _ = try Pretrain.fromConfig(bad) }
        #expect(e?.message.contains("must return a net dict or None, got int 3") == true)
        let endless = try pretrainConfig("def f(idx, net_dict):\n    return net_dict\npretrain = {'construction_algo': f}\n" + Self.mlp)
        let e2 = pretrainConfigError { _ = try Pretrain.fromConfig(endless) }
        #expect(e2?.message.contains("it must return None to end the pretrain steps") == true)
        let badMode = try pretrainConfig("""
        def f(idx, net_dict):
            if idx > 0:
                return None
            net_dict["#copy_param_mode"] = "subsett"
            return net_dict
        pretrain = {'construction_algo': f}
        """ + "\n" + Self.mlp)
        let e3 = pretrainConfigError { _ = try Pretrain.fromConfig(badMode) }
        #expect(e3?.message.contains("did you mean 'subset'?") == true)
    }

    @Test func zeroRepetitionsEverywhereIsAnError() throws {
        let e = pretrainConfigError {
            _ = try Pretrain.fromConfig(try pretrainConfig("pretrain = {'repetitions': {'default': 0}}\n" + Self.mlp))
        }
        #expect(e?.message.contains("give no pretrain epoch") == true)
    }
}
