import ReturnnTensor

extension Updater {
    /// The learning rate of training step `globalStep` for the base rate `learningRate` from the
    /// learning-rate control: the same value unless the config sets `dynamic_learning_rate`
    /// (`{"interval": n, "decay": d}` gives `lr·d^(globalStep mod n)`; a config function
    /// `f(*, network, global_train_step, learning_rate, **kwargs)` is called with `network=None`).
    /// The engine passes the result to `step`. Errors raised by the config function are thrown.
    public func learningRate(base learningRate: Double, globalStep: Int) throws -> Double {
        guard let dynamicLearningRate else { return learningRate }
        return try dynamicLearningRate.apply(learningRate, globalStep: globalStep)
    }

    /// Applies one training step (RETURNN `Updater.get_apply_grads_op`, run once).
    ///
    /// For every trainable parameter with a gradient in `gradients`, in upstream's order: gradient
    /// accumulation (`accum_grad_multiple_step`: the gradients of N steps are summed, the sum is
    /// used at `globalStep % N == N−1`), noise, value/norm/average-norm/global-norm clipping,
    /// nan/inf filter, zeroing on a high global norm; then, on steps where the optimizer applies,
    /// the decoupled weight decay (`decouple_constraints`) and the optimizer update of
    /// `values[name]`. Global norms are over the raw gradients of this step, as upstream.
    ///
    /// - Parameters:
    ///   - values: the parameters by name; each one updated is mutated in place.
    ///   - gradients: d(objective)/d(parameter) by name; parameters without one are skipped.
    ///   - learningRate: the learning rate of this step (`learningRate(base:globalStep:)`), multiplied
    ///     by each optimizer's `learning_rate_multiplier`.
    ///   - globalStep: RETURNN's `global_train_step` (0-based, counting every step).
    ///   - seed: the training seed; gradient noise is drawn from
    ///     `RandomGenerator(seed: seed, stream: [.gradientNoise, globalStep, hash(name)])`.
    /// - Returns: whether any optimizer update was applied (false on accumulation-only steps).
    @discardableResult
    public func step(values: inout [String: Tensor], gradients: [String: Tensor],
                     learningRate: Double, globalStep: Int, seed: UInt64) -> Bool {
        precondition(globalStep >= 0, "Updater.step: negative globalStep \(globalStep)")
        computeNorms(gradients)
        for j in applying.indices { applying[j] = false }
        for e in entries where gradients[e.info.name] != nil && e.options.applies(atStep: globalStep) {
            applying[e.optimizerIndex] = true
        }
        for (j, choice) in optimizers.enumerated() where applying[j] {
            choice.optimizer.prepare(learningRate: Float(learningRate * choice.learningRateMultiplier))
        }
        var any = false
        for e in entries {
            guard let grad = gradients[e.info.name] else { continue }
            precondition(grad.shape == e.info.shape,
                         "Updater.step: gradient of \(e.info.name) has shape \(grad.shape), parameter has \(e.info.shape)")
            let applies = e.options.applies(atStep: globalStep)
            postProcess(e, grad, globalStep: globalStep, seed: seed, applies: applies)
            guard applies else { continue }
            any = true
            let optimizer = optimizers[e.optimizerIndex].optimizer
            let decay = decoupleConstraints && e.info.l2 != 0 ? Float(e.info.l2 * 2) : 0
            guard values[e.info.name] != nil else { preconditionFailure("Updater.step: no value for parameter \(e.info.name)") }
            values[e.info.name]!.withUnsafeMutableBufferPointer { buf in
                precondition(buf.count == e.count, "Updater.step: value of \(e.info.name) has \(buf.count) elements, expected \(e.count)")
                let p = buf.baseAddress!
                if decay != 0 { Self.decayWeights(p, count: e.count, by: decay) }
                if let work = e.work {
                    optimizer.apply(param: p, grad: UnsafePointer(work.pointer), slots: e.slotPointers, count: e.count)
                } else if let accum = e.accum {
                    optimizer.apply(param: p, grad: UnsafePointer(accum.pointer), slots: e.slotPointers, count: e.count)
                } else {
                    grad.withUnsafeBufferPointer { g in
                        optimizer.apply(param: p, grad: g.baseAddress!, slots: e.slotPointers, count: e.count)
                    }
                }
            }
        }
        for (j, choice) in optimizers.enumerated() where applying[j] { choice.optimizer.finish() }
        return any
    }

    /// The global norms over this step's raw gradients (all parameters, and per tag) that the
    /// options need.
    private func computeNorms(_ gradients: [String: Tensor]) {
        for g in norms.indices { norms[g] = .nan }
        for (g, members) in normGroups.enumerated() where normNeeded[g] {
            var sum = 0.0
            for i in members {
                guard let grad = gradients[entries[i].info.name] else { continue }
                sum += grad.withUnsafeBufferPointer { OptimizerLanes.sumOfSquares($0.baseAddress!, count: $0.count) }
            }
            norms[g] = sum.squareRoot()
        }
    }

    /// Accumulates the gradient (with `accum_grad_multiple_step`) and, when the optimizer
    /// `applies` this step and an option changes the gradient, fills `e.work` with the
    /// post-processed gradient.
    private func postProcess(_ e: Entry, _ grad: Tensor, globalStep: Int, seed: UInt64, applies: Bool) {
        let o = e.options
        grad.withUnsafeBufferPointer { g in
            let src = g.baseAddress!
            if let accum = e.accum {
                if globalStep % o.accumGradMultipleStep == 0 { accum.copy(from: src) } else { accum.add(src) }
            }
            if applies, let work = e.work { work.copy(from: e.accum.map { UnsafePointer($0.pointer) } ?? src) }
        }
        guard applies, let work = e.work else { return }
        let w = work.pointer, n = e.count
        if o.gradientNoise > 0 {
            var rng = RandomGenerator(seed: seed, stream: [RandomGenerator.Stream.gradientNoise, UInt64(globalStep), e.nameHash])
            GradientProcessing.addNoise(w, count: n, stddev: o.gradientNoise, rng: &rng)
        }
        if o.gradientClip > 0 { GradientProcessing.clipByValue(w, count: n, clip: Float(o.gradientClip)) }
        if o.gradientClipNorm > 0 { GradientProcessing.clipByNorm(w, count: n, clip: Float(o.gradientClipNorm)) }
        if o.gradientClipAvgNorm > 0 { GradientProcessing.clipByAverageNorm(w, count: n, clip: Float(o.gradientClipAvgNorm)) }
        if o.gradientClipGlobalNorm > 0 {
            GradientProcessing.clipByGlobalNorm(w, count: n, clip: Float(o.gradientClipGlobalNorm), globalNorm: norms[e.clipNormGroup])
        }
        if o.gradientNanInfFilter { GradientProcessing.filterNanInf(w, count: n) }
        if o.gradNormToClipToZero > 0,
           GradientProcessing.zeroesOnHighNorm(globalNorm: norms[e.zeroNormGroup], threshold: o.gradNormToClipToZero) {
            work.fill(0)
        }
    }

    /// Decoupled L2 (`decouple_constraints`): `var −= var·factor` with `factor = 2λ`.
    static func decayWeights(_ p: UnsafeMutablePointer<Float>, count n: Int, by factor: Float) {
        var i = 0
        while i < n {
            let k = min(16, n - i)
            let x = OptimizerLanes.load(p + i, k)
            OptimizerLanes.store(x - x * factor, p + i, k)
            i += 16
        }
    }
}
