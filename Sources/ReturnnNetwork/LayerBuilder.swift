import ReturnnConfig
import ReturnnTensor

/// What a layer type sees while it is constructed: its name and options, the templates of its
/// inputs, the target, and a way to declare parameters.
///
/// Options are read one at a time through `options` (an `OptionReader`); whatever the layer and the
/// network builder did not read is reported as unknown ("did you mean ...") after `init`.
public final class LayerBuilder {
    /// Layer name in the net dict.
    public let name: String
    /// Where the layer dict starts in the config.
    public let location: SourceLocation
    /// The layer's options (common ones are already consumed).
    public var options: OptionReader
    /// Input templates: one concatenated input for `concatenatesSources` layers, else one per source.
    public let inputs: [DataTemplate]
    /// Names of the sources, in order.
    public let sourceNames: [String]
    /// Template of the `target` data when the layer has a target.
    public let target: DataTemplate?
    /// Extra output classes the layer's loss expects beyond the target dim (CTC: 1 for blank).
    public let lossExtraDim: Int
    /// Layer option `trainable`.
    public let trainable: Bool
    /// The network's extern data (for `source` layers).
    public let externData: ExternData
    /// The config the net dict comes from (for layers that run config code: `eval`), if known.
    public let config: Config?
    /// Layer option `L2`.
    public let l2: Double
    /// Prefix for parameter names: the layer name, or the `reuse_params` layer.
    let parameterPrefix: String
    /// Parameters declared so far.
    private(set) var declared: [ParameterSpec] = []
    /// The tag of `out_dim` when the config gave a dim tag: the output's feature axis is that tag.
    public private(set) var outDimTag: Dim?
    /// The source nodes, in order (for layers that need more than the templates, e.g. which
    /// axis a `length` layer measures).
    public internal(set) var sourceNodes: [LayerNode] = []
    /// The nodes of the layers a `ReferencingLayer`'s options name, in `referencedLayers` order.
    public internal(set) var referencedNodes: [LayerNode] = []
    /// Templates of the layers named in options of a `ReferencesLayers` layer (`switch`'s
    /// `condition`, ...), by option key; filled by the network builder before `init`.
    public var references: [String: DataTemplate] = [:]
    /// Set when the layer is built to run frame by frame inside the loop of a `rec` layer with a
    /// subnetwork unit: its inputs then lack the loop's time axis, and a `RecStepLayer` is driven
    /// through `step`. Nil outside a loop and for layers moved out of it (whole sequences).
    public internal(set) var recLoop: RecLoopContext?
    /// Whether the network is built for search (`NetworkBuilder.searchFlag`).
    public internal(set) var searchFlag = false

    init(name: String, location: SourceLocation, options: OptionReader, inputs: [DataTemplate], sourceNames: [String],
         target: DataTemplate?, lossExtraDim: Int, trainable: Bool, l2: Double, parameterPrefix: String,
         externData: ExternData, config: Config? = nil) {
        self.externData = externData
        self.config = config
        self.name = name
        self.location = location
        self.options = options
        self.inputs = inputs
        self.sourceNames = sourceNames
        self.target = target
        self.lossExtraDim = lossExtraDim
        self.trainable = trainable
        self.l2 = l2
        self.parameterPrefix = parameterPrefix
    }

    /// A located error about this layer.
    public func error(_ kind: NetworkError.Kind, _ message: String, at loc: SourceLocation? = nil) -> NetworkError {
        NetworkError(kind, message, layer: name, at: loc ?? location)
    }

    /// Runs an option read, turning a `ConfigError` into a located `NetworkError`.
    public func read<T>(_ body: (inout OptionReader) throws -> T) throws -> T {
        do { return try body(&options) } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
    }

    /// The single input (for `concatenatesSources` layers).
    public var input: DataTemplate {
        precondition(!inputs.isEmpty, "LayerBuilder.input: layer has no input")
        return inputs[0]
    }

    /// Throws unless `t` is dense (float with a feature axis).
    public func requireDense(_ t: DataTemplate, what: String = "input") throws {
        if t.isSparse {
            throw error(.sparseMismatch, "\(what) is sparse \(t) (class indices from \(sourceNames.joined(separator: ", "))), " +
                "but this layer needs dense features; put a 'linear' layer (embedding) in between")
        }
        if t.featureDim == nil {
            throw error(.dimensionMismatch, "\(what) \(t) has no feature axis")
        }
    }

    /// RETURNN's `n_out` (or `out_dim`, an int or a dim tag such as `FeatureDim("hidden", 512)`):
    /// the option if given, else the target dim plus the loss's extra classes; throws when neither
    /// is available and `required`.
    public func nOut(required: Bool = true) throws -> Int? {
        var given = try read { try $0.optionalInt("n_out") }
        if let v = options.optionalValue("out_dim"), !v.isNone {
            if let tag = externData.dimTags.dim(v) {
                guard let size = tag.size else {
                    throw error(.invalidOption, "out_dim \(tag) is dynamic; this layer's output feature axis needs a static dim tag (FeatureDim(name, size))", at: v.location)
                }
                if let n = given, n != size {
                    throw error(.dimensionMismatch, "n_out \(n) and out_dim \(tag) disagree; give one of them", at: v.location)
                }
                given = size
                outDimTag = tag
            } else if let n = v.intValue {
                if let g = given, g != n { throw error(.dimensionMismatch, "n_out \(g) and out_dim \(n) disagree; give one of them", at: v.location) }
                given = n
            } else {
                throw error(.invalidOption, "out_dim must be a dim tag (FeatureDim(name, size)) or an int, got \(v.repr)", at: v.location)
            }
        }
        if let given {
            guard given > 0 else { throw error(.invalidOption, "n_out must be positive, got \(given)") }
            if let t = target, let d = t.dim, d + lossExtraDim != given, lossExtraDim > 0 || t.isSparse {
                let targetName = options.optionalValue("target")?.stringValue ?? "classes"
                let targetDim = (t.sparseTag ?? t.featureTag).map { "\($0)" } ?? "\(d)"
                let mine = outDimTag.map { "out_dim \($0)" } ?? "n_out \(given)"
                throw error(.dimensionMismatch,
                            "\(mine) does not fit the dim \(targetDim) of target '\(targetName)'" +
                            "\(lossExtraDim > 0 ? " + \(lossExtraDim) for the loss" : ""); " +
                            "set \(outDimTag == nil ? "n_out to \(d + lossExtraDim)" : "out_dim to the target's dim") or remove it")
            }
            return given
        }
        if let t = target, let d = t.dim { return d + lossExtraDim }
        if required { throw error(.invalidOption, "needs 'n_out' (or out_dim, or a 'target' to take the dimension from)") }
        return nil
    }

    /// Checks `in_dim` (an int or a dim tag) against the input's feature axis, when given.
    public func checkInDim(_ input: DataTemplate) throws {
        guard let v = options.optionalValue("in_dim"), !v.isNone else { return }
        let want: Int?
        if let tag = externData.dimTags.dim(v) { want = tag.size } else { want = v.intValue }
        guard let want else { throw error(.invalidOption, "in_dim must be a dim tag or an int, got \(v.repr)", at: v.location) }
        if input.featureDim != want {
            let inputDim = input.featureTag.map { "the feature dim \($0)" } ?? "no feature axis"
            throw error(.dimensionMismatch, "in_dim \(externData.dimTags.dim(v).map { "\($0)" } ?? v.repr) does not match " +
                        "\(inputDim) of the input from \(sourceNames.map { "'\($0)'" }.joined(separator: ", ")) \(input)")
        }
    }

    /// Reads an initializer option (number or name) with a default.
    public func initializer(_ key: String, default def: Initializer) throws -> Initializer {
        guard let v = options.optionalValue(key), !v.isNone else { return def }
        do { return try Initializer.parse(v, context: "layer '\(name)': \(key)") } catch let e as ConfigError {
            throw NetworkError.from(e, layer: name)
        }
    }

    /// Reads an activation option (`None`, a name or an expression).
    public func activation(_ key: String = "activation", default def: String? = nil) throws -> Activation {
        let v = options.optionalValue(key)
        if let v, v.isNone { return .identity }
        guard let s = v?.stringValue ?? def else {
            if let v { throw error(.invalidOption, "\(key) must be a string or None, got \(v.typeName)", at: v.location) }
            return .identity
        }
        do { return try Activation.parse(s) } catch {
            throw self.error(.invalidOption, error.message, at: v?.location)
        }
    }

    /// Per-parameter prefixes from `reuse_params`' `map` (local name → prefix).
    var parameterMap: [String: String] = [:]

    /// Declares a parameter `<prefix>/<localName>` and returns its full name. With `reuse_params`
    /// the prefix is the other layer's (for all parameters or, with `map`, this one), and the
    /// network checks that shapes agree.
    @discardableResult
    public func parameter(_ localName: String, shape: [Int], initializer: Initializer, split: [[Int]]? = nil) -> String {
        let full = (parameterMap[localName] ?? parameterPrefix) + "/" + localName
        declared.append(ParameterSpec(name: full, layer: name, shape: shape, initializer: initializer,
                                      trainable: trainable, split: split, l2: l2))
        return full
    }
}
