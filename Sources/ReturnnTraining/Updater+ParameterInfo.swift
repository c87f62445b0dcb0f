import ReturnnConfig

extension Updater {
    /// What the updater needs to know about one network parameter.
    public struct ParameterInfo {
        /// RETURNN variable name, e.g. `output/W`; also the key in `values`/`gradients` and the
        /// prefix of its optimizer slots in `state()` (`output/W/Adam`).
        public var name: String
        /// Name of the layer owning the parameter (for messages).
        public var layer: String
        /// Shape of the parameter.
        public var shape: [Int]
        /// The layer's `L2` (0 = none). Used only with `decouple_constraints`: otherwise the engine
        /// adds `L2·Σ‖p‖²` to the objective itself.
        public var l2: Double
        /// The layer's `updater_opts` dict (its own optimizer, clipping, accumulation), or nil.
        public var updaterOpts: ConfigValue?
        /// Whether the parameter is trained (`trainable`, default True); others are never updated.
        public var trainable: Bool

        /// A parameter description.
        public init(name: String, layer: String, shape: [Int], l2: Double = 0, updaterOpts: ConfigValue? = nil,
                    trainable: Bool = true) {
            self.name = name
            self.layer = layer
            self.shape = shape
            self.l2 = l2
            self.updaterOpts = updaterOpts
            self.trainable = trainable
        }
    }
}
