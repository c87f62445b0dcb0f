import ReturnnConfig
import ReturnnTensor

/// A loss of a layer (RETURNN `Loss` subclass), identified by `className`.
///
/// `compute` returns sums over the valid frames of the batch (RETURNN flattens frames with the
/// sequence masks and reduces with a plain sum); the network adds the norm factor and the scale
/// (spec §7.2).
public protocol Loss {
    /// RETURNN's loss name (`"ce"`, `"ctc"`, ...).
    static var className: String { get }
    /// Whether the loss needs a target (`as_is` does not).
    static var needsTarget: Bool { get }
    /// Extra output classes beyond the target dim (`ctc`: 1 for the blank).
    static var extraOutputDim: Int { get }
    /// Extra output classes for these `loss_opts` (the layer dict's value, nil when absent), for a
    /// loss whose options decide it (`edit_distance` with `ctc_decode`); default `extraOutputDim`.
    static func extraOutputDim(lossOptions: ConfigValue?) -> Int
    /// Whether the loss needs whole sequences (`ctc`), which makes batching recurrent.
    static var isRecurrent: Bool { get }
    /// Whether the loss has a value (RETURNN `get_value` not None): `edit_distance` has only an
    /// error, and no `cost:` score.
    static var hasValue: Bool { get }
    /// Reads `loss_opts` (unknown keys are rejected afterwards) and checks the templates.
    init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws
    /// Value and error sums for one batch.
    func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums
}

extension Loss {
    /// Most losses need a target.
    public static var needsTarget: Bool { true }
    /// Most losses need no extra output classes.
    public static var extraOutputDim: Int { 0 }
    /// The options do not change the extra classes of most losses.
    public static func extraOutputDim(lossOptions: ConfigValue?) -> Int { extraOutputDim }
    /// Most losses are frame-wise.
    public static var isRecurrent: Bool { false }
    /// A value by default.
    public static var hasValue: Bool { true }
}

/// The sums a loss computes for one batch.
public struct LossSums {
    /// Loss value summed over valid frames (a scalar on the tape).
    public var value: Variable
    /// Error summed over valid frames (e.g. frame errors), when the loss has one.
    public var error: Double?

    /// Creates the sums.
    public init(value: Variable, error: Double?) {
        self.value = value
        self.error = error
    }
}

/// One loss of one batch as the engine sees it (RETURNN's fetches `cost:<name>`, `error:<name>`,
/// `loss_norm_factor:<name>`).
public struct LossOutput {
    /// Loss name: the layer name.
    public let name: String
    /// Unscaled value sum (scalar on the tape).
    public let value: Variable
    /// Error sum, when the loss has one.
    public let error: Double?
    /// `1 / norm_factor`: the number of target frames (or output frames, or sequences).
    public let normalizer: Double
    /// Loss scale (`loss_scale` / `loss_opts.scale`, default 1).
    public let scale: Double
    /// Whether the loss enters the objective in this run (scale != 0 and not skipped).
    public let inObjective: Bool
    /// Whether the loss has a value (else only its error is a score).
    public var hasValue = true

    /// Creates a loss output.
    public init(name: String, value: Variable, error: Double?, normalizer: Double, scale: Double, inObjective: Bool) {
        self.name = name
        self.value = value
        self.error = error
        self.normalizer = normalizer
        self.scale = scale
        self.inObjective = inObjective
    }
}
