import Testing

@testable import ReturnnNetwork

/// `squeeze`: size-1 static axes, `auto`, `allow_no_op`, errors.
@Suite struct SqueezeLayerTests {
    static let keep = #""r": {"class": "reduce", "mode": "sum", "axes": "F", "keep_dims": True, "from": "data"}"#

    @Test func squeezesFeature() throws {
        let body = "{\(Self.keep), \"output\": {\"class\": \"squeeze\", \"axis\": \"F\", \"from\": \"r\"}}"
        #expect(try buildLayersANetwork(body).node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, featureDim: nil))
        expectFixture(try runLayersA(body), "squeeze_f")
        expectFixture(try runLayersA("{\(Self.keep), \"output\": {\"class\": \"squeeze\", \"axis\": \"auto\", \"from\": \"r\"}}"), "squeeze_f")
    }

    @Test func spatialAxisAndNoOp() throws {
        let body = """
            {"e": {"class": "expand_dims", "axis": "spatial", "from": "data"},
             "output": {"class": "squeeze", "axis": "s:1", "from": "e"}}
            """
        #expect(try runLayersA(body).dense.value == LayersAFixture.shared.batch["data"]!.dense.value)
        let noop = #"{"output": {"class": "squeeze", "axis": "auto", "allow_no_op": True, "from": "data"}}"#
        #expect(try buildLayersANetwork(noop).node("output")!.output == LayersAFixture.externData["data"])
    }

    @Test func errors() {
        let notOne = layersAError(#"{"output": {"class": "squeeze", "axis": "F", "from": "data"}}"#)
        #expect(notOne?.kind == .dimensionMismatch && notOne!.message.contains("size 6"), "\(String(describing: notOne))")
        let time = layersAError(#"{"output": {"class": "squeeze", "axis": "T", "from": "data"}}"#)
        #expect(time?.message.contains("dynamic") == true)
        let none = layersAError(#"{"output": {"class": "squeeze", "axis": "auto", "from": "data"}}"#)
        #expect(none?.message.contains("allow_no_op") == true)
    }
}
