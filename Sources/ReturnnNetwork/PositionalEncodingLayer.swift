import Foundation
import ReturnnConfig
import ReturnnTensor

/// Sinusoidal positional encoding (RETURNN `positional_encoding`, `PositionalEncodingLayer`; the
/// Tensor2Tensor timing signal of `get_positional_encoding`): channel `k < n/2` is
/// `sin(pos · 10000^(-k/(n/2-1)))`, channel `n/2 + k` the cosine (a zero channel pads an odd `n`).
///
/// Options: `add_to_input` (False: output `[B, T, n_out]` needs `n_out`; True: input + signal, the
/// input's dims), `constant` (-1: the frame's position; ≥ 0: always that position), `offset` (a layer
/// with int positions `[B]` or `[B, T]` added to the positions). Over whole sequences the position is
/// the frame index; inside a rec loop it counts the frames (its state, as upstream's `position`).
/// ```python
/// "pos": {"class": "positional_encoding", "from": "emb", "add_to_input": True}
/// ```
public final class PositionalEncodingLayer: RecStepLayer, ReferencingLayer {
    /// The class name in a net dict: `"class": "positional_encoding"`.
    public static let className = "positional_encoding"
    /// Its value depends on the frame index.
    public static var mixesFrames: Bool { true }
    /// The input's dims (`add_to_input`) or with feature `n_out`.
    public let output: DataTemplate
    let channels: Int
    let addToInput: Bool
    let constant: Int
    let hasOffset: Bool
    let name: String, location: SourceLocation

    /// `offset` when given.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("offset").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        name = b.name
        location = b.location
        guard b.inputs.count == 1, b.sourceNames.count == 1 else { throw b.error(.invalidNetwork, "positional_encoding needs exactly one source") }
        let input = b.input
        let perFrame = b.recLoop != nil
        addToInput = try b.read { try $0.bool("add_to_input", default: false) }
        constant = try b.read { try $0.int("constant", default: -1) }
        if let v = b.options.optionalValue("axis"), !v.isNone, v.stringValue?.uppercased() != "T" {
            throw b.error(.invalidOption, "positional_encoding axis \(v.repr) is not supported by swift-returnn (the time axis, \"T\", " +
                          "or inside a rec loop the loop's frame)", at: v.location)
        }
        guard input.hasBatch, input.featureAxis == input.rank - 1, !input.isSparse else {
            throw b.error(.dimensionMismatch, "positional_encoding needs a dense input with batch and the feature axis last, got \(input)")
        }
        if perFrame {
            guard input.timeAxis == nil else {
                throw b.error(.dimensionMismatch, "inside the loop of rec layer '\(b.recLoop!.recLayer)' the input must be one frame, got \(input)")
            }
        } else if !input.hasTime && constant < 0 {
            throw b.error(.dimensionMismatch, "positional_encoding needs an input with a time axis outside a rec loop (or 'constant'), got \(input)")
        }
        if addToInput {
            channels = input.featureDim!
            if let n = try b.nOut(required: false), n != channels {
                throw b.error(.dimensionMismatch, "add_to_input needs n_out equal to the input's feature dim \(channels), got \(n)")
            }
            output = input
        } else {
            channels = try b.nOut()!
            var dims = input.dims
            dims[input.featureAxis!] = b.outDimTag ?? .feature("\(b.name):feature-dense", channels)
            output = DataTemplate(dims: dims)
        }
        guard channels >= 4 else {
            throw b.error(.invalidOption, "positional_encoding needs at least 4 channels (upstream divides by n/2 - 1), got \(channels)")
        }
        let offsetValue = b.options.optionalValue("offset")
        hasOffset = !b.referencedNodes.isEmpty
        if let v = offsetValue, !v.isNone, !hasOffset {
            throw b.error(.invalidOption, "offset must be a layer name, got \(v.repr)", at: v.location)
        }
    }

    /// Upstream's `get_positional_encoding` for each position (float32 math): `[positions.count, channels]`.
    public static func signal(positions: [Int], channels: Int) -> [Float] {
        let half = channels / 2
        let increment = Float(log(10000.0) / Double(half - 1))
        let inv = (0..<half).map { Float(exp(Float($0) * -increment)) }
        var out = [Float](repeating: 0, count: positions.count * channels)
        for (i, p) in positions.enumerated() {
            for k in 0..<half {
                let s = Float(p) * inv[k]
                out[i * channels + k] = sin(s)
                out[i * channels + half + k] = cos(s)
            }
        }
        return out
    }

    /// The offsets `[B·T]` (or `[B]`) of the `offset` layer, as ints.
    func offsets(_ v: LayerValue) -> [Int] {
        v.ints.map { $0.array.map(Int.init) } ?? v.dense.value.array.map { Int($0) }
    }

    /// All frames: position = frame index (or `constant`) + offset.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        guard output.hasTime else {
            let s = try initialStepState(batch: x.batch, references: [], ctx)
            return try step(inputs, state: s, ctx).output
        }
        let (b, t) = (x.batch, x.time)
        var positions = (0..<(b * t)).map { constant >= 0 ? constant : $0 % t }
        if hasOffset {
            let off = offsets(inputs[1])
            guard off.count == b || off.count == b * t else {
                throw NetworkError(.dimensionMismatch, "offset must be [B] or [B, T] = [\(b), \(t)], got \(inputs[1].shape)", layer: name, at: location)
            }
            for i in positions.indices { positions[i] += off.count == b ? off[i / t] : off[i] }
        }
        let signal = Variable(Tensor(shape: [b, t, channels], Self.signal(positions: positions, channels: channels)))
        return LayerValue(values: addToInput ? ctx.tape.add(x.dense, signal) : signal, seqLens: x.seqLens)
    }

    /// The position before the first frame: -1 per sequence (`[B]`).
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        RecStepState(values: [Variable(Tensor(shape: [batch], repeating: -1))])
    }

    /// One frame: the position counts up (or is `constant`), plus the offset.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let x = inputs[0]
        let b = x.shape[0]
        let counted = state.values[0].value.array.map { Int($0) + 1 }
        var positions = constant >= 0 ? [Int](repeating: constant, count: b) : counted
        if hasOffset {
            let off = offsets(inputs[1])
            guard off.count == b else {
                throw NetworkError(.dimensionMismatch, "offset must be [B] = [\(b)] inside a rec loop, got \(inputs[1].shape)", layer: name, at: location)
            }
            for i in positions.indices { positions[i] += off[i] }
        }
        let signal = Variable(Tensor(shape: [b, channels], Self.signal(positions: positions, channels: channels)))
        let next = RecStepState(values: [Variable(Tensor(shape: [b], counted.map(Float.init)))])
        return (LayerValue(values: addToInput ? ctx.tape.add(x.dense, signal) : signal, seqLens: nil), next)
    }
}
