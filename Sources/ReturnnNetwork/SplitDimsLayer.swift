import ReturnnConfig
import ReturnnTensor

/// Splits one axis into several (RETURNN `split_dims`).
///
/// Options: `axis` (required: `"F"`, `"T"`, `"s:0"`, an int, ...), `dims` (required list, at most one
/// `-1` which is inferred), `pad_to_multiples` (default: only for the time axis), `pad_value` (0).
/// - feature `F` into `(a, ..., -1)`: the last new axis is the feature axis, the others spatial;
/// - a static spatial axis: replaced by the new axes;
/// - time `T` into `(-1, w, ...)`: the time axis is padded with `pad_value` to a multiple of
///   `w·...`, and the new (shorter) time axis gets lengths `ceil(len / (w·...))`.
/// ```python
/// "win": {"class": "split_dims", "axis": "F", "dims": (3, -1), "from": "data"}   # [B,T,3*f] -> [B,T,3,f]
/// ```
public final class SplitDimsLayer: Layer {
    /// The class name in a net dict: `"class": "split_dims"`.
    public static let className = "split_dims"
    /// The input with the axis replaced.
    public let output: DataTemplate
    let axis: Int
    /// The new dims with `-1` resolved (for the time axis: the first stays `-1`).
    let dims: [Int]
    let splitsTime: Bool
    /// Static axis size after padding (nil: no padding).
    let paddedSize: Int?
    let padValue: Float

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else {
            throw b.error(.sparseMismatch, "input \(input) holds int values; split_dims needs float input")
        }
        let axisValue = try b.read { try $0.value("axis") }
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        let dimsValue = try b.read { try $0.value("dims") }
        guard let given = dimsValue.sequenceItems?.compactMap(\.intValue), given.count == dimsValue.sequenceItems?.count,
              !given.isEmpty, given.allSatisfy({ $0 > 0 || $0 == -1 }), given.filter({ $0 == -1 }).count <= 1 else {
            throw b.error(.invalidOption, "dims must be a non-empty list of positive ints with at most one -1, got \(dimsValue.repr)",
                          at: dimsValue.location)
        }
        let padOption = try b.read { try $0.optionalBool("pad_to_multiples") }
        padValue = Float(try b.read { try $0.double("pad_value", default: 0) })
        let known = given.filter { $0 > 0 }.reduce(1, *)
        var out = input
        switch AxisDescription.roles(input)[axis] {
        case .batch:
            throw b.error(.invalidOption, "cannot split the batch axis", at: axisValue.location)
        case .time:
            guard given[0] == -1 else {
                throw b.error(.invalidOption, "splitting the time axis needs dims like (-1, window): the first new axis keeps " +
                              "the sequence lengths, got \(dimsValue.repr)", at: dimsValue.location)
            }
            if padOption == false && known != 1 {
                throw b.error(.invalidOption, "the time axis has a dynamic length, so it must be padded to a multiple of \(known); " +
                              "remove pad_to_multiples=False")
            }
            splitsTime = true
            dims = given
            paddedSize = nil
            out.timeDim = input.timeDim!.ceilDiv(given.dropFirst().reduce(1, *))
            out.spatial = Array(given.dropFirst()) + input.spatial
        case .spatial(let s):
            (dims, paddedSize) = try Self.resolve(given, size: input.spatial[s], known: known, pad: padOption ?? false, b, dimsValue)
            splitsTime = false
            out.spatial.replaceSubrange(s...s, with: dims)
        case .feature:
            (dims, paddedSize) = try Self.resolve(given, size: input.featureDim!, known: known, pad: padOption ?? false, b, dimsValue)
            splitsTime = false
            out.spatial += dims.dropLast()
            out.featureDim = dims.last
        }
        output = out
    }

    /// Resolves `-1` for a static axis of `size`; with `pad`, the axis is padded to a multiple first.
    static func resolve(_ given: [Int], size: Int, known: Int, pad: Bool, _ b: LayerBuilder, _ v: ConfigValue)
        throws -> ([Int], Int?) {
        let padded = pad && given.contains(-1) ? (size + known - 1) / known * known : size
        if given.contains(-1) {
            guard padded % known == 0 else {
                throw b.error(.dimensionMismatch, "cannot split an axis of size \(size) into \(v.repr): \(size) is not a multiple of " +
                              "\(known); set pad_to_multiples=True or fix dims", at: v.location)
            }
            return (given.map { $0 == -1 ? padded / known : $0 }, padded == size ? nil : padded)
        }
        guard known == size else {
            throw b.error(.dimensionMismatch, "dims \(v.repr) have \(known) elements, but the axis has size \(size)", at: v.location)
        }
        return (given, nil)
    }

    /// Pads if needed and reshapes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var x = inputs[0].dense
        var lens = inputs[0].seqLens
        let size = x.shape[axis]
        if splitsTime {
            let block = dims.dropFirst().reduce(1, *)
            let padded = (size + block - 1) / block * block
            x = padAxis(x, to: padded, tape)
            if let l = lens { lens = IntTensor(shape: l.shape, l.array.map { ($0 + Int32(block) - 1) / Int32(block) }) }
            var shape = x.shape
            shape.replaceSubrange(axis...axis, with: [padded / block] + dims.dropFirst())
            return LayerValue(values: tape.reshape(x, shape), seqLens: lens)
        }
        if let paddedSize { x = padAxis(x, to: paddedSize, tape) }
        var shape = x.shape
        shape.replaceSubrange(axis...axis, with: dims)
        return LayerValue(values: tape.reshape(x, shape), seqLens: lens)
    }

    /// `x` padded with `padValue` at the end of the split axis to `size`.
    func padAxis(_ x: Variable, to size: Int, _ tape: Tape) -> Variable {
        guard size > x.shape[axis] else { return x }
        var s = x.shape
        s[axis] = size - x.shape[axis]
        return tape.concat([x, Variable(Tensor(shape: s, repeating: padValue))], axis: axis)
    }
}
