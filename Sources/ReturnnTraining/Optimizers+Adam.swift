import Foundation

extension Optimizers {
    /// TF `AdamOptimizer` (RETURNN `"adam"`, legacy `adam=True`, also `CustomAdamOptimizer`) and,
    /// with `nesterov`, RETURNN's `NadamOptimizer` (the TF1-contrib Nadam, `"nadam"`).
    ///
    /// Slots `m` (`<param>/Adam`) and `v` (`<param>/Adam_1`), scalars `beta1_power`, `beta2_power`
    /// (starting at β1, β2 and multiplied by them after every applied step). Per step, in Float32 as
    /// TF's `ApplyAdam` kernel: `lr_t = lr·sqrt(1−β2^t)/(1−β1^t)`, `m += (g−m)(1−β1)`,
    /// `v += (g²−v)(1−β2)`, `var −= lr_t·m/(sqrt(v)+ε)`; Nadam uses `(1−β1)·g + β1·m` instead of `m`.
    final class Adam: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float] = [0, 0]
        let scalarNames = ["beta1_power", "beta2_power"]
        /// `beta1` (default 0.9).
        let beta1: Float
        /// `beta2` (default 0.999).
        let beta2: Float
        /// `epsilon` (default: config `optimizer_epsilon`, 1e-16).
        let epsilon: Float
        /// Nadam: the `use_nesterov` form of the kernel.
        let nesterov: Bool
        private let className: String
        private var beta1Power: Float
        private var beta2Power: Float
        private var alpha: Float = 0

        init(beta1: Double, beta2: Double, epsilon: Double, nesterov: Bool, className: String, name: String) {
            self.beta1 = Float(beta1)
            self.beta2 = Float(beta2)
            self.epsilon = Float(epsilon)
            self.nesterov = nesterov
            self.className = className
            slotBaseName = name
            beta1Power = Float(beta1)
            beta2Power = Float(beta2)
        }

        var summary: String { "\(className)(beta1=\(beta1), beta2=\(beta2), epsilon=\(epsilon))" }

        var scalars: [Float] {
            get { [beta1Power, beta2Power] }
            set { beta1Power = newValue[0]; beta2Power = newValue[1] }
        }

        func resetScalars() { beta1Power = beta1; beta2Power = beta2 }

        func prepare(learningRate: Float) {
            alpha = learningRate * (1 - beta2Power).squareRoot() / (1 - beta1Power)
        }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let mp = slots[0], vp = slots[1]
            let oneMinusB1 = 1 - beta1, oneMinusB2 = 1 - beta2
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                var m = OptimizerLanes.load(mp + i, k)
                var v = OptimizerLanes.load(vp + i, k)
                m += (g - m) * oneMinusB1
                v += (g * g - v) * oneMinusB2
                let num = nesterov ? g * oneMinusB1 + beta1 * m : m
                let x = OptimizerLanes.load(param + i, k) - (num * alpha) / (v.squareRoot() + epsilon)
                OptimizerLanes.store(m, mp + i, k)
                OptimizerLanes.store(v, vp + i, k)
                OptimizerLanes.store(x, param + i, k)
                i += 16
            }
        }

        func finish() {
            beta1Power *= beta1
            beta2Power *= beta2
        }
    }
}
