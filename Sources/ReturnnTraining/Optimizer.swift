/// One optimizer instance: the update rule that turns a (post-processed) gradient into a change of
/// a parameter, with its per-parameter slots (Adam's `m` and `v`, ...) and its scalar state
/// (Adam's `beta1_power`, ...).
///
/// The updater owns the slot memory and calls, for every step in which the optimizer applies:
/// `prepare(learningRate:)` once, `apply` once per parameter of this optimizer, then `finish()`.
/// Each rule computes in Float32 with the scalar arithmetic of the TF/Keras kernel it copies.
protocol Optimizer: AnyObject {
    /// Name used for the slot variables in checkpoints (TF: the optimizer's `name`, e.g. `Adam`
    /// gives `output/W/Adam` and `output/W/Adam_1`).
    var slotBaseName: String { get }
    /// Initial value of each slot, in the TF creation order (so the count is the number of slots).
    var slotInitialValues: [Float] { get }
    /// Names of the scalar (non-slot) state, e.g. `["beta1_power", "beta2_power"]`.
    var scalarNames: [String] { get }
    /// The scalar state, in `scalarNames` order.
    var scalars: [Float] { get set }
    /// Puts the scalar state back to its initial values.
    func resetScalars()
    /// Human-readable summary for the log, e.g. `AdamOptimizer(beta1=0.9, beta2=0.999, epsilon=1e-16)`.
    var summary: String { get }
    /// Starts one applied step with the effective learning rate.
    func prepare(learningRate: Float)
    /// Updates `count` values at `param` with the gradient `grad`, using `slots` (one buffer of
    /// `count` floats per entry of `slotInitialValues`).
    func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
               slots: [UnsafeMutablePointer<Float>], count: Int)
    /// Ends the step (advances `beta1_power` and the like).
    func finish()
}

extension Optimizer {
    /// No scalar state by default.
    var scalarNames: [String] { [] }
    /// No scalar state by default.
    var scalars: [Float] { get { [] } set {} }
    /// No scalar state by default.
    func resetScalars() {}
    /// Nothing to advance by default.
    func finish() {}
}
