import ReturnnConfig
import ReturnnTensor

/// The operands of RETURNN's attention layers (`AttentionBaseLayer` and its subclasses
/// `dot_attention`, `concat_attention`, `gauss_window_attention`): a layer named by an option
/// (`base`, `base_ctx`) laid out `[B, T_enc, F]`, and the query from `from`.
///
/// Upstream builds these layers only per frame inside a rec unit: the query is `[B, F]` and the
/// output `[B, F_base]`. Here the query may also be `[B, T_dec, F]` (the layer moved out of the
/// loop, or used outside of one): every decoder frame attends independently and the output is
/// `[B, T_dec, F_base]`, the frames that the loop would have stacked.
struct AttentionOperand {
    /// The layer's template.
    let template: DataTemplate
    /// The layer's name (for errors).
    let name: String
    /// Permutation of the value to `[B, T, F]`, nil when it is laid out so.
    let perm: [Int]?
    /// The attended (time) axis.
    var timeDim: Dim { template.dims[perm?[1] ?? 1] }
    /// The feature axis.
    var featureDim: Dim { template.dims[perm?[2] ?? 2] }

    /// Reads the layer option `key` (a `ReferencesLayers` key): a `[B, T, F]` float layer with a
    /// dynamic time axis, in any axis order.
    static func read(_ b: LayerBuilder, key: String, purpose: String) throws -> AttentionOperand {
        guard let t = try b.referencedTemplate(key), let name = b.options.optionalValue(key)?.stringValue else {
            throw b.error(.invalidOption, "needs '\(key)': the name of the layer \(purpose) (e.g. \"\(key)\": \"base:encoder\" " +
                          "inside a rec unit, \"\(key)\": \"encoder\" outside)")
        }
        guard t.isFloat, !t.isSparse else {
            throw b.error(.sparseMismatch, "\(key) '\(name)' \(t) holds int values; it must be dense float [B, T, F]")
        }
        guard t.rank == 3, let batch = t.batchAxis, let time = t.timeAxis, let feature = t.featureAxis,
              Set([batch, time, feature]).count == 3 else {
            throw b.error(.dimensionMismatch, "\(key) '\(name)' \(t) must be [B, T, F] (batch, a dynamic time axis to attend over, " +
                          "features); upstream asserts that as well")
        }
        let perm = [batch, time, feature]
        return AttentionOperand(template: t, name: name, perm: perm == [0, 1, 2] ? nil : perm)
    }

    /// The value as `[B, T, F]`.
    func batchMajor(_ v: Variable, _ tape: Tape) -> Variable {
        perm.map { tape.transpose(v, $0) } ?? v
    }
}

/// The query of an attention layer: `[B, F]` per frame, or `[B, T_dec, F]` over whole sequences.
struct AttentionQuery {
    /// The query's template.
    let template: DataTemplate
    /// The decoder time axis, when the query has one.
    let timeDim: Dim?
    /// Permutation of the value to `[B, (T_dec,) F]`, nil when it is laid out so.
    let perm: [Int]?

    /// Reads the layer's (concatenated) input as the query; `what` names it in errors. Per frame
    /// (`b.recLoop` set) the input has no loop time axis, so it is `[B, F]`.
    static func read(_ b: LayerBuilder, what: String = "query") throws -> AttentionQuery {
        guard let t = b.inputs.first else {
            throw b.error(.invalidNetwork, "needs the \(what) in 'from' ([B, F] per frame inside a rec unit, or [B, T, F])")
        }
        let from = b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")
        guard t.isFloat, !t.isSparse else {
            throw b.error(.sparseMismatch, "the \(what) from \(from) \(t) holds int values; it must be dense float")
        }
        guard let batch = t.batchAxis, let feature = t.featureAxis else {
            throw b.error(.dimensionMismatch, "the \(what) from \(from) \(t) must have a batch and a feature axis")
        }
        let rest = t.dims.indices.filter { $0 != batch && $0 != feature }
        guard rest.count <= 1, rest.allSatisfy({ t.dims[$0].isDynamic }) else {
            throw b.error(.dimensionMismatch, "the \(what) from \(from) \(t) must be [B, F] (per frame inside a rec unit) or " +
                          "[B, T, F] (whole sequences)")
        }
        let perm = [batch] + rest + [feature]
        return AttentionQuery(template: t, timeDim: rest.first.map { t.dims[$0] }, perm: perm == Array(t.dims.indices) ? nil : perm)
    }

    /// The feature axis of the query.
    var featureDim: Dim { template.featureTag! }

    /// The output template: `[B, (T_dec,) extra..., feature]`.
    func output(extra: [Dim] = [], feature: Dim) -> DataTemplate {
        DataTemplate(dims: [.batch] + (timeDim.map { [$0] } ?? []) + extra + [feature])
    }

    /// The value as `[B, T_dec, F]` (T_dec 1 per frame).
    func batchMajor3(_ v: Variable, _ tape: Tape) -> Variable {
        let x = perm.map { tape.transpose(v, $0) } ?? v
        return x.rank == 3 ? x : tape.reshape(x, [x.shape[0], 1, x.shape[1]])
    }
}
