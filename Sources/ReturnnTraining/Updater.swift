import ReturnnConfig
import ReturnnTensor

/// Applies one training step to the parameters: gradient post-processing (accumulation, noise,
/// clipping, nan filter), decoupled weight decay, and the optimizer update (RETURNN
/// `returnn/tf/updater.py` `Updater`).
///
/// Config keys: `optimizer` (or the legacy flags `adam`, `nadam`, `adadelta`, `adagrad`,
/// `rmsprop`, `momentum`), `optimizer_epsilon` (1e-16), `accum_grad_multiple_step`,
/// `gradient_noise`, `gradient_clip`, `gradient_clip_norm`, `gradient_clip_avg_norm`,
/// `gradient_clip_global_norm`, `global_norm_tag`, `gradient_clip_global_norm_tag`,
/// `gradient_nan_inf_filter`, `grad_norm_to_clip_to_zero`, `decouple_constraints`; per layer the
/// same keys (plus `optimizer` and `tags`) in `updater_opts`. See `docs/optimizers.md`.
///
/// `decouple_constraints`: before the optimizer step each parameter with `L2 = λ` is decayed by
/// `var −= var·2λ`, exactly as upstream applies it; upstream also computes a factor
/// `lr/initial_lr · decouple_constraints_factor` but never uses it, and neither does this port
/// (so results match upstream; `decouple_constraints_factor` is not read).
public final class Updater {
    /// One trainable parameter with its options, slots and buffers.
    struct Entry {
        let info: ParameterInfo
        let count: Int
        let options: UpdaterOptions
        let optimizerIndex: Int
        let slots: [UpdaterBuffer]
        let slotPointers: [UnsafeMutablePointer<Float>]
        let slotNames: [String]
        let accum: UpdaterBuffer?
        /// Scratch buffer for the post-processed gradient (only when an option changes it).
        let work: UpdaterBuffer?
        let nameHash: UInt64
        let clipNormGroup: Int
        let zeroNormGroup: Int
    }

    let entries: [Entry]
    let optimizers: [OptimizerChoice]
    let scalarNames: [[String]]
    let decoupleConstraints: Bool
    /// Norm groups: index 0 = all parameters, then one per tag (entry indices).
    let normGroups: [[Int]]
    /// Which norm groups some option needs.
    let normNeeded: [Bool]
    var norms: [Double]
    var applying: [Bool]

    /// `dynamic_learning_rate`, if set.
    let dynamicLearningRate: UpdaterDynamicLearningRate?

    /// `reset_updater_vars_mod_step` (0 = off): see `resetSlotsIfDue(stepInEpoch:)`.
    public let resetUpdaterVarsModStep: Int

    /// One line per optimizer instance, for the log (upstream prints "Create optimizer ...").
    public let optimizerSummaries: [String]

    /// Reads the optimizer and post-processing options of `config` and the per-layer
    /// `updater_opts` of `parameters`, and allocates all slots. Config mistakes throw
    /// `ConfigError` with the place and what to do.
    public init(config: Config, parameters: [ParameterInfo]) throws {
        let epsilon = try config.float("optimizer_epsilon", default: 1e-16) ?? 1e-16
        let momentum = try config.float("momentum", default: 0) ?? 0
        let globalOptions = try UpdaterOptions.global(config)
        decoupleConstraints = try config.bool("decouple_constraints", default: false) ?? false
        dynamicLearningRate = try UpdaterDynamicLearningRate.read(config)
        resetUpdaterVarsModStep = try config.int("reset_updater_vars_mod_step", default: 0) ?? 0
        let defaultChoice = try OptimizerChoice.fromConfig(config)
        var optimizers = [defaultChoice]
        var optimizerKeys: [String: Int] = [:]
        var seen = Set<String>()
        var built: [(info: ParameterInfo, options: UpdaterOptions, optimizer: Int)] = []
        for p in parameters where p.trainable {
            precondition(seen.insert(p.name).inserted, "Updater: parameter '\(p.name)' given twice")
            var options = globalOptions
            var optimizerIndex = 0
            if let opts = p.updaterOpts, !opts.isNone {
                let context = "network.\(p.layer).updater_opts"
                var reader = try OptionReader(opts, context: context)
                options = try globalOptions.overridden(by: &reader)
                if let optValue = reader.optionalValue("optimizer"), optValue.isTruthy {
                    let key = Self.canonicalKey(optValue)
                    if let i = optimizerKeys[key] {
                        optimizerIndex = i
                    } else {
                        let choice = try OptimizerChoice.make(optValue, context: "\(context).optimizer", epsilon: epsilon,
                                                              momentum: momentum, defaultClass: defaultChoice.optimizerClass)
                        optimizers.append(choice)
                        optimizerIndex = optimizers.count - 1
                        optimizerKeys[key] = optimizerIndex
                    }
                }
                try reader.finish()
            }
            built.append((p, options, optimizerIndex))
        }
        // Tags and norm groups.
        var tagGroups: [String: [Int]] = [:]
        var tagOrder: [String] = []
        for (i, b) in built.enumerated() {
            for t in b.options.tags {
                if tagGroups[t] == nil { tagOrder.append(t) }
                tagGroups[t, default: []].append(i)
            }
        }
        func group(_ tag: String?, _ info: ParameterInfo, _ key: String) throws -> Int {
            guard let tag else { return 0 }
            guard let idx = tagOrder.firstIndex(of: tag) else {
                var msg = "\(key) = '\(tag)' (for parameter \(info.name)): no parameter has this tag; give layers "
                    + "updater_opts = {\"tags\": [\"\(tag)\"]}"
                if let s = EditDistance.closest(to: tag, in: tagOrder) { msg += ", or did you mean '\(s)'?" }
                throw ConfigError(.value, msg, at: info.updaterOpts?.location ?? config.location(of: key))
            }
            return idx + 1
        }
        var entries: [Entry] = []
        for b in built {
            let count = b.info.shape.reduce(1, *)
            let opt = optimizers[b.optimizer].optimizer
            let slots = opt.slotInitialValues.map { UpdaterBuffer(count: count, value: $0) }
            let slotNames = slots.indices.map { $0 == 0 ? "\(b.info.name)/\(opt.slotBaseName)" : "\(b.info.name)/\(opt.slotBaseName)_\($0)" }
            entries.append(Entry(
                info: b.info, count: count, options: b.options, optimizerIndex: b.optimizer, slots: slots,
                slotPointers: slots.map(\.pointer), slotNames: slotNames,
                accum: b.options.accumGradMultipleStep >= 1 ? UpdaterBuffer(count: count, value: 0) : nil,
                work: b.options.modifiesGradient ? UpdaterBuffer(count: count, value: 0) : nil, nameHash: RandomGenerator.hash(b.info.name),
                clipNormGroup: try group(b.options.gradientClipGlobalNorm > 0 ? b.options.gradientClipGlobalNormTag : nil,
                                         b.info, "gradient_clip_global_norm_tag"),
                zeroNormGroup: try group(b.options.gradNormToClipToZero > 0 ? b.options.globalNormTag : nil,
                                         b.info, "global_norm_tag")))
        }
        // Scalar names, made unique over instances as TF does (beta1_power, beta1_power_1, ...).
        var used: [String: Int] = [:]
        scalarNames = optimizers.map { choice in
            choice.optimizer.scalarNames.map { base in
                let n = used[base, default: 0]
                used[base] = n + 1
                return n == 0 ? base : "\(base)_\(n)"
            }
        }
        self.entries = entries
        self.optimizers = optimizers
        normGroups = [Array(entries.indices)] + tagOrder.map { tagGroups[$0]! }
        norms = Array(repeating: 0, count: normGroups.count)
        var needed = Array(repeating: false, count: normGroups.count)
        for e in entries {
            if e.options.gradientClipGlobalNorm > 0 { needed[e.clipNormGroup] = true }
            if e.options.gradNormToClipToZero > 0 { needed[e.zeroNormGroup] = true }
        }
        normNeeded = needed
        applying = Array(repeating: false, count: optimizers.count)
        optimizerSummaries = optimizers.map { c in
            c.optimizer.summary + (c.learningRateMultiplier != 1 ? " with learning_rate_multiplier=\(c.learningRateMultiplier)" : "")
        }
    }

    /// A key that is equal for equal optimizer dicts (keys sorted), so layers with the same
    /// `updater_opts.optimizer` share one instance, as upstream's `make_hashable`.
    private static func canonicalKey(_ v: ConfigValue) -> String {
        if let d = v.dictValue {
            let items = d.entries.map { "\($0.key.repr): \(canonicalKey($0.value))" }.sorted()
            return "{" + items.joined(separator: ", ") + "}"
        }
        if let items = v.sequenceItems { return "[" + items.map(canonicalKey).joined(separator: ", ") + "]" }
        return v.repr
    }
}
