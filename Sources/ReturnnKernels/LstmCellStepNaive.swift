import Foundation

extension LstmCellStep {
    /// Naive twin of `LstmCellStep`: scalar loops with libm `tanh`/`exp` in Double, the test oracle
    /// for the fused step (same contract; written independently of it).
    public enum Naive {
        /// Forward with the contract of `LstmCellStep.forward`.
        public static func forward(
            z: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, batch: Int, nCells n: Int, layout: Layout,
            forgetBias: Float, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
            acts: UnsafeMutablePointer<Float>
        ) {
            func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
            for b in 0..<batch {
                for k in 0..<n {
                    func pre(_ block: Int) -> Double { Double(z[b * 4 * n + block * n + k]) }
                    let cellIn = Foundation.tanh(pre(layout.cellIn))
                    let i = sigmoid(pre(layout.input)), f = sigmoid(pre(layout.forget) + Double(forgetBias))
                    let o = sigmoid(pre(layout.output))
                    let cv = i * cellIn + f * Double(cPrev[b * n + k])
                    for (g, v) in [cellIn, i, f, o].enumerated() { acts[b * 4 * n + g * n + k] = Float(v) }
                    c[b * n + k] = Float(cv)
                    h[b * n + k] = Float(o * Foundation.tanh(cv))
                }
            }
        }

        /// Backward with the contract of `LstmCellStep.backward`.
        public static func backward(
            acts: UnsafePointer<Float>, c: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
            dh: UnsafePointer<Float>?, dc: UnsafePointer<Float>?, batch: Int, nCells n: Int, layout: Layout,
            dz: UnsafeMutablePointer<Float>, dcPrev: UnsafeMutablePointer<Float>
        ) {
            for b in 0..<batch {
                for k in 0..<n {
                    let a = (0..<4).map { Double(acts[b * 4 * n + $0 * n + k]) }
                    let (cellIn, i, f, o) = (a[0], a[1], a[2], a[3])
                    let tc = Foundation.tanh(Double(c[b * n + k]))
                    let dhv = dh.map { Double($0[b * n + k]) } ?? 0, dcv = dc.map { Double($0[b * n + k]) } ?? 0
                    let dcTot = dcv + dhv * o * (1 - tc * tc)
                    func put(_ block: Int, _ v: Double) { dz[b * 4 * n + block * n + k] = Float(v) }
                    put(layout.cellIn, dcTot * i * (1 - cellIn * cellIn))
                    put(layout.input, dcTot * cellIn * i * (1 - i))
                    put(layout.forget, dcTot * Double(cPrev[b * n + k]) * f * (1 - f))
                    put(layout.output, dhv * tc * o * (1 - o))
                    dcPrev[b * n + k] = Float(dcTot * f)
                }
            }
        }
    }
}
