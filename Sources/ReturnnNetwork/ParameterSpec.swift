/// A trainable (or frozen) variable of a layer, declared at construction.
///
/// `name` is RETURNN's TF variable name (`"output/W"`, `"fw0/rec/W_re"`), which is also the name in
/// checkpoints. `split` describes blocks per axis (e.g. an LSTM's `4·n` axis is 4 blocks of `n`), used
/// by pretraining's `copy_param_mode="subset"`.
public struct ParameterSpec: Sendable, Equatable {
    /// Full variable name.
    public let name: String
    /// The layer that owns it.
    public let layer: String
    /// Static shape.
    public let shape: [Int]
    /// How it is initialized.
    public let initializer: Initializer
    /// Whether the updater changes it (layer option `trainable`, default True).
    public let trainable: Bool
    /// Block sizes per axis (sum = the axis size), or `nil`.
    public let split: [[Int]]?
    /// The layer's `L2` factor (0 = none).
    public let l2: Double

    /// Creates a spec.
    public init(name: String, layer: String, shape: [Int], initializer: Initializer, trainable: Bool = true,
                split: [[Int]]? = nil, l2: Double = 0) {
        self.name = name
        self.layer = layer
        self.shape = shape
        self.initializer = initializer
        self.trainable = trainable
        self.split = split
        self.l2 = l2
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}
