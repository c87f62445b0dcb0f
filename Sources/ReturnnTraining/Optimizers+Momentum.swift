extension Optimizers {
    /// TF `MomentumOptimizer` (RETURNN `"momentum"`, or legacy `momentum > 0`): one slot `accum`
    /// (`<param>/Momentum`), `accum = accum·momentum + g`, then `var -= lr·accum`, or with
    /// `use_nesterov=True` `var -= lr·g + lr·momentum·accum`.
    final class Momentum: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float] = [0]
        /// `momentum` (required).
        let momentum: Float
        /// `use_nesterov` (default False).
        let useNesterov: Bool
        private var lr: Float = 0

        init(momentum: Double, useNesterov: Bool, name: String) {
            self.momentum = Float(momentum)
            self.useNesterov = useNesterov
            slotBaseName = name
        }

        var summary: String { "MomentumOptimizer(momentum=\(momentum), use_nesterov=\(useNesterov ? "True" : "False"))" }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let accum = slots[0]
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let a = OptimizerLanes.load(accum + i, k) * momentum + g
                let x = OptimizerLanes.load(param + i, k)
                let step = useNesterov ? g * lr + a * (momentum * lr) : a * lr
                OptimizerLanes.store(a, accum + i, k)
                OptimizerLanes.store(x - step, param + i, k)
                i += 16
            }
        }
    }
}
