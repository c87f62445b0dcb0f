extension Optimizers {
    /// TF `AdagradOptimizer` (RETURNN `"adagrad"`, legacy `adagrad=True`). One slot `accum`
    /// (`<param>/Adagrad`) starting at `initial_accumulator_value` (0.1); `accum += g²`,
    /// `var −= lr·g/sqrt(accum)`. TF's Adagrad takes no epsilon.
    final class Adagrad: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float]
        private var lr: Float = 0

        /// `initialAccumulatorValue`: `initial_accumulator_value` (default 0.1).
        init(initialAccumulatorValue: Double, name: String) {
            slotInitialValues = [Float(initialAccumulatorValue)]
            slotBaseName = name
        }

        var summary: String { "AdagradOptimizer(initial_accumulator_value=\(slotInitialValues[0]))" }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            let ap = slots[0]
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let accum = OptimizerLanes.load(ap + i, k) + g * g
                let x = OptimizerLanes.load(param + i, k) - g * lr * (1 / accum.squareRoot())
                OptimizerLanes.store(accum, ap + i, k)
                OptimizerLanes.store(x, param + i, k)
                i += 16
            }
        }
    }
}
