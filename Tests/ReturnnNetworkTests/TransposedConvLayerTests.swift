import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `transposed_conv`: 1-D (same, valid with remove_padding, output_padding, default strides) and
/// 2-D against upstream; templates and lengths; gradients; errors.
@Suite struct TransposedConvLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["transposed_conv_same", "transposed_conv_valid_remove_padding", "transposed_conv_output_padding",
                        "transposed_conv_default_strides", "transposed_conv_2d", "transposed_conv_2d_valid"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
    }

    @Test func templates() throws {
        let net = try fixture.build(#"{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "strides": (2,), "padding": "valid", "n_out": 2, "remove_padding": 1}}"#)
        let time = net.externData["data"]!.timeDim!
        #expect(net.node("output")!.output.timeDim == time.times(2).plus(-1))
        #expect(net.parameters.map(\.name) == ["output/W_native_transposed_conv", "output/bias"])
        #expect(net.parameters[0].shape == [3, 1, 2, 6])
        let img = try fixture.build(#"{"output": {"class": "transposed_conv", "from": "data:img", "filter_size": (2, 3), "strides": (1, 2), "padding": "valid", "n_out": 2}}"#)
        #expect(img.node("output")!.output.dims.map { $0.size } == [nil, 5, 11, 2])
        #expect(img.parameters[0].shape == [2, 3, 2, 3])
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let failures = try fixture.finiteDifferences(name, keys: [name.contains("2d") ? "img" : "data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let op = mathLayerError(#"{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "strides": (2,), "output_padding": 2, "n_out": 2}}"#)
        #expect(op?.message.contains("smaller than the stride") == true)
        let even = mathLayerError(#"{"output": {"class": "transposed_conv", "from": "data", "filter_size": (2,), "strides": (2,), "output_padding": 0, "n_out": 2}}"#)
        #expect(even?.message.contains("output_padding 0") == true, "\(String(describing: even))")
        let size = mathLayerError(#"{"output": {"class": "transposed_conv", "from": "data:img", "filter_size": (3,), "n_out": 2}}"#)
        #expect(size?.kind == .dimensionMismatch && size?.message.contains("2 positive entries") == true, "\(String(describing: size))")
        let pad = mathLayerError(#"{"output": {"class": "transposed_conv", "from": "data", "filter_size": (3,), "padding": "full", "n_out": 2}}"#)
        #expect(pad?.message.contains("\"same\" or \"valid\"") == true)
    }
}
