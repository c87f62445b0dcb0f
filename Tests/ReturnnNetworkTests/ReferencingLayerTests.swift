import Testing

@testable import ReturnnNetwork

/// Layers named in options (`ReferencingLayer`): built before the layer, their data keys batched,
/// their outputs passed after the inputs; a missing one is a located error.
@Suite struct ReferencingLayerTests {
    @Test func referencedLayersAreBuiltAndBatched() throws {
        let net = try buildShapeNetwork("""
            {"p": {"class": "range_in_axis", "axis": "F", "from": "data"},
             "output": {"class": "gather", "from": "data", "position": "data:start", "axis": "T"}}
            """)
        let order = net.nodes.map(\.name)
        #expect(order.firstIndex(of: "data:start")! < order.firstIndex(of: "output")! && !order.contains("p"))
        #expect(net.node("output")!.sources == ["data"] && net.node("output")!.references == ["data:start"])
        #expect(net.usedDataKeys.contains("start"))
    }

    @Test func skippedWhenTheReferenceIsSkipped() throws {
        // A layer whose reference is only computed in eval is skipped in training, like one whose source is.
        let net = try buildShapeNetwork("""
            {"s": {"class": "copy", "from": "data:start", "only_on_eval": True},
             "g": {"class": "gather", "from": "data", "position": "s", "axis": "T", "is_output_layer": True},
             "output": {"class": "copy", "from": "data"}}
            """)
        let train = try net.run(data: ShapeLayersFixture.shared.batch, parameters: [:], tape: .init(recording: false), isTraining: true)
        #expect(train.values["g"] == nil && train.values["output"] != nil)
    }

    @Test func referencesInsideSubnetworks() throws {
        // A reference resolves in the layer's scope ('base:' for the outer network), like a source.
        let (_, sub) = try runShapeNetwork("""
            {"sub": {"class": "subnetwork", "from": "data", "subnetwork": {
                "output": {"class": "gather", "from": "data", "position": "base:data:start", "axis": "T"}}},
             "output": {"class": "copy", "from": "sub"}}
            """)
        let (_, plain) = try runShapeNetwork(#"{"output": {"class": "gather", "from": "data", "position": "data:start", "axis": "T"}}"#)
        #expect(sub.shape == [3, 6] && sub.dense.value.array == plain.dense.value.array)
    }

    @Test func missingReferenceIsLocated() {
        let e = shapeNetworkError(#"{"output": {"class": "gather", "from": "data", "position": "postion", "axis": "T"}}"#)
        #expect(e?.kind == .layerNotFound && e?.layer == "output" && e?.location != nil, "\(String(describing: e))")
    }
}
