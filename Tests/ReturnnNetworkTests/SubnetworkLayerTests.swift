import ReturnnConfig
import ReturnnTensor
import Testing
@testable import ReturnnNetwork

/// `subnetwork` layers and the scoped references: `data` inside, `base:`, `a/b` from outside,
/// parameter names with the prefix, `register_as_extern_data`.
@Suite struct SubnetworkLayerTests {
    static let net = """
        network = {
            "pre": {"class": "linear", "activation": "tanh", "n_out": 5},
            "enc": {"class": "subnetwork", "from": "pre", "subnetwork": {
                "l1": {"class": "linear", "activation": "relu", "n_out": 4, "from": "data"},
                "skip": {"class": "combine", "kind": "add", "from": ["l1", "base:pre2"]},
                "output": {"class": "linear", "activation": None, "n_out": 4, "from": "skip"}}},
            "pre2": {"class": "linear", "activation": None, "n_out": 4, "from": "pre"},
            "output": {"class": "softmax", "loss": "ce", "from": ["enc", "enc/l1"]},
        }
        """

    @Test func structureNamesAndValues() throws {
        let net = try buildNetwork(Self.net)
        #expect(net.parameters.map(\.name) == ["pre/W", "pre/b", "enc/l1/W", "enc/l1/b", "pre2/W", "pre2/b", "enc/output/W", "enc/output/b", "output/W", "output/b"])
        #expect(net.node("enc")!.output.featureDim == 4)
        #expect(net.node("output")!.output.featureDim == 4)
        #expect(net.nodes.map(\.name).contains("enc/data"))
        // The subnetwork computes what the same layers outside compute.
        let flat = try buildNetwork("""
            network = {
                "pre": {"class": "linear", "activation": "tanh", "n_out": 5},
                "l1": {"class": "linear", "activation": "relu", "n_out": 4, "from": "pre"},
                "pre2": {"class": "linear", "activation": None, "n_out": 4, "from": "pre"},
                "skip": {"class": "combine", "kind": "add", "from": ["l1", "pre2"]},
                "encout": {"class": "linear", "activation": None, "n_out": 4, "from": "skip"},
                "output": {"class": "softmax", "loss": "ce", "from": ["encout", "l1"]},
            }
            """)
        let params = net.initialParameters(seed: 3)
        var flatParams: [String: Tensor] = [:]
        for (k, v) in params { flatParams[k.replacingOccurrences(of: "enc/output/", with: "encout/").replacingOccurrences(of: "enc/", with: "")] = v }
        let batch = makeBatch(lengths: [4, 2, 3], inDim: 3, classes: 4)
        let a = try net.run(data: batch, parameters: params, tape: Tape(recording: false), isTraining: false)
        let b = try flat.run(data: batch, parameters: flatParams, tape: Tape(recording: false), isTraining: false)
        #expect(a.values["output"]!.dense.value.array == b.values["output"]!.dense.value.array)
        #expect(a.losses[0].value.value.array == b.losses[0].value.value.array)
    }

    @Test func sourcesNotConcatenatedAndRegisteredData() throws {
        let net = try buildNetwork("""
            network = {
                "a": {"class": "linear", "n_out": 2},
                "b": {"class": "linear", "n_out": 3},
                "sub": {"class": "subnetwork", "from": ["a", "b"], "concat_sources": False, "subnetwork": {
                    "output": {"class": "copy", "from": ["data:1", "data:a"]}}},
                "reg": {"class": "linear", "n_out": 4, "from": "sub", "register_as_extern_data": "feat"},
                "output": {"class": "softmax", "loss": "ce", "from": "data:feat"},
            }
            """)
        #expect(net.node("sub")!.output.featureDim == 5)
        #expect(net.node("output")!.sources == ["reg"])
    }

    @Test func referenceErrorsAreLocated() throws {
        let cases: [(String, String, String)] = [
            (#""x": {"class": "copy", "from": "base:data"}"#, "'base:' refers to the network around a subnetwork", "x"),
            (#""x": {"class": "copy", "from": "prev:x"}"#, "'prev:' (the value of the previous frame) is only valid inside the unit dict of a 'rec' layer", "x"),
            (#""x": {"class": "copy", "from": "y/z"}, "y": {"class": "copy"}"#, "layer 'y' (class 'copy') has no sub-layers", "x"),
            (#""x": {"class": "subnetwork", "subnetwork": {"output": {"class": "copy", "from": "nope"}}}"#, "layer 'nope' is not in the subnetwork 'x'", "x/output"),
            (#""x": {"class": "subnetwork", "subnetwork": {"l": {"class": "copy"}}}"#, "the subnetwork needs an 'output' layer", "x"),
            (#""x": {"class": "subnetwork", "subnetwork": {"output": {"class": "copy", "from": "data:q"}}}"#, "'data:q' is not an input of subnetwork 'x'", "x/output"),
            (#""x": {"class": "subnetwork", "subnetwork": {"output": {"class": "copy", "from": "base:x"}}}"#, "cycle", "x"),
        ]
        for (layers, fragment, layer) in cases {
            let e = networkError { _ = try buildNetwork("network = {\(layers), \"output\": {\"class\": \"copy\", \"from\": \"x\"}}") }
            #expect(e?.message.contains(fragment) == true, "\(layers): \(String(describing: e))")
            #expect(e?.layer == layer, "\(layers): \(String(describing: e?.layer))")
            #expect(e?.location != nil)
        }
    }
}
