import Testing

@testable import ReturnnNetwork

/// `gather`: shared axes as batch axes, position axes in place of the gathered one, constants,
/// sparse input against upstream; clip_to_valid; gradients (scatter-add); errors.
@Suite struct GatherLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["gather_f_pos", "gather_t_start", "gather_t_pos", "gather_const", "gather_sparse"] { try expectShapeCase(name) }
        let net = try buildShapeNetwork(#"{"output": {"class": "gather", "from": "data", "position": "data:start", "axis": "T"}}"#)
        #expect(net.node("output")!.output.dims == [.batch, net.node("data")!.output.featureTag!])
    }

    @Test func clipToValid() throws {
        // Positions past a sequence's end (lengths 5, 3, 4) are clipped to its last frame.
        let (_, out) = try runShapeNetwork(#"{"output": {"class": "gather", "from": "data", "position": "data:pos", "axis": "T", "clip_to_valid": True}}"#)
        let x = ShapeLayersFixture.shared.inputs["data"]!.values, pos = ShapeLayersFixture.shared.inputs["pos"]!.values.map { Int($0) }
        let lens = [5, 3, 4]
        let want = (0..<3).flatMap { b in (0..<5).flatMap { t in (0..<6).map { Float(x[(b * 5 + Swift.min(pos[b * 5 + t], lens[b] - 1)) * 6 + $0]) } } }
        #expect(out.dense.value.array == want && pos.enumerated().contains { $0.element >= lens[$0.offset / 5] })
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "gather", "from": "l", "position": "data:pos", "axis": "T"}}
            """)
    }

    @Test func errors() throws {
        #expect(shapeNetworkError(#"{"output": {"class": "gather", "from": "data", "position": "data:vec", "axis": "T"}}"#)?
            .message.contains("must have int values") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "gather", "from": "data", "position": 1, "axis": "B"}}"#)?
            .message.contains("batch axis") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "gather", "from": "data", "position": 1.5, "axis": "F"}}"#)?.kind == .invalidOption)
        let net = try buildShapeNetwork(#"{"output": {"class": "gather", "from": "data", "position": 6, "axis": "F"}}"#)
        let e = networkError { _ = try net.run(data: ShapeLayersFixture.shared.batch, parameters: [:], tape: .init(recording: false), isTraining: false) }
        #expect(e?.layer == "output" && e!.message.contains("position 6 is outside"), "\(String(describing: e))")
    }
}
