import ReturnnConfig
import ReturnnTensor

/// A built-in cell of the `rec` layer (RETURNN `unit`), run over the whole sequence.
///
/// A unit declares its parameters under `<layer>/rec/...` at construction and maps the
/// (concatenated) input `[B, T, in]` (or sparse `[B, T]`) to `[B, T, n_out]`, with padded frames
/// carrying the state and giving output 0.
protocol RecUnit {
    /// Unit names (lower-case, trailing `cell` stripped) that map to this unit.
    static var names: [String] { get }
    /// Declares parameters; `unitOpts` is the layer's `unit_opts` reader (unknown keys are rejected).
    init(_ b: LayerBuilder, nOut: Int, input: DataTemplate) throws
    /// Runs the unit over time in `direction` (1 or -1) from `initial` (zeros when nil; the state a
    /// previous `run` returned): the output `[B, T, n]` and the state after each sequence's last
    /// frame (`get_last_hidden_state`).
    func run(_ x: LayerValue, direction: Int, initial: LastHiddenState?, _ ctx: ForwardContext) -> (output: Variable, state: LastHiddenState)
}

/// The units of the `rec` layer as a `NameRegistry` (lower-case names, `cell` stripped), with
/// upstream's other unit names.
enum RecUnits {
    static var types: [any RecUnit.Type] { [LstmUnit.self, GruUnit.self, RnnUnit.self] }

    static var registry: NameRegistry<any RecUnit.Type> {
        NameRegistry(family: "rec unit", entries: types.flatMap { t in t.names.map { ($0, t) } }, caseInsensitive: true,
                     upstreamNames: UpstreamNames.recUnits.filter { !$0.hasPrefix("_") })
    }
}

extension RecUnit {
    /// The input projection `x·W + b` `[B, T, k]` (embedding rows for sparse input), shared by units.
    static func project(_ x: LayerValue, w: String, b: String, _ ctx: ForwardContext) -> Variable {
        let wv = ctx.parameter(w)
        let z = x.ints.map { ctx.tape.gather(wv, indices: $0) } ?? ctx.tape.matmul(x.dense, wv)
        return ctx.tape.add(z, ctx.parameter(b))
    }

    /// `[T, B]` 0/1 mask of the valid frames.
    static func timeMajorMask(_ x: LayerValue) -> Tensor {
        let (batch, time) = (x.batch, x.time)
        let lens = x.seqLens ?? IntTensor(shape: [batch], repeating: Int32(time))
        return Tensor.sequenceMask(lengths: lens, maxTime: time, timeMajor: true)
    }
}
