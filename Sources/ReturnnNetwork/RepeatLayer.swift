import ReturnnConfig
import ReturnnTensor

/// Repeats every frame along an axis a given number of times (RETURNN `repeat`, `tf.repeat` per
/// sequence).
///
/// Options: `repetitions` (required: an int, or a layer with int counts over the batch and/or the
/// axis, e.g. `[B,T]` durations), `axis` (`"T"`), `out_dim` (a dim tag for the new axis).
/// The axis moves right after the batch axis. With an int the tag is `T * repetitions` and the
/// lengths `len * repetitions`; with a layer the axis is new and dynamic, sequence `b` gets
/// `sum(repetitions[b, :len_b])` frames (counts beyond a sequence's end are ignored), and the
/// padding is 0.
/// ```python
/// "upsampled": {"class": "repeat", "repetitions": 3, "axis": "T", "from": "enc"}
/// "expanded": {"class": "repeat", "repetitions": "durations", "axis": "T", "from": "phonemes"}
/// ```
public final class RepeatLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "repeat"`.
    public static let className = "repeat"
    /// Spreads frames in time.
    public static var mixesFrames: Bool { true }
    /// `[B, new axis, rest...]`.
    public let output: DataTemplate
    let axis: Int
    let constant: Int?
    let inDim: Dim
    let inputTemplate: DataTemplate
    /// For a repetitions layer: its batch axis and repeated axis (nil when absent, broadcast).
    let repsBatchAxis: Int?, repsAxis: Int?

    /// `repetitions` when it names a layer.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("repetitions").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        inputTemplate = input
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        self.axis = axis
        let inDim = input.dims[axis]
        self.inDim = inDim
        guard let bAxis = input.batchAxis, !inDim.isBatch else {
            throw b.error(.invalidOption, "repeat needs an input with a batch axis and a non-batch axis to repeat, got \(input) and axis=\(axisValue.repr)")
        }
        let repsValue = try b.read { try $0.value("repetitions") }
        var dim: Dim
        if let node = b.referencedNodes.first {
            let r = node.output
            guard r.isInt else { throw b.error(.sparseMismatch, "repetitions layer '\(node.name)' \(r) must have int values") }
            let m = AxisMatch.map(r.dims, onto: [Dim.batch, inDim])
            guard !m.contains(nil) else {
                throw b.error(.dimensionMismatch, "repetitions layer '\(node.name)' \(r) may only have the batch axis and the repeated axis \(inDim)")
            }
            repsBatchAxis = m.firstIndex(of: 0)
            repsAxis = m.firstIndex(of: 1)
            constant = nil
            dim = Dim(kind: inDim.kind, name: "repeated:\(b.name)")
        } else if let n = repsValue.intValue, repsValue.boolValue == nil, n >= 0 {
            constant = n
            repsBatchAxis = nil
            repsAxis = nil
            dim = inDim.times(n)
        } else {
            throw b.error(.invalidOption, "repetitions must be an int >= 0 or a layer name, got \(repsValue.repr)", at: repsValue.location)
        }
        if let v = b.options.optionalValue("out_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == dim.size else {
                throw b.error(.dimensionMismatch, "out_dim must be a dim tag of size \(dim.size.map(String.init) ?? "dynamic"), got \(v.repr)", at: v.location)
            }
            dim.declareSame(as: tag)
            dim = tag
        }
        let rest = input.dims.indices.filter { $0 != axis && $0 != bAxis }.map { input.dims[$0] }
        output = DataTemplate(dims: [Dim.batch, dim] + rest, sparseTag: input.sparseTag, isInt: input.isInt)
    }

    /// Repeats; registers the new lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let bAxis = inputTemplate.batchAxis!
        let perm = [bAxis, axis] + inputTemplate.dims.indices.filter { $0 != axis && $0 != bAxis }
        let x = inputs[0].transposed(perm, seqLens: nil, tape: ctx.tape)
        let shape = x.shape
        let batch = shape[0], n = shape[1], rowSize = ShapeUtil.count(Array(shape[2...]))
        let lens = inDim.isDynamic ? ctx.sizes(of: inDim)?.array.map(Int.init) : nil
        // counts[b][t], zero beyond the sequence.
        var counts = [[Int]](repeating: [Int](repeating: constant ?? 0, count: n), count: batch)
        if constant == nil {
            let r = inputs[1]
            let rs = r.shape, values = r.intArray
            let strides = ShapeUtil.strides(rs)
            for b in 0..<batch {
                for t in 0..<n {
                    var i = 0
                    if let a = repsBatchAxis { i += b * strides[a] }
                    if let a = repsAxis { i += t * strides[a] }
                    counts[b][t] = Swift.max(0, Int(values[i]))
                }
            }
        }
        for b in 0..<batch { for t in Swift.min(lens?[b] ?? n, n)..<n { counts[b][t] = 0 } }
        let totals = counts.map { $0.reduce(0, +) }
        let outLength = constant.map { n * $0 } ?? (totals.max() ?? 0)
        var rows = [Int32](repeating: -1, count: batch * outLength)
        for b in 0..<batch {
            var o = 0
            for t in 0..<n {
                for _ in 0..<counts[b][t] where o < outLength {
                    rows[b * outLength + o] = Int32(b * n + t)
                    o += 1
                }
            }
        }
        let outDim = output.dims[1]
        let newLens = IntTensor(shape: [batch], totals.map { Int32($0) })
        if outDim.isDynamic && ctx.sizes(of: outDim) == nil { ctx.setSizes(newLens, for: outDim) }
        return x.take(rows: IntTensor(shape: [batch, outLength], rows), rowSize: rowSize, shape: [batch, outLength] + Array(shape[2...]),
                      seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
