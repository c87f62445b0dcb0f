import Foundation

extension Optimizers {
    /// Keras `AdamW` (RETURNN `"adamw"`, resolved upstream to `tf.keras.optimizers.AdamW`).
    ///
    /// Keras defaults: `weight_decay` 0.004, `beta_1` 0.9, `beta_2` 0.999, `amsgrad` False; `epsilon`
    /// is RETURNN's `optimizer_epsilon` (1e-16), not Keras' 1e-7, because RETURNN fills in `epsilon`
    /// for every class that takes it. Per applied step `t` (1-based): first the decoupled decay
    /// `var −= var·wd·lr`, then `m += (g−m)(1−β1)`, `v += (g²−v)(1−β2)` (with amsgrad
    /// `v_hat = max(v_hat, v)` is used as `v`), `α = lr·sqrt(1−β2^t)/(1−β1^t)`,
    /// `var −= m·α/(sqrt(v)+ε)`. Slots `m`, `v` (and `v_hat`); scalar `iterations`.
    final class AdamW: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float]
        let scalarNames = ["iterations"]
        /// `weight_decay` (default 0.004).
        let weightDecay: Float
        /// `beta_1` (default 0.9).
        let beta1: Float
        /// `beta_2` (default 0.999).
        let beta2: Float
        /// `epsilon`.
        let epsilon: Float
        /// `amsgrad` (default False).
        let amsgrad: Bool
        private var iterations: Float = 0
        private var lr: Float = 0
        private var alpha: Float = 0

        init(weightDecay: Double, beta1: Double, beta2: Double, epsilon: Double, amsgrad: Bool, name: String) {
            self.weightDecay = Float(weightDecay)
            self.beta1 = Float(beta1)
            self.beta2 = Float(beta2)
            self.epsilon = Float(epsilon)
            self.amsgrad = amsgrad
            slotInitialValues = amsgrad ? [0, 0, 0] : [0, 0]
            slotBaseName = name
        }

        var summary: String {
            "AdamW(weight_decay=\(weightDecay), beta_1=\(beta1), beta_2=\(beta2), epsilon=\(epsilon), amsgrad=\(amsgrad ? "True" : "False"))"
        }

        var scalars: [Float] {
            get { [iterations] }
            set { iterations = newValue[0] }
        }

        func resetScalars() { iterations = 0 }

        func prepare(learningRate: Float) {
            lr = learningRate
            let step = iterations + 1
            alpha = lr * (1 - Foundation.pow(beta2, step)).squareRoot() / (1 - Foundation.pow(beta1, step))
        }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            if weightDecay != 0 { Optimizers.kerasWeightDecay(param, count: n, weightDecay: weightDecay, learningRate: lr) }
            let mp = slots[0], vp = slots[1]
            let hp: UnsafeMutablePointer<Float>? = amsgrad ? slots[2] : nil
            let oneMinusB1 = 1 - beta1, oneMinusB2 = 1 - beta2
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                var m = OptimizerLanes.load(mp + i, k)
                var v = OptimizerLanes.load(vp + i, k)
                m += (g - m) * oneMinusB1
                v += (g * g - v) * oneMinusB2
                OptimizerLanes.store(m, mp + i, k)
                OptimizerLanes.store(v, vp + i, k)
                if let hp {
                    v = pointwiseMax(OptimizerLanes.load(hp + i, k), v)
                    OptimizerLanes.store(v, hp + i, k)
                }
                let x = OptimizerLanes.load(param + i, k) - (m * alpha) / (v.squareRoot() + epsilon)
                OptimizerLanes.store(x, param + i, k)
                i += 16
            }
        }

        func finish() { iterations += 1 }
    }
}
