import ReturnnTensor

/// The runtime output of a layer for one batch: float values (tracked on the tape) or int values
/// (sparse indices, lengths), plus the sequence lengths of the time axis.
public struct LayerValue {
    /// Dense values `[B, T?, spatial..., F?]` (also used for float scalars per frame).
    public var values: Variable?
    /// Int values (sparse class indices `[B, T?]`, `length` output, int casts).
    public var ints: IntTensor?
    /// Sequence lengths `[B]` when the template has a time axis.
    public var seqLens: IntTensor?
    /// The pre-activation (logits) when the layer's activation is softmax; losses use it for the
    /// fused, stable cross entropy (RETURNN `use_fused`).
    public var logits: Variable?
    /// The final state of a recurrent layer, for `get_last_hidden_state`.
    public var lastHiddenState: LastHiddenState?
    /// The per-frame outputs of the layers in a rec loop (the value of a rec layer's loop node).
    public var recFrames: RecFrames?
    /// The search beam when the batch axis holds the hypotheses of a beam search (after a
    /// searching `choice`, until a `decide`).
    public var beam: SearchBeam?

    /// A dense value.
    public init(values: Variable, seqLens: IntTensor?, logits: Variable? = nil) {
        self.values = values
        self.ints = nil
        self.seqLens = seqLens
        self.logits = logits
    }

    /// An int value.
    public init(ints: IntTensor, seqLens: IntTensor?) {
        self.values = nil
        self.ints = ints
        self.seqLens = seqLens
    }

    /// The dense values; a precondition that the layer produced dense output (templates are checked
    /// at construction, so this holds for valid networks).
    public var dense: Variable {
        guard let values else { preconditionFailure("LayerValue: expected dense values, got int values") }
        return values
    }

    /// The runtime shape.
    public var shape: [Int] { values?.shape ?? ints?.shape ?? [] }

    /// Batch size (first axis).
    public var batch: Int { shape.first ?? 1 }

    /// Padded time length (second axis) for a template with batch and time.
    public var time: Int { shape.count > 1 ? shape[1] : 1 }
}
