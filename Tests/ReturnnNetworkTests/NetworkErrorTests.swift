import ReturnnConfig
import Testing

@testable import ReturnnNetwork

@Suite struct NetworkErrorTests {
    @Test func descriptionNamesLocationAndLayer() {
        let loc = SourceLocation(file: "a.config", line: 3, column: 5)
        let e = NetworkError(.layerNotFound, "no layer 'x'", layer: "output", at: loc)
        #expect(e.description == "a.config:3:5: layer 'output': no layer 'x'")
        #expect(NetworkError(.invalidNetwork, "m").description == "m")
    }

    @Test func wrapsUnknownKeyAsUnknownOption() {
        let e = NetworkError.from(ConfigError(.key, "unknown option 'n_ot'"), layer: "l")
        #expect(e.kind == .unknownOption)
        #expect(NetworkError.from(ConfigError(.type, "bad"), layer: "l").kind == .invalidOption)
    }
}
