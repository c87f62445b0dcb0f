import ReturnnConfig
import ReturnnTensor

/// The common computation of the global attention layers (`dot_attention`, `concat_attention`).
enum GlobalAttention {
    /// `softmax` over the last axis of `energy` `[B, T_dec, T_enc]`, with the frames beyond each
    /// base sequence's length at `-inf` (weight 0), as upstream's `tf.sequence_mask` + `tf.where`.
    static func weights(_ energy: Variable, baseTime: Dim, _ ctx: ForwardContext) -> Variable {
        let m = AxisMask.mask(shape: energy.shape, batchAxis: 0, axis: 2, lengths: AxisMask.lengths(baseTime, ctx))
        return ctx.tape.softmax(ctx.tape.select(m, energy, Variable(Tensor(scalar: -.infinity))))
    }

    /// `weights` `[B, T_dec, T_enc]` times `base` `[B, T_enc, N]`, shaped as `output`
    /// (`[B, N]` per frame, `[B, T_dec, N]` over whole sequences).
    static func weightedSum(_ weights: Variable, _ base: Variable, output: DataTemplate, _ ctx: ForwardContext) -> LayerValue {
        let tape = ctx.tape
        let y = tape.batchMatmul(weights, base)
        let out = output.rank == 2 ? tape.reshape(y, [y.shape[0], y.shape[2]]) : y
        return LayerValue(values: out, seqLens: output.timeDim.flatMap { ctx.sizes(of: $0) })
    }

    /// The query, `base` and `base_ctx` of a global attention layer, with where their values
    /// are among the layer's inputs.
    struct Operands {
        let query: AttentionQuery
        let base: AttentionOperand, baseCtx: AttentionOperand
        /// The layer's output template.
        let output: DataTemplate
        let baseIndex: Int, baseCtxIndex: Int

        /// Reads and checks the operands (`read`) and finds their inputs.
        init(_ b: LayerBuilder, keys: [String]) throws {
            (query, base, baseCtx, output) = try GlobalAttention.read(b)
            baseIndex = b.referenceIndex("base", keys: keys, sourceCount: 1)!
            baseCtxIndex = b.referenceIndex("base_ctx", keys: keys, sourceCount: 1)!
        }

        /// The query `[B, T_dec, F]`, the keys (`base_ctx`) `[B, T_enc, F]` and the values (`base`)
        /// `[B, T_enc, N]` of one batch.
        func values(_ inputs: [LayerValue], _ tape: Tape) -> (query: Variable, keys: Variable, values: Variable) {
            (query.batchMajor3(inputs[0].dense, tape), baseCtx.batchMajor(inputs[baseCtxIndex].dense, tape),
             base.batchMajor(inputs[baseIndex].dense, tape))
        }
    }

    /// Reads `base` and `base_ctx` and checks them against the query; returns the operands and
    /// the output template.
    static func read(_ b: LayerBuilder) throws -> (query: AttentionQuery, base: AttentionOperand, baseCtx: AttentionOperand, output: DataTemplate) {
        let query = try AttentionQuery.read(b)
        let base = try AttentionOperand.read(b, key: "base", purpose: "to attend over, whose frames are summed (defines the output dim)")
        let baseCtx = try AttentionOperand.read(b, key: "base_ctx", purpose: "whose frames are compared with the query (the keys)")
        guard base.timeDim == baseCtx.timeDim else {
            throw b.error(.dimensionMismatch, "base '\(base.name)' \(base.template) and base_ctx '\(baseCtx.name)' \(baseCtx.template) " +
                          "must have the same time axis (the frames attended over), got \(base.timeDim) and \(baseCtx.timeDim)")
        }
        guard query.featureDim.size == baseCtx.featureDim.size else {
            throw b.error(.dimensionMismatch, "the query from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) " +
                          "\(query.template) has dim \(query.featureDim.size ?? 0), but base_ctx '\(baseCtx.name)' \(baseCtx.template) " +
                          "has dim \(baseCtx.featureDim.size ?? 0); they must be equal")
        }
        let output = query.output(feature: base.featureDim)
        try checkNOut(b, output)
        return (query, base, baseCtx, output)
    }

    /// Upstream asserts that `n_out`, when given, is the dim of `base`.
    static func checkNOut(_ b: LayerBuilder, _ output: DataTemplate) throws {
        guard let n = try b.nOut(required: false) else { return }
        let base = b.options.optionalValue("base")?.stringValue ?? "base"
        guard n == output.featureDim else {
            throw b.error(.dimensionMismatch, "n_out \(n) does not match the dim \(output.featureDim ?? 0) of base '\(base)'; " +
                          "the attention output has the base's features (remove n_out or set it to \(output.featureDim ?? 0))")
        }
    }
}
