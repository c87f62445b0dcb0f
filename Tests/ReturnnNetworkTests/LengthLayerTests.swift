import Testing

@testable import ReturnnNetwork

/// `length`: sequence lengths (also of sparse data), batch and static sizes, errors.
@Suite struct LengthLayerTests {
    @Test func sequenceLengths() throws {
        let body = #"{"output": {"class": "length", "from": "data"}}"#
        #expect(try buildLayersANetwork(body).node("output")!.output == DataTemplate(hasTime: false, featureDim: nil, isInt: true))
        expectFixture(try runLayersA(body), "length")
        expectFixture(try runLayersA(#"{"output": {"class": "length", "from": "data:classes", "dtype": "int64"}}"#), "length")
    }

    @Test func batchAndStaticAxes() throws {
        #expect(try runLayersA(#"{"output": {"class": "length", "axis": "B", "from": "data"}}"#).ints?.array == [2])
        #expect(try runLayersA(#"{"output": {"class": "length", "axis": "F", "from": "data"}}"#).ints?.array == [6])
    }

    @Test func errors() {
        let two = layersAError(#"{"output": {"class": "length", "from": ["data", "data"]}}"#)
        #expect(two?.message.contains("exactly one source") == true)
        let noTime = layersAError(#"{"output": {"class": "length", "from": "data:vec"}}"#)
        #expect(noTime?.message.contains("time axis") == true, "\(String(describing: noTime))")
        let add = layersAError(#"{"output": {"class": "length", "add_time_axis": True, "from": "data"}}"#)
        #expect(add?.kind == .invalidOption)
    }
}
