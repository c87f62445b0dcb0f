import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `split` and its sub-layers `"<name>/<i>"`: parts of the feature and a static spatial axis
/// against upstream, templates and tags, sub-layer references in `from`, targets and other layers'
/// options, gradients through the parts, a training step, errors.
@Suite struct SplitLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["split_parent", "split_num_f", "split_size_f", "split_out_dims", "split_static_spatial", "split_spatial_ones",
                     "split_both_parts", "split_combine"] {
            try expectShapeCase(name)
        }
    }

    @Test func templatesAndTags() throws {
        let net = try buildShapeNetwork("""
            {"s": {"class": "split", "size_splits": [1, 3, 2], "from": "data"},
             "output": {"class": "copy", "from": ["s/0", "s/2"]}}
            """)
        let data = net.node("data")!.output, s = net.node("s")!
        #expect(s.output == data)
        let parts = ["s/0", "s/1", "s/2"].compactMap { net.node($0) }
        // "s/1" is referenced by no layer, so it is not built.
        #expect(parts.map(\.name) == ["s/0", "s/2"])
        #expect(parts.map { $0.output.featureTag?.name } == ["s_split0", "s_split2"])
        #expect(parts.map { $0.output.featureDim } == [1, 2])
        #expect(parts.allSatisfy { $0.output.timeDim == data.timeDim && $0.sources == ["s"] })
        #expect(net.node("output")!.output.featureDim == 3)
        // out_dims: each part carries its tag.
        let tagged = try buildShapeNetwork("""
            {"s": {"class": "split", "axis": "F", "out_dims": [a_dim, b_dim], "from": "data"},
             "output": {"class": "copy", "from": "s/1"}}
            """, prelude: "a_dim = FeatureDim('a', 4)\nb_dim = FeatureDim('b', 2)\n")
        #expect(tagged.node("s/1")!.output.featureTag?.name == "b" && tagged.node("s/1")!.output.featureDim == 2)
        // A static spatial axis named by its dim tag stays spatial; the other axes keep their tags.
        let spatial = try buildShapeNetwork("""
            {"sd": {"class": "split_dims", "axis": "F", "dims": (3, 2), "from": "data"},
             "s": {"class": "split", "axis": "dim:3", "num_splits": 3, "from": "sd"},
             "output": {"class": "copy", "from": "s/1"}}
            """)
        let sd = spatial.node("sd")!.output, part = spatial.node("s/1")!.output
        #expect(part.dims.count == 4 && part.dims[2].size == 1 && part.dims[2].name == "s_split1")
        #expect(part.dims[0] == sd.dims[0] && part.dims[1] == sd.dims[1] && part.dims[3] == sd.dims[3])
    }

    @Test func partsAreSlicesOfTheParent() throws {
        let (net, _) = try runShapeNetwork(#"{"output": {"class": "split", "size_splits": [2, 4], "from": "data"}}"#)
        let run = try net.run(data: ShapeLayersFixture.shared.batch, parameters: [:], tape: Tape(recording: false), isTraining: false)
        #expect(run.values["output"]!.dense.value == ShapeLayersFixture.shared.batch["data"]!.dense.value)
        let (_, part) = try runShapeNetwork("""
            {"s": {"class": "split", "size_splits": [2, 4], "from": "data"},
             "output": {"class": "copy", "from": "s/1"}}
            """)
        let x = ShapeLayersFixture.shared.batch["data"]!
        #expect(part.shape == [3, 5, 4] && part.seqLens?.array == x.seqLens?.array)
        let xs: [Float] = x.dense.value.array
        var want: [Float] = []
        for f in 0..<15 { want += xs[(f * 6 + 2)..<(f * 6 + 6)] }
        #expect(part.dense.value.array == want)
    }

    @Test func subLayersInTargetsAndLayerOptions() throws {
        // target "layer:s/1", and a sub-layer named in another layer's option (gather's position).
        let net = try buildShapeNetwork("""
            {"s": {"class": "split", "num_splits": 2, "from": "data"},
             "l": {"class": "linear", "n_out": 3, "from": "s/0"},
             "output": {"class": "copy", "from": "l", "loss": "mse", "target": "layer:s/1"}}
            """)
        #expect(net.node("output")!.loss?.targetLayer == "s/1")
        let run = try net.run(data: ShapeLayersFixture.shared.batch, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false),
                              isTraining: false)
        #expect(run.losses.count == 1 && run.losses[0].value.value.scalar > 0)
        // Inside a subnetwork, and from it through "base:".
        let sub = try buildShapeNetwork("""
            {"s": {"class": "split", "num_splits": 3, "from": "data"},
             "sub": {"class": "subnetwork", "from": "data", "subnetwork": {
                 "t": {"class": "split", "num_splits": 2, "from": "data"},
                 "output": {"class": "concat", "from": [("t/1", "F"), ("base:s/2", "F")]}}},
             "output": {"class": "copy", "from": "sub"}}
            """)
        #expect(sub.node("sub/t/1") != nil && sub.node("s/2") != nil && sub.node("output")!.output.featureDim == 5)
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 6, "activation": "tanh", "from": "data"},
             "s": {"class": "split", "size_splits": [2, 4], "from": "l"},
             "output": {"class": "concat", "from": [("s/1", "F"), ("s/0", "F")]}}
            """)
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 6, "activation": "tanh", "from": "data"},
             "s": {"class": "split", "num_splits": 2, "from": "l"},
             "m": {"class": "linear", "n_out": 3, "from": "s/1"},
             "output": {"class": "combine", "kind": "mul", "from": ["s/0", "m"]}}
            """)
    }

    /// A net dict with `split` trains: one SGD step lowers the loss.
    @Test func trainingStepLowersTheLoss() throws {
        let net = try buildShapeNetwork("""
            {"l": {"class": "linear", "n_out": 8, "activation": "tanh", "from": "data"},
             "s": {"class": "split", "num_splits": 2, "from": "l"},
             "g": {"class": "activation", "activation": "sigmoid", "from": "s/0"},
             "c": {"class": "combine", "kind": "mul", "from": ["g", "s/1"]},
             "output": {"class": "softmax", "n_out": 5, "loss": "ce", "target": "classes", "from": ["c", "s/1"]}}
            """)
        var params = net.initialParameters(seed: 5)
        let data = ShapeLayersFixture.shared.batch
        func loss(_ p: [String: Tensor]) throws -> Float {
            try net.run(data: data, parameters: p, tape: Tape(recording: false), isTraining: true).objective!.value.scalar
        }
        let before = try loss(params)
        let tape = Tape()
        let grads = tape.backward(try net.run(data: data, parameters: params, tape: tape, isTraining: true).objective!)
        #expect(net.parameters.map(\.name).sorted() == ["l/W", "l/b", "output/W", "output/b"])
        for p in net.parameters {
            let g = grads[p.name]!
            #expect(g.array.contains { $0 != 0 }, "no gradient for \(p.name)")
            params[p.name] = Tensor(shape: g.shape, zip(params[p.name]!.array, g.array).map { $0 - 0.05 * $1 })
        }
        #expect(try loss(params) < before)
    }

    /// Expects a located error of `kind` about `layer` whose message contains every string of `parts`.
    func expectError(_ e: NetworkError?, _ kind: NetworkError.Kind, _ parts: [String], layer: String = "output",
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let e else {
            Issue.record("no error", sourceLocation: sourceLocation)
            return
        }
        let missing = parts.filter { !e.message.contains($0) }
        #expect(e.kind == kind, "\(e)", sourceLocation: sourceLocation)
        #expect(e.layer == layer, "\(e)", sourceLocation: sourceLocation)
        #expect(e.location != nil, "\(e)", sourceLocation: sourceLocation)
        #expect(missing.isEmpty, "missing \(missing) in \(e)", sourceLocation: sourceLocation)
    }

    @Test func errors() {
        expectError(shapeNetworkError(#"{"output": {"class": "split", "size_splits": [2, 3], "from": "data"}}"#), .dimensionMismatch,
                    ["size_splits=[2, 3] must sum to the size 6", "'data'", "sum to 5"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "num_splits": 4, "from": "data"}}"#), .dimensionMismatch,
                    ["num_splits=4 does not divide the size 6"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "out_dims": [FeatureDim("a", 4), FeatureDim("b", 4)], "from": "data"}}"#),
                    .dimensionMismatch, ["out_dims=", "sum to 8"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "axis": "T", "num_splits": 2, "from": "data"}}"#), .invalidOption,
                    ["axis='T' names the dynamic axis", "only an axis of static size can be split"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "from": "data"}}"#), .invalidOption,
                    ["split needs num_splits, size_splits or out_dims"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "num_splits": 2, "size_splits": [1, 5], "from": "data"}}"#),
                    .invalidOption, ["gives the parts [1, 5]", "give one of them"])
        expectError(shapeNetworkError("""
            {"s": {"class": "split", "num_splits": 2, "from": "data"},
             "output": {"class": "copy", "from": "s/5"}}
            """), .layerNotFound, ["'s/5': layer 's' (class 'split') has no sub-layer '5'", "'s/0', 's/1'"])
        expectError(shapeNetworkError("""
            {"l": {"class": "copy", "from": "data"},
             "output": {"class": "copy", "from": "l/0"}}
            """), .layerNotFound, ["layer 'l' (class 'copy') has no sub-layers", "'split'"])
        expectError(shapeNetworkError(#"{"output": {"class": "split", "num_split": 2, "from": "data"}}"#), .unknownOption, ["num_splits"])
    }
}
