extension Optimizers {
    /// Plain SGD, TF `GradientDescentOptimizer` (RETURNN `"gradientdescent"`, also
    /// `CustomGradientDescentOptimizer`): `var -= lr·g`. No slots.
    final class GradientDescent: Optimizer {
        let slotBaseName: String
        let slotInitialValues: [Float] = []
        private var lr: Float = 0

        /// `name`: TF optimizer name (only used in the log).
        init(name: String) { slotBaseName = name }

        var summary: String { "GradientDescentOptimizer()" }

        func prepare(learningRate: Float) { lr = learningRate }

        func apply(param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                   slots: [UnsafeMutablePointer<Float>], count n: Int) {
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let g = OptimizerLanes.load(grad + i, k)
                let x = OptimizerLanes.load(param + i, k)
                OptimizerLanes.store(x - g * lr, param + i, k)
                i += 16
            }
        }
    }
}
