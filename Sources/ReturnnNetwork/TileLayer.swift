import ReturnnConfig
import ReturnnTensor

/// Repeats the whole tensor along static axes (RETURNN `tile`, `tf.tile`).
///
/// Options: `multiples` (required: dict axis → int, e.g. `{"F": 3}`), `out_dims` (dict axis → dim
/// tag for the tiled axes). A tiled axis gets the tag `k * tag` (not the same axis as `repeat`'s
/// `tag * k`, whose elements are ordered differently). Dynamic and batch axes cannot be tiled (as
/// upstream).
/// ```python
/// "t": {"class": "tile", "multiples": {"F": 2}, "from": "data"}   # [B,T,F] -> [B,T,2*F]
/// ```
public final class TileLayer: Layer {
    /// The class name in a net dict: `"class": "tile"`.
    public static let className = "tile"
    /// The input with the tiled axes grown.
    public let output: DataTemplate
    /// Multiple per runtime axis (1 for untouched axes).
    let multiples: [Int]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard let m = try b.read({ try $0.optionalDict("multiples") }) else {
            throw b.error(.invalidOption, "needs 'multiples', a dict axis -> int like {\"F\": 2}")
        }
        var multiples = [Int](repeating: 1, count: input.rank)
        var out = input
        var axisOf: [(ConfigValue, Int)] = []
        for (k, v) in m.dict.entries {
            let a = try AxisDescription.resolveSingle(k, in: input, key: "multiples key", layer: b)
            guard let n = v.intValue, v.boolValue == nil, n >= 1 else {
                throw b.error(.invalidOption, "multiples[\(k.repr)] must be a positive int, got \(v.repr)", at: v.location)
            }
            if n != 1 && (input.dims[a].isDynamic || input.dims[a].isBatch) {
                throw b.error(.invalidOption, "cannot tile \(input.dims[a]) of \(input): only static axes can be tiled (as upstream)", at: k.location)
            }
            multiples[a] *= n
            out.dims[a] = input.dims[a].timesLeft(n)
            axisOf.append((k, a))
        }
        if let od = try b.read({ try $0.optionalDict("out_dims") }) {
            for (k, v) in od.dict.entries {
                let a = try AxisDescription.resolveSingle(k, in: input, key: "out_dims key", layer: b)
                guard multiples[a] != 1 || axisOf.contains(where: { $0.1 == a }) else {
                    throw b.error(.invalidOption, "out_dims names \(k.repr), which multiples does not tile", at: k.location)
                }
                guard let tag = b.externData.dimTags.dim(v), tag.size == out.dims[a].size else {
                    throw b.error(.dimensionMismatch, "out_dims[\(k.repr)] must be a dim tag of size \(out.dims[a].size!), got \(v.repr)", at: v.location)
                }
                out.dims[a].declareSame(as: tag)
                out.dims[a] = tag
            }
        }
        self.multiples = multiples
        output = out
    }

    /// Tiles.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape
        let outShape = zip(inShape, multiples).map { $0 * $1 }
        let strides = ShapeUtil.strides(inShape)
        let rows = RowMap.build(outShape) { o in
            var r = 0
            for a in 0..<o.count { r += (o[a] % Swift.max(inShape[a], 1)) * strides[a] }
            return r
        }
        return x.take(rows: rows, rowSize: 1, shape: outShape, seqLens: x.seqLens, tape: ctx.tape)
    }
}
