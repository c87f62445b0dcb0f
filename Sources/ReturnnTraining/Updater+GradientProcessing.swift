import ReturnnTensor

extension Updater {
    /// The gradient post-processing steps of RETURNN `Updater._post_process_grad`, in place on a
    /// buffer of `n` floats, each with TF's formula.
    enum GradientProcessing {
        /// `gradient_noise`: adds truncated-normal noise (stddev σ, redrawn beyond 2σ) drawn from `rng`.
        static func addNoise(_ g: UnsafeMutablePointer<Float>, count n: Int, stddev: Double, rng: inout RandomGenerator) {
            for i in 0..<n { g[i] += Float(rng.truncatedNormal(stddev: stddev)) }
        }

        /// `gradient_clip`: `clip_by_value(g, −c, c)`.
        static func clipByValue(_ g: UnsafeMutablePointer<Float>, count n: Int, clip c: Float) {
            let hi = SIMD16<Float>(repeating: c), lo = SIMD16<Float>(repeating: -c)
            var i = 0
            while i < n {
                let k = min(16, n - i)
                OptimizerLanes.store(pointwiseMin(pointwiseMax(OptimizerLanes.load(g + i, k), lo), hi), g + i, k)
                i += 16
            }
        }

        /// `gradient_clip_norm`: TF `clip_by_norm`, `g·c / max(‖g‖, c)`.
        static func clipByNorm(_ g: UnsafeMutablePointer<Float>, count n: Int, clip c: Float) {
            let norm = Float(OptimizerLanes.sumOfSquares(g, count: n).squareRoot())
            scaleThenDivide(g, count: n, multiplier: c, divisor: max(norm, c))
        }

        /// `gradient_clip_avg_norm`: TF `clip_by_average_norm`, `g·c·min(n/‖g‖, 1/c)`.
        static func clipByAverageNorm(_ g: UnsafeMutablePointer<Float>, count n: Int, clip c: Float) {
            let norm = Float(OptimizerLanes.sumOfSquares(g, count: n).squareRoot())
            let factor = min(Float(n) / norm, 1 / c)
            var i = 0
            while i < n {
                let k = min(16, n - i)
                OptimizerLanes.store(OptimizerLanes.load(g + i, k) * c * factor, g + i, k)
                i += 16
            }
        }

        /// `gradient_clip_global_norm`: TF `clip_by_global_norm` with a given global norm,
        /// `g·c·min(1/norm, 1/c)`; a nan or inf norm makes the gradient nan, as in TF.
        static func clipByGlobalNorm(_ g: UnsafeMutablePointer<Float>, count n: Int, clip c: Float, globalNorm: Double) {
            let norm = Float(globalNorm)
            var scale = c * min(1 / norm, 1 / c)
            if !norm.isFinite { scale = .nan }
            OptimizerLanes.scale(g, count: n, by: scale)
        }

        /// `gradient_nan_inf_filter`: nan and ±inf become 0.
        static func filterNanInf(_ g: UnsafeMutablePointer<Float>, count n: Int) {
            var i = 0
            while i < n {
                let k = min(16, n - i)
                let x = OptimizerLanes.load(g + i, k)
                OptimizerLanes.store(x.replacing(with: 0, where: .!((x - x) .== 0)), g + i, k)
                i += 16
            }
        }

        /// `grad_norm_to_clip_to_zero`: whether the gradient is zeroed, i.e. the global norm is nan,
        /// inf, or above the threshold.
        static func zeroesOnHighNorm(globalNorm: Double, threshold: Double) -> Bool {
            let norm = Float(globalNorm)
            return !norm.isFinite || norm > Float(threshold)
        }

        /// `g = (g·multiplier)/divisor`, element-wise as TF computes it.
        private static func scaleThenDivide(_ g: UnsafeMutablePointer<Float>, count n: Int, multiplier: Float, divisor: Float) {
            var i = 0
            while i < n {
                let k = min(16, n - i)
                OptimizerLanes.store((OptimizerLanes.load(g + i, k) * multiplier) / divisor, g + i, k)
                i += 16
            }
        }
    }
}
