import Foundation

extension NativeLstm2 {
    /// Naive twin of `NativeLstm2`: plain scalar step-by-step loops with libm `tanh`/`exp` and
    /// Double arithmetic, the test oracle for the fused kernel.
    ///
    /// Same shape contract, gate order `[cellIn | input | forget | output]` and masking rule as
    /// `NativeLstm2` (see there); it is written independently of the fused kernel.
    public enum Naive {
        /// Forward outputs in Double, each a flat row-major array.
        struct Outputs {
            /// `[T, B, n]` outputs.
            var y: [Double]
            /// `[T, B, n]` cell states.
            var c: [Double]
            /// `[T, B, 4n]` gate activations.
            var gates: [Double]
            /// `[B, n]` carried output after the last step.
            var finalY: [Double]
            /// `[B, n]` carried cell after the last step.
            var finalC: [Double]
        }

        /// Forward pass with the contract of `NativeLstm2.forward`.
        public static func forward(
            x: UnsafePointer<Float>, wRe: UnsafePointer<Float>,
            y0: UnsafePointer<Float>, c0: UnsafePointer<Float>, mask: UnsafePointer<Float>,
            timeSteps: Int, batch: Int, nCells: Int, direction: Int,
            y: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, gates: UnsafeMutablePointer<Float>,
            finalY: UnsafeMutablePointer<Float>, finalC: UnsafeMutablePointer<Float>
        ) {
            precondition(timeSteps >= 0 && batch >= 0 && nCells >= 0, "NativeLstm2.Naive.forward: negative size")
            precondition(direction == 1 || direction == -1, "NativeLstm2.Naive.forward: direction must be +1 or -1")
            let tbn = timeSteps * batch * nCells, bn = batch * nCells
            let out = forwardDouble(
                x: doubles(x, tbn * 4), wRe: doubles(wRe, nCells * nCells * 4), y0: doubles(y0, bn),
                c0: doubles(c0, bn), mask: doubles(mask, timeSteps * batch),
                timeSteps: timeSteps, batch: batch, nCells: nCells, direction: direction)
            for k in 0..<tbn {
                y[k] = Float(out.y[k])
                c[k] = Float(out.c[k])
            }
            for k in 0..<(4 * tbn) { gates[k] = Float(out.gates[k]) }
            for k in 0..<bn {
                finalY[k] = Float(out.finalY[k])
                finalC[k] = Float(out.finalC[k])
            }
        }

        /// Backward pass with the contract of `NativeLstm2.backward`.
        public static func backward(
            wRe: UnsafePointer<Float>, y0: UnsafePointer<Float>, c0: UnsafePointer<Float>,
            mask: UnsafePointer<Float>, timeSteps: Int, batch: Int, nCells: Int, direction: Int,
            y: UnsafePointer<Float>, c: UnsafePointer<Float>, gates: UnsafePointer<Float>,
            dY: UnsafePointer<Float>, dFinalY: UnsafePointer<Float>?, dFinalC: UnsafePointer<Float>?,
            dX: UnsafeMutablePointer<Float>, dWRe: UnsafeMutablePointer<Float>,
            dy0: UnsafeMutablePointer<Float>, dc0: UnsafeMutablePointer<Float>
        ) {
            precondition(timeSteps >= 0 && batch >= 0 && nCells >= 0, "NativeLstm2.Naive.backward: negative size")
            precondition(direction == 1 || direction == -1, "NativeLstm2.Naive.backward: direction must be +1 or -1")
            let tbn = timeSteps * batch * nCells, bn = batch * nCells
            let grads = backwardDouble(
                wRe: doubles(wRe, nCells * nCells * 4), y0: doubles(y0, bn), c0: doubles(c0, bn),
                mask: doubles(mask, timeSteps * batch), timeSteps: timeSteps, batch: batch, nCells: nCells,
                direction: direction, y: doubles(y, tbn), c: doubles(c, tbn), gates: doubles(gates, 4 * tbn),
                dY: doubles(dY, tbn), dFinalY: dFinalY.map { doubles($0, bn) } ?? [Double](repeating: 0, count: bn),
                dFinalC: dFinalC.map { doubles($0, bn) } ?? [Double](repeating: 0, count: bn))
            for k in 0..<(4 * tbn) { dX[k] = Float(grads.dX[k]) }
            for k in 0..<(4 * nCells * nCells) { dWRe[k] = Float(grads.dWRe[k]) }
            for k in 0..<bn {
                dy0[k] = Float(grads.dy0[k])
                dc0[k] = Float(grads.dc0[k])
            }
        }

        /// Reads `count` floats as Doubles.
        static func doubles(_ p: UnsafePointer<Float>, _ count: Int) -> [Double] {
            (0..<count).map { Double(p[$0]) }
        }

        /// Logistic sigmoid with libm `exp`.
        static func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }

        /// The forward recursion in Double; see `NativeLstm2` for the rule.
        static func forwardDouble(
            x: [Double], wRe: [Double], y0: [Double], c0: [Double], mask: [Double],
            timeSteps: Int, batch: Int, nCells n: Int, direction: Int
        ) -> Outputs {
            var out = Outputs(
                y: [Double](repeating: 0, count: timeSteps * batch * n),
                c: [Double](repeating: 0, count: timeSteps * batch * n),
                gates: [Double](repeating: 0, count: timeSteps * batch * 4 * n),
                finalY: y0, finalC: c0)
            var yPrev = y0, cPrev = c0
            let order = direction > 0 ? Array(0..<timeSteps) : Array((0..<timeSteps).reversed())
            for t in order {
                for b in 0..<batch {
                    let m = mask[t * batch + b]
                    for j in 0..<n {
                        var pre = [Double](repeating: 0, count: 4)
                        for gate in 0..<4 {
                            let col = gate * n + j
                            var acc = x[(t * batch + b) * 4 * n + col]
                            for k in 0..<n { acc += yPrev[b * n + k] * wRe[k * 4 * n + col] }
                            pre[gate] = acc
                        }
                        let cellIn = tanh(pre[0])
                        let inGate = sigmoid(pre[1]), forgetGate = sigmoid(pre[2]), outGate = sigmoid(pre[3])
                        let gBase = (t * batch + b) * 4 * n + j
                        out.gates[gBase] = cellIn
                        out.gates[gBase + n] = inGate
                        out.gates[gBase + 2 * n] = forgetGate
                        out.gates[gBase + 3 * n] = outGate
                        let cOld = cPrev[b * n + j]
                        let cNew = inGate * cellIn + forgetGate * cOld
                        let idx = (t * batch + b) * n + j
                        out.c[idx] = m * cNew + (1 - m) * cOld
                        out.y[idx] = m * outGate * tanh(cNew)
                    }
                }
                // Carry the state only after the whole step read the previous one.
                for b in 0..<batch {
                    let m = mask[t * batch + b]
                    for j in 0..<n {
                        let idx = (t * batch + b) * n + j
                        yPrev[b * n + j] = out.y[idx] + (1 - m) * yPrev[b * n + j]
                        cPrev[b * n + j] = out.c[idx]
                    }
                }
            }
            out.finalY = yPrev
            out.finalC = cPrev
            return out
        }

        /// Gradients in Double.
        struct Gradients {
            /// `[T, B, 4n]`.
            var dX: [Double]
            /// `[n, 4n]`.
            var dWRe: [Double]
            /// `[B, n]`.
            var dy0: [Double]
            /// `[B, n]`.
            var dc0: [Double]
        }

        /// Backpropagation through time in Double, from the forward's stored outputs.
        static func backwardDouble(
            wRe: [Double], y0: [Double], c0: [Double], mask: [Double],
            timeSteps: Int, batch: Int, nCells n: Int, direction: Int,
            y: [Double], c: [Double], gates: [Double], dY: [Double], dFinalY: [Double], dFinalC: [Double]
        ) -> Gradients {
            let bn = batch * n
            var grads = Gradients(
                dX: [Double](repeating: 0, count: timeSteps * bn * 4),
                dWRe: [Double](repeating: 0, count: n * 4 * n), dy0: dFinalY, dc0: dFinalC)
            let order = direction > 0 ? Array(0..<timeSteps) : Array((0..<timeSteps).reversed())
            // Replay the carried states: the y and c each step read.
            var yIn = [[Double]](), cIn = [[Double]]()
            var yCur = y0, cCur = c0
            for t in order {
                yIn.append(yCur)
                cIn.append(cCur)
                for b in 0..<batch where mask[t * batch + b] != 0 {
                    for j in 0..<n {
                        yCur[b * n + j] = y[(t * batch + b) * n + j]
                        cCur[b * n + j] = c[(t * batch + b) * n + j]
                    }
                }
            }
            var dyCarry = dFinalY, dcCarry = dFinalC
            for s in stride(from: timeSteps - 1, through: 0, by: -1) {
                let t = order[s]
                var dyPrev = [Double](repeating: 0, count: bn)
                var dcPrev = [Double](repeating: 0, count: bn)
                for b in 0..<batch {
                    let m = mask[t * batch + b]
                    for j in 0..<n {
                        let idx = b * n + j
                        if m == 0 {
                            // Padding: the state passes through unchanged, so does its gradient.
                            dyPrev[idx] += dyCarry[idx]
                            dcPrev[idx] += dcCarry[idx]
                            continue
                        }
                        let gBase = (t * batch + b) * 4 * n + j
                        let cellIn = gates[gBase], inGate = gates[gBase + n]
                        let forgetGate = gates[gBase + 2 * n], outGate = gates[gBase + 3 * n]
                        let cOld = cIn[s][idx]
                        let cNew = inGate * cellIn + forgetGate * cOld
                        let tanhC = tanh(cNew)
                        let dOut = dY[(t * batch + b) * n + j] + dyCarry[idx]
                        let dC = dcCarry[idx] + dOut * outGate * (1 - tanhC * tanhC)
                        grads.dX[gBase] = dC * inGate * (1 - cellIn * cellIn)
                        grads.dX[gBase + n] = dC * cellIn * inGate * (1 - inGate)
                        grads.dX[gBase + 2 * n] = dC * cOld * forgetGate * (1 - forgetGate)
                        grads.dX[gBase + 3 * n] = dOut * tanhC * outGate * (1 - outGate)
                        dcPrev[idx] += dC * forgetGate
                    }
                }
                // Through H = x + yPrev · wRe: dyPrev += dH · wReᵀ, dWRe += yPrevᵀ · dH.
                for b in 0..<batch {
                    let dhBase = (t * batch + b) * 4 * n
                    for k in 0..<n {
                        var acc = 0.0
                        let yk = yIn[s][b * n + k]
                        for col in 0..<(4 * n) {
                            let dh = grads.dX[dhBase + col]
                            acc += dh * wRe[k * 4 * n + col]
                            grads.dWRe[k * 4 * n + col] += yk * dh
                        }
                        dyPrev[b * n + k] += acc
                    }
                }
                dyCarry = dyPrev
                dcCarry = dcPrev
            }
            grads.dy0 = dyCarry
            grads.dc0 = dcCarry
            return grads
        }
    }
}
