import ReturnnTensor

/// A layer that carries state from frame to frame when it runs inside the loop of a `rec` layer
/// with a subnetwork unit (RETURNN: a layer with `rec_vars_outputs`, e.g. `rnn_cell`'s cell state,
/// `self_attention`'s keys and values so far, `cum_concat`'s frames so far).
///
/// Inside a loop the layer is built with per-frame input templates (no loop time axis; see
/// `LayerBuilder.recLoop`), and the loop calls `initialStepState` once per batch and `step` once per
/// frame instead of `forward`. Moved out of the loop (RETURNN's `optimize_move_layers_out`) the same
/// layer class is built again with whole-sequence templates and `forward` computes all frames at once;
/// both ways must give the same values.
public protocol RecStepLayer: Layer {
    /// The state before the first frame for a batch of `batch` sequences. `references` are the
    /// values of the layers the options name (`ReferencingLayer`, e.g. `initial_state`), in order.
    func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState
    /// One frame: `inputs` as `forward` would get them, but for this frame only (the sources without
    /// the loop's time axis, then the referenced layers' values as they are); returns the frame's
    /// output and the state after it.
    func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState)
}

/// The state of a `RecStepLayer` between two frames: tensors on the tape (gradients flow through
/// them from frame to frame), in an order the layer defines.
public struct RecStepState {
    /// The state tensors (for example `[c, h]` of an LSTM cell, each `[B, n]`).
    public var values: [Variable]
    /// The state as `get_last_hidden_state` reads it (RETURNN's `LSTMStateTuple(c, h)` or a tensor),
    /// when the layer has one.
    public var lastHiddenState: LastHiddenState?

    /// Creates a state.
    public init(values: [Variable], lastHiddenState: LastHiddenState? = nil) {
        self.values = values
        self.lastHiddenState = lastHiddenState
    }
}

/// What a layer built inside a rec loop learns about the loop (`LayerBuilder.recLoop`).
public struct RecLoopContext: Sendable {
    /// The loop's time axis (the axis a moved-out layer has and a per-frame layer lacks).
    public let timeDim: Dim
    /// The `rec` layer's name.
    public let recLayer: String

    /// Creates a loop context.
    public init(timeDim: Dim, recLayer: String) {
        self.timeDim = timeDim
        self.recLayer = recLayer
    }
}
