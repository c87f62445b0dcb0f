import ReturnnTensor

/// A layer with non-trainable state parameters that every step updates besides computing its
/// output (RETURNN: variables changed by assign ops that run with the step, e.g. the running
/// mean and variance of `batch_norm`).
///
/// The state parameters are declared with `LayerBuilder.parameter` like any other (so they are
/// saved in checkpoints under RETURNN's names) and listed in `stateParameterNames`: they get no
/// gradient, so the network must treat them as non-trainable (no updater step, no `L2`). The
/// network calls `forwardWithState` instead of `forward` and hands the returned values to the
/// engine, which stores them as the new parameter values after the step.
public protocol StatefulLayer: Layer {
    /// Full names of the state parameters (a subset of the layer's declared parameters).
    var stateParameterNames: [String] { get }
    /// Computes the output and the new values of the layer's state parameters (full names).
    func forwardWithState(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> (output: LayerValue, state: [String: Tensor])
}
