extension Optimizers {
    /// TF `AdadeltaOptimizer` (RETURNN `"adadelta"`, legacy `adadelta=True`). Slots `accum`
    /// (`<param>/Adadelta`) and `accum_update` (`<param>/Adadelta_1`), both starting at 0. As TF's
    /// `ApplyAdadelta`: `accum = ρ·accum + (1−ρ)g²`, `u = sqrt(accum_update+ε)/sqrt(accum+ε)·g`,
    /// `var −= lr·u`, `accum_update = ρ·accum_update + (1−ρ)u²`.
    final class Adadelta: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float] = [0, 0]
        /// `rho` (default 0.95).
        let rho: Float
        /// `epsilon` (default: config `optimizer_epsilon`, 1e-16).
        let epsilon: Float
        private var lr: Float = 0

        init(rho: Double, epsilon: Double, name: String) {
            self.rho = Float(rho)
            self.epsilon = Float(epsilon)
            slotBaseName = name
        }

        var summary: String { "AdadeltaOptimizer(rho=\(rho), epsilon=\(epsilon))" }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let ap = slots[0], up = slots[1]
            let oneMinusRho = 1 - rho
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let accum = OptimizerLanes.load(ap + i, k) * rho + g * g * oneMinusRho
                let accumUpdate = OptimizerLanes.load(up + i, k)
                let update = (accumUpdate + epsilon).squareRoot() * (1 / (accum + epsilon).squareRoot()) * g
                let x = OptimizerLanes.load(param + i, k) - update * lr
                OptimizerLanes.store(accum, ap + i, k)
                OptimizerLanes.store(accumUpdate * rho + update * update * oneMinusRho, up + i, k)
                OptimizerLanes.store(x, param + i, k)
                i += 16
            }
        }
    }
}
