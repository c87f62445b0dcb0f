import ReturnnConfig
import Testing
import ReturnnTensor

@testable import ReturnnNetwork

/// RETURNN axis descriptions resolved against templates, and the errors for bad ones.
@Suite struct AxisDescriptionTests {
    /// `[B, T, 3, 4, F|5]`.
    static let time = Dim.spatial("time")
    static let template = DataTemplate(hasTime: true, timeDim: time, spatial: [3, 4], featureDim: 5)

    static func builder(_ t: DataTemplate) throws -> LayerBuilder {
        let opts = try OptionReader(ConfigValue(.dict(ConfigDict())), context: "layer 'x'")
        return LayerBuilder(name: "x", location: .builtin, options: opts, inputs: [t], sourceNames: ["data"], target: nil,
                            lossExtraDim: 0, trainable: true, l2: 0, parameterPrefix: "x", externData: LayersAFixture.externData)
    }

    static func resolve(_ v: ConfigValue, _ t: DataTemplate = template) throws -> [Int] {
        try AxisDescription.resolve(v, in: t, key: "axes", layer: builder(t))
    }

    @Test func names() throws {
        #expect(try Self.resolve(.str("B")) == [0])
        #expect(try Self.resolve(.str("T")) == [1])
        #expect(try Self.resolve(.str("t")) == [1])
        #expect(try Self.resolve(.str("F")) == [4])
        #expect(try Self.resolve(.str("feature")) == [4])
        #expect(try Self.resolve(.str("spatial")) == [1, 2, 3])
        #expect(try Self.resolve(.str("spatial_except_time")) == [2, 3])
        #expect(try Self.resolve(.str("static")) == [2, 3, 4])
        #expect(try Self.resolve(.str("except_time")) == [2, 3, 4])
        #expect(try Self.resolve(.str("except_batch")) == [1, 2, 3, 4])
        #expect(try Self.resolve(.str("*")) == [0, 1, 2, 3, 4])
        #expect(try Self.resolve(.str("s:0")) == [1])
        #expect(try Self.resolve(.str("s:2")) == [3])
        #expect(try Self.resolve(.str("spatial:-1")) == [3])
        #expect(try Self.resolve(.str("static:2")) == [4])
    }

    @Test func intsAndLists() throws {
        #expect(try Self.resolve(.int(2)) == [2])
        #expect(try Self.resolve(.int(-1)) == [4])
        #expect(try Self.resolve(.list([.str("F"), .str("s:1"), .str("F")])) == [4, 2])
        #expect(try AxisDescription.resolveSingle(.str("T"), in: Self.template, key: "axis", layer: Self.builder(Self.template)) == 1)
    }

    @Test func roles() {
        #expect(AxisDescription.roles(Self.template) == [.batch, .time, .spatial(0), .spatial(1), .feature])
        #expect(AxisDescription.roles(.sparse(dim: 4, hasTime: true)) == [.batch, .time])
    }

    @Test func errors() throws {
        func error(_ v: ConfigValue, _ t: DataTemplate = AxisDescriptionTests.template) -> NetworkError? {
            networkError { _ = try Self.resolve(v, t) }
        }
        #expect(error(.str("X"))?.message.contains("not a known axis description") == true)
        #expect(error(.int(5))?.message.contains("out of range") == true)
        #expect(error(.str("s:7"))?.message.contains("out of range") == true)
        #expect(error(.str("s:x"))?.message.contains("no index") == true)
        #expect(error(.float(1.5))?.message.contains("not an axis name") == true)
        let noTime = DataTemplate(hasTime: false, featureDim: 3)
        #expect(error(.str("T"), noTime)?.message.contains("time axis, which does not exist") == true)
        #expect(error(.str("F"), .sparse(dim: 4, hasTime: true))?.message.contains("feature axis") == true)
        let single = networkError {
            _ = try AxisDescription.resolveSingle(.str("static"), in: Self.template, key: "axis", layer: Self.builder(Self.template))
        }
        #expect(single?.message.contains("exactly one") == true)
    }
}
