import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainConstruction`: the construction algorithms on nets beyond the upstream fixtures,
/// including inputs where upstream crashes.
@Suite struct PretrainConstructionTests {
    static func construction(_ net: String, output: [String] = ["output"]) throws -> PretrainConstruction {
        let v = try pretrainValue("x = " + net)
        return PretrainConstruction(original: try #require(v.dictValue), outputLayers: output, inputLayers: ["data"])
    }

    static func names(_ d: ConfigDict) -> [String] { PretrainNetDict.layerNames(d) }

    static func from(_ d: ConfigDict, _ layer: String) -> [String]? {
        d.get(layer)?.dictValue?.get("from")?.sequenceItems?.compactMap(\.stringValue)
    }

    @Test func fromOutputChain() throws {
        let c = try Self.construction("""
        {"a": {"class": "linear"}, "b": {"class": "linear", "from": "a"}, "c": {"class": "linear", "from": ["b"]},
         "output": {"class": "softmax", "from": ["c"]}}
        """)
        let steps = try c.steps(.fromOutput)
        #expect(steps.map(Self.names) == [["a", "output"], ["a", "b", "output"], ["a", "b", "c", "output"]])
        #expect(Self.from(steps[0], "output") == ["a"])
        #expect(Self.from(steps[1], "output") == ["b"])
        // The last step is a copy of the original.
        #expect(steps[2] !== c.original)
        #expect(!Pretrain.netDictsDiffer(ConfigValue(.dict(steps[2])), ConfigValue(.dict(c.original))))
    }

    @Test func settingsKeysAreNotLayers() throws {
        let c = try Self.construction("""
        {"#config": {"batch_size": 10}, "#trainable": True, "a": {"class": "linear"},
         "b": {"class": "linear", "from": ["a"]}, "output": {"class": "softmax", "from": ["b"]}}
        """)
        let out = try c.steps(.fromOutput)
        #expect(out.count == 2)
        #expect(out[0].get("#config") != nil)
        let inp = try c.steps(.fromInput)
        #expect(inp.map(Self.names) == [["a", "output"], ["a", "b", "output"]])
        #expect(inp[0].get("#config") == nil)
    }

    @Test func fromInputWithStrFromKeepsTheInput() throws {
        // Upstream compares the str "data" with the list ["data"] and drops the input; here a
        // str `from` is a one-element list.
        let c = try Self.construction("""
        {"a": {"class": "linear", "from": "data"}, "b": {"class": "linear", "from": "a"},
         "output": {"class": "softmax", "from": "b"}}
        """)
        let steps = try c.steps(.fromInput)
        #expect(steps.count == 2)
        #expect(steps[0].get("a")?.dictValue?.get("from")?.stringValue == "data")
        #expect(Self.from(steps[0], "output") == ["a"])
    }

    @Test func fromInputKeepsDataKeySources() throws {
        let c = try Self.construction("""
        {"a": {"class": "linear"}, "b": {"class": "linear", "from": ["a"]},
         "output": {"class": "softmax", "from": ["b", "data:classes"]}}
        """)
        let steps = try c.steps(.fromInput)
        #expect(steps.count == 2)
        #expect(Self.from(steps[0], "output") == ["a", "data:classes"])
        let out = try c.steps(.fromOutput)
        #expect(out.count == 2)
        #expect(Self.from(out[0], "output") == ["a", "data:classes"])
    }

    @Test func twoOutputLayersSharingASource() throws {
        // Upstream asserts when the second output layer's source was already removed.
        let c = try Self.construction("""
        {"enc0": {"class": "linear"}, "enc1": {"class": "linear", "from": ["enc0"]},
         "output": {"class": "softmax", "from": ["enc1"]}, "ctc": {"class": "softmax", "loss": "ctc", "from": ["enc1"]}}
        """, output: ["output", "ctc"])
        let steps = try c.steps(.fromOutput)
        #expect(steps.map(Self.names) == [["enc0", "output", "ctc"], ["enc0", "enc1", "output", "ctc"]])
        #expect(Self.from(steps[0], "ctc") == ["enc0"])
    }

    @Test func missingOutputLayerIsAnError() throws {
        let c = try Self.construction("""
        {"a": {"class": "linear"}, "out": {"class": "softmax", "from": ["a"]}}
        """)
        let e = pretrainConfigError { _ = try c.steps(.fromOutput) }
        #expect(e?.message.contains("layer 'output' is not in the network") == true)
        #expect(e?.message.contains("output_layers") == true)
    }

    @Test func badFromIsAnError() throws {
        let c = try Self.construction("""
        {"a": {"class": "linear", "from": 3}, "output": {"class": "softmax", "from": ["a"]}}
        """)
        let e = pretrainConfigError { _ = try c.steps(.fromOutput) }
        #expect(e?.message == "layer 'a': 'from' must be a layer name or a list of layer names, got int 3")
    }

    @Test func removeNonTrainableAddedOnly() throws {
        let c = try Self.construction("{}")
        let s0 = try #require(try pretrainValue("x = {'w': {'class': 'window', 'trainable': False}, 'output': {'class': 'softmax'}}").dictValue)
        let s1 = try #require(try pretrainValue("x = {'w': {'class': 'window', 'trainable': False}, 'h': {'class': 'linear'}, 'output': {'class': 'softmax'}}").dictValue)
        let s2 = try #require(try pretrainValue("x = {'w': {}, 'h': {}, 'p': {'trainable': False}, 'y': {'target': 'classes'}, 'output': {'class': 'softmax'}}").dictValue)
        let s3 = try #require(try pretrainValue("x = {'w': {}, 'h': {}, 'p': {}, 'q': {'trainable': 0}, 'output': {}}").dictValue)
        // s0 adds only a non-trainable layer (and the output); s2 only a non-trainable one and an
        // output (by target); s3 is the final net and always stays.
        let kept = c.removeNonTrainableAddedOnly([s0, s1, s2, s3])
        #expect(kept.count == 2)
        #expect(kept[0] === s1 && kept[1] === s3)
        #expect(c.removeNonTrainableAddedOnly([s0]).count == 1)
    }

    @Test func noNetworkModificationsIsOneCopy() throws {
        let c = try Self.construction("{'output': {'class': 'softmax'}}")
        let steps = try c.steps(.noNetworkModifications)
        #expect(steps.count == 1 && steps[0] !== c.original)
    }
}
