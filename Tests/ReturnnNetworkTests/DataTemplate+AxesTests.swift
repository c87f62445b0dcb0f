import Testing
import ReturnnTensor

@testable import ReturnnNetwork

/// The template edits of the shape layers: removing axes and RETURNN's default feature axis.
@Suite struct DataTemplateAxesTests {
    /// `[B, T, 3, 4, F|5]`.
    static let time = Dim.spatial("time")
    static let template = DataTemplate(hasTime: true, timeDim: time, spatial: [3, 4], featureDim: 5)

    @Test func templateEdits() {
        // Removing the feature axis makes the last spatial axis the feature axis (RETURNN's default).
        #expect(Self.template.removingAxes([4]) == DataTemplate(hasTime: true, timeDim: Self.time, spatial: [3], featureDim: 4))
        #expect(Self.template.removingAxes([1]) == DataTemplate(hasTime: false, spatial: [3, 4], featureDim: 5))
        #expect(Self.template.removingAxes([2, 3]) == DataTemplate(hasTime: true, timeDim: Self.time, featureDim: 5))
        #expect(DataTemplate(hasTime: true, spatial: [7], featureDim: nil).withDefaultFeature().featureDim == 7)
        #expect(DataTemplate.sparse(dim: 3, hasTime: true, timeDim: Self.time).withDefaultFeature() == .sparse(dim: 3, hasTime: true, timeDim: Self.time))
        #expect(!DataTemplate.sparse(dim: 3, hasTime: true).isFloat && DataTemplate(hasTime: true, featureDim: 2).isFloat)
    }
}
