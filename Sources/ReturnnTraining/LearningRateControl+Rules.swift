/// The per-type rules (upstream `calc_learning_rate_for_epoch` of `ConstantLearningRate`,
/// `NewbobRelative`, `NewbobAbs`, `NewbobMultiEpoch`) and the decay/growth step.
extension LearningRateControl {
    /// The learning rate the rule of `type` gives `epoch`, from the earlier epochs.
    func ruleLearningRate(forEpoch epoch: Int) throws -> Double {
        switch type {
        case .constant:
            guard let last = lastEpoch(before: epoch) else { return options.defaultLearningRate }
            return epochData[last]!.learningRate
        case .newbobRelative(let threshold):
            guard let last = lastEpoch(before: epoch) else { return options.defaultLearningRate }
            let lr = epochData[last]!.learningRate
            guard let last2 = lastEpoch(before: last), let rel = relativeError(oldEpoch: last2, newEpoch: last) else { return lr }
            return try decayOrGrow(lr, decay: rel > threshold)
        case .newbobAbs(let threshold):
            guard let last = lastEpoch(before: epoch) else { return options.defaultLearningRate }
            let lr = epochData[last]!.learningRate
            guard let last2 = lastEpoch(before: last), let old = epochErrorKeyValue(last2), let new = epochErrorKeyValue(last),
                  old.key == new.key else { return lr }
            return try decayOrGrow(lr, decay: new.value - old.value > threshold)
        case .newbobMultiEpoch(let opts):
            let lr = mostRecentLearningRate(epoch: epoch)
            if opts.updateInterval > 1 && epoch % opts.updateInterval != 1 { return lr }
            guard let mean = recentMeanRelativeError(epoch: epoch, numEpochs: opts.numEpochs) else { return lr }
            return try decayOrGrow(lr, decay: mean > opts.relativeErrorThreshold, grow: mean < opts.relativeErrorGrowThreshold)
        }
    }

    /// The mean of the consecutive relative errors of the last `numEpochs + 1` epochs with data
    /// before `epoch` (upstream `_calc_recent_mean_relative_error`); nil with fewer than 2 epochs or
    /// when one relative error is unknown.
    public func recentMeanRelativeError(epoch: Int, numEpochs: Int) -> Double? {
        let epochs = lastEpochs(before: epoch, count: numEpochs + 1)
        guard epochs.count >= 2 else { return nil }
        var errors: [Double] = []
        for i in 0..<(epochs.count - 1) {
            guard let rel = relativeError(oldEpoch: epochs[i], newEpoch: epochs[i + 1]) else { return nil }
            errors.append(rel)
        }
        return Self.numpyPairwiseSum(errors[...]) / Double(errors.count)
    }

    /// Applies `learning_rate_decay` (clipped at `min_learning_rate`) and/or `learning_rate_growth`
    /// (upstream `calc_learning_rate_decay_or_grow`; `grow` defaults to `!decay`).
    public func decayOrGrow(_ learningRate: Double, decay: Bool, grow: Bool? = nil) throws -> Double {
        let grow = grow ?? !decay
        precondition(!(grow && decay), "a learning rate cannot be decayed and grown at once")
        var lr = learningRate
        if decay {
            lr = try options.learningRateDecay.apply(lr)
            if lr < options.minLearningRate { lr = options.minLearningRate }
        }
        if grow { lr = try options.learningRateGrowth.apply(lr) }
        return lr
    }

    /// numpy's float64 sum (`np.mean` = this / n): sequential below 8 values, 8 interleaved
    /// accumulators up to 128, halves above, so that the mean is bit-identical to upstream's.
    static func numpyPairwiseSum(_ a: ArraySlice<Double>) -> Double {
        let n = a.count
        let base = a.startIndex
        if n < 8 {
            var res = 0.0
            for x in a { res += x }
            return res
        }
        if n <= 128 {
            var r = (0..<8).map { a[base + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[base + i + j] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                res += a[base + i]
                i += 1
            }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return numpyPairwiseSum(a[base..<(base + n2)]) + numpyPairwiseSum(a[(base + n2)...])
    }
}
