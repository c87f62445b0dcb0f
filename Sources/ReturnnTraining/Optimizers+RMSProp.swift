extension Optimizers {
    /// TF `RMSPropOptimizer` (RETURNN `"rmsprop"`, legacy `rmsprop=True` or `rmsprop=<decay>`).
    ///
    /// Slots, in TF's order: `rms` (`<param>/RMSProp`, starting at **1**, as TF1), `mg` (only with
    /// `centered`), `momentum`. As TF's `ApplyRMSProp`: `ms += (g²−ms)(1−decay)`,
    /// `mom = momentum·mom + lr·g/sqrt(ms+ε)`, `var −= mom`; centered: `mg += (g−mg)(1−decay)` and the
    /// denominator is `sqrt(ms − mg² + ε)`.
    final class RMSProp: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float]
        /// `decay` (default 0.9).
        let decay: Float
        /// `momentum` (default 0, or config `momentum`).
        let momentum: Float
        /// `epsilon` (default: config `optimizer_epsilon`, 1e-16).
        let epsilon: Float
        /// `centered` (default False).
        let centered: Bool
        private var lr: Float = 0

        init(decay: Double, momentum: Double, epsilon: Double, centered: Bool, name: String) {
            self.decay = Float(decay)
            self.momentum = Float(momentum)
            self.epsilon = Float(epsilon)
            self.centered = centered
            slotInitialValues = centered ? [1, 0, 0] : [1, 0]
            slotBaseName = name
        }

        var summary: String {
            "RMSPropOptimizer(decay=\(decay), momentum=\(momentum), epsilon=\(epsilon), centered=\(centered ? "True" : "False"))"
        }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let msp = slots[0]
            let mgp: UnsafeMutablePointer<Float>? = centered ? slots[1] : nil
            let momp = slots[centered ? 2 : 1]
            let oneMinusRho = 1 - decay
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                var ms = OptimizerLanes.load(msp + i, k)
                ms += (g * g - ms) * oneMinusRho
                var denom = ms + epsilon
                if let mgp {
                    var mg = OptimizerLanes.load(mgp + i, k)
                    mg += (g - mg) * oneMinusRho
                    denom = (ms - mg * mg) + epsilon
                    OptimizerLanes.store(mg, mgp + i, k)
                }
                let mom = OptimizerLanes.load(momp + i, k) * momentum + (g * lr) / denom.squareRoot()
                OptimizerLanes.store(ms, msp + i, k)
                OptimizerLanes.store(mom, momp + i, k)
                OptimizerLanes.store(OptimizerLanes.load(param + i, k) - mom, param + i, k)
                i += 16
            }
        }
    }
}
