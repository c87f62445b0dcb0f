import ReturnnConfig
import ReturnnTensor

/// Removes axes of size 1 (RETURNN `squeeze`).
///
/// Options: `axis` (required: a description like `"F"`, `"s:0"`, `"static"`, an int, a list, or
/// `"auto"` for all static axes of size 1), `allow_no_op` (False: naming no size-1 axis is an
/// error). Only static axes can be squeezed. When the feature axis is removed, the last spatial
/// axis becomes the feature axis.
/// ```python
/// "sq": {"class": "squeeze", "axis": "F", "from": "reduced"}
/// ```
public final class SqueezeLayer: Layer {
    /// The class name in a net dict: `"class": "squeeze"`.
    public static let className = "squeeze"
    /// The input without the squeezed axes.
    public let output: DataTemplate
    let axes: [Int]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; squeeze needs float input") }
        let axisValue = try b.read { try $0.value("axis") }
        let allowNoOp = try b.read { try $0.bool("allow_no_op", default: false) }
        let roles = AxisDescription.roles(input)
        func size(_ a: Int) -> Int? {
            switch roles[a] {
            case .spatial(let s): return input.spatial[s]
            case .feature: return input.featureDim
            case .batch, .time: return nil
            }
        }
        var found: [Int]
        if axisValue.stringValue == "auto" {
            found = roles.indices.filter { size($0) == 1 }
        } else {
            found = try AxisDescription.resolve(axisValue, in: input, key: "axis", layer: b)
            for a in found where size(a) != 1 {
                throw b.error(.dimensionMismatch, "axis \(axisValue.repr) of \(input) has " +
                              (size(a).map { "size \($0)" } ?? "a dynamic size") + "; only static axes of size 1 can be squeezed",
                              at: axisValue.location)
            }
        }
        if found.isEmpty && !allowNoOp {
            throw b.error(.invalidOption, "axis \(axisValue.repr) names no axis of size 1 in \(input); set allow_no_op=True", at: axisValue.location)
        }
        axes = found.sorted()
        output = input.removingAxes(axes)
    }

    /// Reshapes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0].dense
        guard !axes.isEmpty else { return inputs[0] }
        let shape = x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return LayerValue(values: ctx.tape.reshape(x, shape), seqLens: inputs[0].seqLens)
    }
}
