import Testing

@testable import ReturnnNetwork

/// `cast`: float to int (truncation), int to float, templates, errors.
@Suite struct CastLayerTests {
    @Test func floatToIntTruncates() throws {
        let body = """
            {"s": {"class": "activation", "activation": "3*identity", "from": "data"},
             "output": {"class": "cast", "dtype": "int32", "from": "s"}}
            """
        let t = try buildLayersANetwork(body).node("output")!.output
        #expect(t.isInt && !t.isSparse && t.featureDim == 6)
        let v = try runLayersA(body)
        #expect(v.ints != nil && v.values == nil)
        expectFixture(v, "cast_int")
    }

    @Test func intToFloat() throws {
        let body = """
            {"len": {"class": "length", "from": "data"},
             "output": {"class": "cast", "dtype": "float32", "from": "len"}}
            """
        let v = try runLayersA(body)
        expectFixture(v, "cast_length_float")
        let sparse = try buildLayersANetwork(#"{"output": {"class": "cast", "dtype": "float32", "from": "data:classes"}}"#)
        let t = sparse.node("output")!.output
        #expect(!t.isInt && !t.isSparse && t.featureDim == nil && t.hasTime)
    }

    @Test func errors() {
        let e = layersAError(#"{"output": {"class": "cast", "dtype": "float16", "from": "data"}}"#)
        #expect(e?.kind == .invalidOption && e!.message.contains("float32"), "\(String(describing: e))")
        let missing = layersAError(#"{"output": {"class": "cast", "from": "data"}}"#)
        #expect(missing?.message.contains("dtype") == true, "\(String(describing: missing))")
    }
}
