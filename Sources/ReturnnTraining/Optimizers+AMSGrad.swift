extension Optimizers {
    /// RETURNN's `AMSGradOptimizer` (`"amsgrad"`): slots `m`, `v`, `v_hat` (all 0) and a scalar step
    /// counter `t`. Per applied step: `t += 1`, `lr' = lr/sqrt(t)` if `decay` else `lr`,
    /// `m = β1·m + (1−β1)g`, `v = β2·v + (1−β2)g²`, `v_hat = max(v_hat, v)`,
    /// `var −= lr'·m/(ε + sqrt(v_hat))`. No bias correction; defaults β1 = 0.9, **β2 = 0.99**, and
    /// ε = config `optimizer_epsilon` (RETURNN passes it because the class takes `epsilon`).
    final class AMSGrad: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float] = [0, 0, 0]
        let scalarNames = ["t"]
        /// `beta1` (default 0.9).
        let beta1: Float
        /// `beta2` (default 0.99).
        let beta2: Float
        /// `epsilon`.
        let epsilon: Float
        /// `decay` (default False): divide the learning rate by sqrt(t).
        let decay: Bool
        private var t: Float = 0
        private var lr: Float = 0

        init(beta1: Double, beta2: Double, epsilon: Double, decay: Bool, name: String) {
            self.beta1 = Float(beta1)
            self.beta2 = Float(beta2)
            self.epsilon = Float(epsilon)
            self.decay = decay
            slotBaseName = name
        }

        var summary: String {
            "AMSGradOptimizer(beta1=\(beta1), beta2=\(beta2), epsilon=\(epsilon), decay=\(decay ? "True" : "False"))"
        }

        var scalars: [Float] {
            get { [t] }
            set { t = newValue[0] }
        }

        func resetScalars() { t = 0 }

        func prepare(learningRate: Float) {
            t += 1
            lr = decay ? learningRate / t.squareRoot() : learningRate
        }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let mp = slots[0], vp = slots[1], hp = slots[2]
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let m = beta1 * OptimizerLanes.load(mp + i, k) + (1 - beta1) * g
                let v = beta2 * OptimizerLanes.load(vp + i, k) + (1 - beta2) * g * g
                let vHat = pointwiseMax(OptimizerLanes.load(hp + i, k), v)
                let x = OptimizerLanes.load(param + i, k) + (-lr) * m / (epsilon + vHat.squareRoot())
                OptimizerLanes.store(m, mp + i, k)
                OptimizerLanes.store(v, vp + i, k)
                OptimizerLanes.store(vHat, hp + i, k)
                OptimizerLanes.store(x, param + i, k)
                i += 16
            }
        }
    }
}
