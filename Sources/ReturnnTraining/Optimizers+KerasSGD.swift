extension Optimizers {
    /// Keras `SGD` (RETURNN `"sgd"`, which upstream resolves to `tf.keras.optimizers.SGD`).
    ///
    /// With `weight_decay` the parameter is first decayed, Keras style: `var -= var·wd·lr`. Without
    /// momentum: `var -= lr·g`. With `momentum` (one slot, `<param>/SGD`): `m = momentum·m − lr·g`,
    /// then `var += m`, or with `nesterov` `var += momentum·m − lr·g`.
    final class KerasSGD: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float]
        /// `momentum` (default 0, or config `momentum`).
        let momentum: Float
        /// `nesterov` (default False).
        let nesterov: Bool
        /// `weight_decay` (default None = 0).
        let weightDecay: Float
        private var lr: Float = 0

        init(momentum: Double, nesterov: Bool, weightDecay: Double, name: String) {
            self.momentum = Float(momentum)
            self.nesterov = nesterov
            self.weightDecay = Float(weightDecay)
            slotInitialValues = momentum != 0 ? [0] : []
            slotBaseName = name
        }

        var summary: String {
            "SGD(momentum=\(momentum), nesterov=\(nesterov ? "True" : "False"), weight_decay=\(weightDecay))"
        }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            if weightDecay != 0 { Optimizers.kerasWeightDecay(param, count: n, weightDecay: weightDecay, learningRate: lr) }
            let mp: UnsafeMutablePointer<Float>? = slots.first
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let x = OptimizerLanes.load(param + i, k)
                if let mp {
                    let m = -g * lr + OptimizerLanes.load(mp + i, k) * momentum
                    OptimizerLanes.store(m, mp + i, k)
                    OptimizerLanes.store(nesterov ? x + (-g * lr + m * momentum) : x + m, param + i, k)
                } else {
                    OptimizerLanes.store(x - g * lr, param + i, k)
                }
                i += 16
            }
        }
    }

    /// Keras' decoupled weight decay, applied before the update: `var = var − var·wd·lr`.
    static func kerasWeightDecay(_ p: UnsafeMutablePointer<Float>, count n: Int, weightDecay: Float, learningRate: Float) {
        var i = 0
        while i < n {
            let k = min(16, n - i)
            let x = OptimizerLanes.load(p + i, k)
            OptimizerLanes.store(x - x * weightDecay * learningRate, p + i, k)
            i += 16
        }
    }
}
