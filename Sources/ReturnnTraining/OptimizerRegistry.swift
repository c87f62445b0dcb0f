import ReturnnConfig

/// The optimizers that `optimizer = {"class": name, ...}` can name, in upstream's lookup order
/// (`returnn/tf/updater.py` `_init_optimizer_classes_dict`: RETURNN's own classes, then
/// `tf.compat.v1.train`, then `tf.keras.optimizers`; the first match wins), and the legacy flags.
///
/// Names are matched case-insensitively and a trailing `Optimizer` may be dropped, so `"adam"`,
/// `"Adam"` and `"AdamOptimizer"` are the same; `"sgd"` is Keras' SGD, `"gradientdescent"` TF's.
enum OptimizerRegistry {
    /// The implemented classes, in lookup order.
    static let classes: [OptimizerClass] = [
        // RETURNN's own (returnn/tf/updater.py).
        OptimizerClass(name: "NadamOptimizer") { kw in try adam(&kw, nesterov: true, className: "NadamOptimizer", name: "Adam") },
        OptimizerClass(name: "CustomAdamOptimizer") { kw in
            try adam(&kw, nesterov: false, className: "CustomAdamOptimizer", name: "CustomAdamOptimizer")
        },
        OptimizerClass(name: "CustomGradientDescentOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.GradientDescent(name: try kw.name(default: "CustomGradientDescentOptimizer"))
        },
        OptimizerClass(name: "AMSGradOptimizer") { kw in
            Optimizers.AMSGrad(beta1: try kw.double("beta1", default: 0.9), beta2: try kw.double("beta2", default: 0.99),
                               epsilon: try kw.epsilonValue(), decay: try kw.bool("decay", default: false),
                               name: "AMSGradOptimizer")
        },
        // tf.compat.v1.train.
        OptimizerClass(name: "AdadeltaOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.Adadelta(rho: try kw.double("rho", default: 0.95), epsilon: try kw.epsilonValue(),
                                       name: try kw.name(default: "Adadelta"))
        },
        OptimizerClass(name: "AdagradOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.Adagrad(initialAccumulatorValue: try kw.double("initial_accumulator_value", default: 0.1),
                                      name: try kw.name(default: "Adagrad"))
        },
        OptimizerClass(name: "AdamOptimizer") { kw in try adam(&kw, nesterov: false, className: "AdamOptimizer", name: "Adam") },
        OptimizerClass(name: "GradientDescentOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.GradientDescent(name: try kw.name(default: "GradientDescent"))
        },
        OptimizerClass(name: "MomentumOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.Momentum(momentum: try kw.requiredDouble("momentum", orConfig: kw.momentum),
                                       useNesterov: try kw.bool("use_nesterov", default: false),
                                       name: try kw.name(default: "Momentum"))
        },
        OptimizerClass(name: "RMSPropOptimizer") { kw in
            try kw.ignoreUseLocking()
            return Optimizers.RMSProp(decay: try kw.double("decay", default: 0.9), momentum: try kw.momentumValue(default: 0),
                                      epsilon: try kw.epsilonValue(), centered: try kw.bool("centered", default: false),
                                      name: try kw.name(default: "RMSProp"))
        },
        // tf.keras.optimizers.
        OptimizerClass(name: "AdamW") { kw in
            Optimizers.AdamW(weightDecay: try kw.double("weight_decay", default: 0.004), beta1: try kw.double("beta_1", default: 0.9),
                             beta2: try kw.double("beta_2", default: 0.999), epsilon: try kw.epsilonValue(),
                             amsgrad: try kw.bool("amsgrad", default: false), name: try kw.name(default: "AdamW"))
        },
        OptimizerClass(name: "SGD") { kw in
            Optimizers.KerasSGD(momentum: try kw.momentumValue(default: 0), nesterov: try kw.bool("nesterov", default: false),
                                weightDecay: try kw.double("weight_decay", default: 0), name: try kw.name(default: "SGD"))
        },
    ]

    /// Upstream names that RETURNN accepts but this port does not implement (for a clear error).
    private static func adam(_ kw: inout OptimizerKwargs, nesterov: Bool, className: String, name: String) throws -> Optimizer {
        try kw.ignoreUseLocking()
        return Optimizers.Adam(beta1: try kw.double("beta1", default: 0.9), beta2: try kw.double("beta2", default: 0.999),
                               epsilon: try kw.epsilonValue(), nesterov: nesterov, className: className,
                               name: try kw.name(default: name))
    }

    /// The class called `name` (case-insensitive, trailing `Optimizer` optional); unknown names
    /// throw with the closest known name.
    /// The optimizer classes as a `NameRegistry`: names in any case, with or without a trailing
    /// `optimizer` (as upstream's `get_optimizer_class`), and upstream's other optimizers.
    static var registry: NameRegistry<OptimizerClass> {
        NameRegistry(family: "optimizer", entries: classes.flatMap { c in c.lookupNames.map { ($0, c) } }, caseInsensitive: true,
                     upstreamNames: UpstreamNames.optimizers)
    }

    static func lookup(_ name: String, at location: SourceLocation, context: String) throws -> OptimizerClass {
        let r = registry
        if let c = r.lookup(name) { return c }
        let supported = classes.flatMap { $0.lookupNames.suffix(1) }
        if r.isUpstreamOnly(name) {
            throw ConfigError(.unsupported, "\(context): optimizer '\(name)' exists in upstream RETURNN but is not supported by swift-returnn yet; "
                              + "use one of: \(supported.joined(separator: ", "))", at: location)
        }
        var msg = "\(context): unknown optimizer '\(name)'"
        if let s = EditDistance.closest(to: name.lowercased(), in: supported) { msg += "; did you mean '\(s)'?" }
        msg += " Known: \(supported.joined(separator: ", "))"
        throw ConfigError(.value, msg, at: location)
    }
}
