import Testing

@testable import ReturnnNetwork

/// `constant`: scalar and shaped values, batch axis, int dtype, errors.
@Suite struct ConstantLayerTests {
    @Test func shapedWithBatch() throws {
        let body = #"{"output": {"class": "constant", "value": 2.5, "shape": [2, 3], "with_batch_dim": True}}"#
        #expect(try buildLayersANetwork(body).node("output")!.output == DataTemplate(hasBatch: true, hasTime: false, spatial: [2], featureDim: 3))
        expectFixture(try runLayersA(body), "constant_batch")
    }

    @Test func scalarsAndInts() throws {
        let s = try runLayersA(#"{"output": {"class": "constant", "value": -1.5}}"#)
        #expect(s.shape == [] && s.dense.value.array == [-1.5])
        let i = try runLayersA(#"{"output": {"class": "constant", "value": 3, "shape": [2]}}"#)
        #expect(i.ints?.array == [3, 3])
        let t = try buildLayersANetwork(#"{"output": {"class": "constant", "value": 3, "dtype": "float32"}}"#).node("output")!.output
        #expect(!t.isInt && !t.hasBatch && t.rank == 0)
        let b = try runLayersA(#"{"output": {"class": "constant", "value": True}}"#)
        #expect(b.ints?.array == [1])
    }

    @Test func errors() {
        let from = layersAError(#"{"output": {"class": "constant", "value": 1, "from": "data"}}"#)
        #expect(from?.message.contains("cannot have sources") == true, "\(String(describing: from))")
        let value = layersAError(#"{"output": {"class": "constant", "value": "x"}}"#)
        #expect(value?.kind == .invalidOption)
        let dtype = layersAError(#"{"output": {"class": "constant", "value": 1, "dtype": "float16"}}"#)
        #expect(dtype?.message.contains("dtype") == true)
        let shape = layersAError(#"{"output": {"class": "constant", "value": 1, "shape": [0]}}"#)
        #expect(shape?.message.contains("positive") == true)
    }
}
