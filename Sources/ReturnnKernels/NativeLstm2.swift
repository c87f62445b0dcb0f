import Foundation

/// The fused LSTM over a whole sequence batch with RETURNN's `NativeLstm2` semantics
/// (`returnn/native_op.py` class `NativeLstm2`; unit `"nativelstm2"`, the default for `"lstm"`).
///
/// Shape contract (all buffers dense, row-major, Float32; `T` time steps, `B` batch, `n` cells):
/// - `x`: `[T, B, 4n]`, the input projection including the bias (not modified).
/// - `wRe`: `[n, 4n]`, the recurrent matrix (RETURNN variable `W_re`).
/// - `y0`, `c0`: `[B, n]`, the initial output and cell state.
/// - `mask`: `[T, B]`, `1` for a valid frame, `0` for padding; only the values 0 and 1 are allowed.
/// - `direction`: `+1` walks `t = 0 ..< T`, `-1` walks `t = T-1 ... 0` (RETURNN `direction=-1`,
///   upstream `step=-1`); all buffers stay indexed by the real time `t`.
///
/// Gate layout along the `4n` axis: `[cellIn | input | forget | output]`, each block `n` wide.
/// Per step `t` (in direction order), with `yPrev`/`cPrev` the carried state (initially `y0`/`c0`):
/// - `H = x[t] + yPrev · wRe` (`[B, 4n]`);
/// - `cellIn = tanh(H0)`, `i = σ(H1)`, `f = σ(H2)`, `o = σ(H3)`; these four are stored in `gates[t]`;
/// - `cNew = i * cellIn + f * cPrev`; `c[t] = m * cNew + (1 - m) * cPrev` with `m = mask[t, b]`;
/// - `y[t] = m * o * tanh(cNew)` (so `0` on padding);
/// - carried state: `yPrev = y[t] + (1 - m) * yPrev`, `cPrev = c[t]`. No forget bias.
/// `finalY`/`finalC` are the carried state after the last step, i.e. the state after the last
/// valid frame of each sequence (`y0`/`c0` for a length-0 sequence). Upstream's output `d` is
/// `finalC`; `finalY` is the carried `y_prev` that upstream keeps internally.
///
/// The backward is exact with respect to masking: padding frames pass the gradient of the
/// carried state through unchanged, and `dWRe = Σ_t yPrev(t)ᵀ · dH(t)` uses the `y` that step
/// `t` really read (upstream uses `Y[t-1]`, which differs after a padding frame followed by a
/// valid one).
///
/// Work per step: forward does one GEMM `yPrev · wRe` (`[B, n] · [n, 4n]`, beta 0; with the SIMD
/// backend `wRe` is packed once per call, `Gemm.PackedB`) into `gates[t]`
/// and one fused `SIMD16<Float>` pass over `[B, n]` that adds `x[t]` and computes all four gates, the
/// cell, the output and the carried state; backward does one fused pass and one GEMM `dH · wReᵀ`,
/// then `dWRe` as a single GEMM over all `T * B` rows. Nothing is allocated inside the time loop
/// (backward allocates one `[T, B, n]` workspace per call for the `yPrev` rows).
///
/// The cell math uses the `SIMDMath` approximations of tanh/σ (max abs error 3e-7 / 1.5e-7), so
/// results differ from the libm-based `NativeLstm2.Naive` twin only by rounding.
public enum NativeLstm2 {
    /// Default minimum number of `[B, n]` elements per thread in the fused cell pass; smaller
    /// steps run the pass on the calling thread (a fork costs more than the work it would split).
    public static let defaultCellGrain = 1 << 13

    /// Forward pass over all time steps (see the type's contract for shapes and the masking rule).
    ///
    /// - Parameters:
    ///   - y: out `[T, B, n]`, the outputs (0 on padding frames).
    ///   - c: out `[T, B, n]`, the cell states (the carried state on padding frames).
    ///   - gates: out `[T, B, 4n]`, the activations `[cellIn | i | f | o]`, needed by `backward`.
    ///   - finalY: out `[B, n]`, the carried output after the last step.
    ///   - finalC: out `[B, n]`, the carried cell after the last step.
    ///   - threads: threads for the per-step GEMM and, for large `B * n`, the cell pass.
    ///   - backend: GEMM backend for the recurrent products.
    ///   - cellGrain: minimum `[B, n]` elements per thread before the cell pass is split.
    /// Outputs must not alias inputs or each other.
    public static func forward(
        x: UnsafePointer<Float>, wRe: UnsafePointer<Float>,
        y0: UnsafePointer<Float>, c0: UnsafePointer<Float>, mask: UnsafePointer<Float>,
        timeSteps: Int, batch: Int, nCells: Int, direction: Int,
        y: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, gates: UnsafeMutablePointer<Float>,
        finalY: UnsafeMutablePointer<Float>, finalC: UnsafeMutablePointer<Float>,
        threads: Int = Parallel.defaultThreads, backend: Gemm.Backend = .simd,
        cellGrain: Int = NativeLstm2.defaultCellGrain
    ) {
        precondition(timeSteps >= 0 && batch >= 0 && nCells >= 0, "NativeLstm2.forward: negative size")
        precondition(direction == 1 || direction == -1, "NativeLstm2.forward: direction must be +1 or -1")
        let n = nCells, g4 = 4 * nCells, bn = batch * nCells
        if bn == 0 { return }
        if timeSteps == 0 {
            finalY.update(from: y0, count: bn)
            finalC.update(from: c0, count: bn)
            return
        }
        // W_re is packed once for all steps (the SIMD backend); each step packs only yPrev.
        let packedW = backend == .simd ? Gemm.PackedB(transB: false, k: n, n: g4, b: wRe, ldb: g4) : nil
        // The carried y lives in finalY: after the last step it is the final output.
        for s in 0..<timeSteps {
            let t = direction > 0 ? s : timeSteps - 1 - s
            let tPrev = t - direction
            let h = gates + t * batch * g4
            let yPrev: UnsafePointer<Float> = s == 0 ? y0 : UnsafePointer(finalY)
            if let packedW {
                Gemm.sgemm(transA: false, m: batch, alpha: 1, a: yPrev, lda: n, packedB: packedW, beta: 0,
                           c: h, ldc: g4, threads: threads)
            } else {
                Gemm.sgemm(transA: false, transB: false, m: batch, n: g4, k: n,
                           alpha: 1, a: yPrev, lda: n, b: wRe, ldb: g4, beta: 0, c: h, ldc: g4,
                           threads: threads, backend: backend)
            }
            let cPrev: UnsafePointer<Float> = s == 0 ? c0 : UnsafePointer(c + tPrev * bn)
            let hP = SendablePointer(h), xP = SendablePointer(x + t * batch * g4)
            let ypP = SendablePointer(yPrev), cpP = SendablePointer(cPrev), mP = SendablePointer(mask + t * batch)
            let yP = SendablePointer(y + t * bn), cP = SendablePointer(c + t * bn)
            let carryP = SendablePointer(finalY)
            Parallel.forChunks(count: batch, threads: threads,
                               minPerThread: max(1, cellGrain / max(1, n))) { _, rows in
                cellForward(rows: rows, n: n, x: xP.p, gates: hP.p, mask: mP.p, yPrev: ypP.p, cPrev: cpP.p,
                            y: yP.p, c: cP.p, yCarry: carryP.p)
            }
        }
        let tLast = direction > 0 ? timeSteps - 1 : 0
        finalC.update(from: c + tLast * bn, count: bn)
    }

    /// Backward pass: gradients of a loss given the gradients of `y` (and optionally of the final
    /// state) w.r.t. `x`, `wRe`, `y0` and `c0`.
    ///
    /// Inputs are the forward's inputs and its outputs `y`, `c`, `gates` (same shapes, see the type);
    /// `dY` is `[T, B, n]`; `dFinalY`/`dFinalC` are `[B, n]` or `nil` for zero.
    /// - Parameters:
    ///   - dX: out `[T, B, 4n]`, the gradient w.r.t. the gate pre-activations (0 on padding).
    ///   - dWRe: out `[n, 4n]` (overwritten, not accumulated).
    ///   - dy0: out `[B, n]`.
    ///   - dc0: out `[B, n]`.
    ///   - threads: threads for the GEMMs and, for large `B * n`, the cell pass.
    ///   - backend: GEMM backend.
    ///   - cellGrain: minimum `[B, n]` elements per thread before the cell pass is split.
    /// Outputs must not alias inputs or each other.
    public static func backward(
        wRe: UnsafePointer<Float>, y0: UnsafePointer<Float>, c0: UnsafePointer<Float>,
        mask: UnsafePointer<Float>, timeSteps: Int, batch: Int, nCells: Int, direction: Int,
        y: UnsafePointer<Float>, c: UnsafePointer<Float>, gates: UnsafePointer<Float>,
        dY: UnsafePointer<Float>, dFinalY: UnsafePointer<Float>?, dFinalC: UnsafePointer<Float>?,
        dX: UnsafeMutablePointer<Float>, dWRe: UnsafeMutablePointer<Float>,
        dy0: UnsafeMutablePointer<Float>, dc0: UnsafeMutablePointer<Float>,
        threads: Int = Parallel.defaultThreads, backend: Gemm.Backend = .simd,
        cellGrain: Int = NativeLstm2.defaultCellGrain
    ) {
        precondition(timeSteps >= 0 && batch >= 0 && nCells >= 0, "NativeLstm2.backward: negative size")
        precondition(direction == 1 || direction == -1, "NativeLstm2.backward: direction must be +1 or -1")
        let n = nCells, g4 = 4 * nCells, bn = batch * nCells
        dWRe.update(repeating: 0, count: n * g4)
        if bn == 0 { return }
        // dy0/dc0 accumulate the gradient of the carried state while walking back in time.
        if let d = dFinalY { dy0.update(from: d, count: bn) } else { dy0.update(repeating: 0, count: bn) }
        if let d = dFinalC { dc0.update(from: d, count: bn) } else { dc0.update(repeating: 0, count: bn) }
        if timeSteps == 0 { return }
        // W_reᵀ is packed once for all steps (the SIMD backend).
        let packedWT = backend == .simd ? Gemm.PackedB(transB: true, k: g4, n: n, b: wRe, ldb: g4) : nil
        for s in stride(from: timeSteps - 1, through: 0, by: -1) {
            let t = direction > 0 ? s : timeSteps - 1 - s
            let tPrev = t - direction
            let cPrev: UnsafePointer<Float> = s == 0 ? c0 : c + tPrev * bn
            let gP = SendablePointer(gates + t * batch * g4), cP = SendablePointer(c + t * bn)
            let cpP = SendablePointer(cPrev), mP = SendablePointer(mask + t * batch)
            let dyP = SendablePointer(dY + t * bn), dxP = SendablePointer(dX + t * batch * g4)
            let dyAccP = SendablePointer(dy0), dcAccP = SendablePointer(dc0)
            Parallel.forChunks(count: batch, threads: threads,
                               minPerThread: max(1, cellGrain / max(1, n))) { _, rows in
                cellBackward(rows: rows, n: n, gates: gP.p, c: cP.p, cPrev: cpP.p, mask: mP.p, dY: dyP.p,
                             dyAcc: dyAccP.p, dcAcc: dcAccP.p, dH: dxP.p)
            }
            // dyPrev += dH · wReᵀ
            if let packedWT {
                Gemm.sgemm(transA: false, m: batch, alpha: 1, a: dX + t * batch * g4, lda: g4, packedB: packedWT,
                           beta: 1, c: dy0, ldc: n, threads: threads)
            } else {
                Gemm.sgemm(transA: false, transB: true, m: batch, n: n, k: g4,
                           alpha: 1, a: dX + t * batch * g4, lda: g4, b: wRe, ldb: g4, beta: 1, c: dy0, ldc: n,
                           threads: threads, backend: backend)
            }
        }
        // dWRe = Σ_t yPrev(t)ᵀ · dH(t) as one GEMM over all T*B rows.
        let yPrevAll = UnsafeMutablePointer<Float>.allocate(capacity: timeSteps * bn)
        defer { yPrevAll.deallocate() }
        gatherPreviousOutputs(y0: y0, mask: mask, y: y, timeSteps: timeSteps, batch: batch, nCells: n,
                              direction: direction, yPrev: yPrevAll)
        Gemm.sgemm(transA: true, transB: false, m: n, n: g4, k: timeSteps * batch,
                   alpha: 1, a: yPrevAll, lda: n, b: dX, ldb: g4, beta: 0, c: dWRe, ldc: g4,
                   threads: threads, backend: backend)
    }

    /// Writes `yPrev[t]` `[T, B, n]`: the carried output that step `t` read (`y0` for the first step;
    /// after a valid frame its `y`, after a padding frame the value carried into it).
    static func gatherPreviousOutputs(
        y0: UnsafePointer<Float>, mask: UnsafePointer<Float>, y: UnsafePointer<Float>,
        timeSteps: Int, batch: Int, nCells n: Int, direction: Int, yPrev: UnsafeMutablePointer<Float>
    ) {
        let bn = batch * n
        for s in 0..<timeSteps {
            let t = direction > 0 ? s : timeSteps - 1 - s
            let tPrev = t - direction
            for b in 0..<batch {
                let src: UnsafePointer<Float>
                if s == 0 {
                    src = y0 + b * n
                } else if mask[tPrev * batch + b] != 0 {
                    src = y + tPrev * bn + b * n
                } else {
                    src = UnsafePointer(yPrev + tPrev * bn + b * n)
                }
                (yPrev + t * bn + b * n).update(from: src, count: n)
            }
        }
    }

    // MARK: - Fused cell passes

    /// The fused forward cell update for rows `rows` of one step: `gates` (`[B, 4n]`) holds
    /// `yPrev · wRe` and is replaced by the activations of `x + gates` (`x` is `[B, 4n]`); writes
    /// `y`, `c` (`[B, n]`) and the carried output `yCarry` (`[B, n]`, may alias `yPrev`).
    @inline(__always)
    static func cellForward(
        rows: Range<Int>, n: Int, x: UnsafePointer<Float>, gates: UnsafeMutablePointer<Float>,
        mask: UnsafePointer<Float>,
        yPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        y: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, yCarry: UnsafeMutablePointer<Float>
    ) {
        let g4 = 4 * n
        let full = n & ~15
        for b in rows {
            let m = SIMD16<Float>(repeating: mask[b]), keep = 1 - m
            let h = gates + b * g4, xr = x + b * g4, o = b * n
            var j = 0
            while j < full {
                cellForwardVector(x: xr + j, h: h + j, n: n, mask: m, keep: keep, yPrev: yPrev + o + j,
                                  cPrev: cPrev + o + j, y: y + o + j, c: c + o + j, yCarry: yCarry + o + j,
                                  lanes: 16)
                j += 16
            }
            if j < n {
                cellForwardVector(x: xr + j, h: h + j, n: n, mask: m, keep: keep, yPrev: yPrev + o + j,
                                  cPrev: cPrev + o + j, y: y + o + j, c: c + o + j, yCarry: yCarry + o + j,
                                  lanes: n - j)
            }
        }
    }

    /// One vector (`lanes` ≤ 16 cells) of `cellForward`.
    @inline(__always)
    static func cellForwardVector(
        x: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, n: Int, mask m: SIMD16<Float>, keep: SIMD16<Float>,
        yPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        y: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, yCarry: UnsafeMutablePointer<Float>,
        lanes: Int
    ) {
        let cellIn = gateTanh(load(x, lanes) + load(h, lanes))
        let ig = gateSigmoid(load(x + n, lanes) + load(h + n, lanes))
        let fg = gateSigmoid(load(x + 2 * n, lanes) + load(h + 2 * n, lanes))
        let og = gateSigmoid(load(x + 3 * n, lanes) + load(h + 3 * n, lanes))
        let cp = load(cPrev, lanes)
        let cNew = ig * cellIn + fg * cp
        let cv = m * cNew + keep * cp
        let yv = m * og * gateTanh(cNew)
        let carried = yv + keep * load(yPrev, lanes)
        store(cellIn, h, lanes)
        store(ig, h + n, lanes)
        store(fg, h + 2 * n, lanes)
        store(og, h + 3 * n, lanes)
        store(cv, c, lanes)
        store(yv, y, lanes)
        store(carried, yCarry, lanes)
    }

    /// The fused backward cell pass for rows `rows` of one step. Reads the step's activations
    /// `gates` (`[B, 4n]`), its cell `c` and the previous cell `cPrev`; updates the carried-state
    /// gradients `dyAcc`, `dcAcc` (`[B, n]`) to those of the previous step (before adding
    /// `dH · wReᵀ` to `dyAcc`) and writes `dH` (`[B, 4n]`).
    @inline(__always)
    static func cellBackward(
        rows: Range<Int>, n: Int, gates: UnsafePointer<Float>, c: UnsafePointer<Float>,
        cPrev: UnsafePointer<Float>, mask: UnsafePointer<Float>, dY: UnsafePointer<Float>,
        dyAcc: UnsafeMutablePointer<Float>, dcAcc: UnsafeMutablePointer<Float>, dH: UnsafeMutablePointer<Float>
    ) {
        let g4 = 4 * n
        let full = n & ~15
        for b in rows {
            let m = SIMD16<Float>(repeating: mask[b]), keep = 1 - m
            let g = gates + b * g4, d = dH + b * g4, o = b * n
            var j = 0
            while j < full {
                cellBackwardVector(g: g + j, n: n, c: c + o + j, cPrev: cPrev + o + j, mask: m, keep: keep,
                                   dY: dY + o + j, dyAcc: dyAcc + o + j, dcAcc: dcAcc + o + j, dH: d + j,
                                   lanes: 16)
                j += 16
            }
            if j < n {
                cellBackwardVector(g: g + j, n: n, c: c + o + j, cPrev: cPrev + o + j, mask: m, keep: keep,
                                   dY: dY + o + j, dyAcc: dyAcc + o + j, dcAcc: dcAcc + o + j, dH: d + j,
                                   lanes: n - j)
            }
        }
    }

    /// One vector (`lanes` ≤ 16 cells) of `cellBackward`.
    @inline(__always)
    static func cellBackwardVector(
        g: UnsafePointer<Float>, n: Int, c: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        mask m: SIMD16<Float>, keep: SIMD16<Float>, dY: UnsafePointer<Float>,
        dyAcc: UnsafeMutablePointer<Float>, dcAcc: UnsafeMutablePointer<Float>, dH: UnsafeMutablePointer<Float>,
        lanes: Int
    ) {
        let cellIn = load(g, lanes)
        let ig = load(g + n, lanes)
        let fg = load(g + 2 * n, lanes)
        let og = load(g + 3 * n, lanes)
        let cp = load(cPrev, lanes)
        let dyCarry = load(UnsafePointer(dyAcc), lanes)
        let dcCarry = load(UnsafePointer(dcAcc), lanes)
        // On a valid frame c[t] is cNew; on padding every term below is multiplied by m = 0.
        let tc = gateTanh(load(c, lanes))
        let dyOut = m * (load(dY, lanes) + dyCarry)
        let dcNew = m * dcCarry + og * (1 - tc * tc) * dyOut
        store(dcNew * ig * (1 - cellIn * cellIn), dH, lanes)
        store(dcNew * cellIn * ig * (1 - ig), dH + n, lanes)
        store(dcNew * cp * fg * (1 - fg), dH + 2 * n, lanes)
        store(dyOut * tc * og * (1 - og), dH + 3 * n, lanes)
        store(dcNew * fg + keep * dcCarry, dcAcc, lanes)
        store(keep * dyCarry, dyAcc, lanes)
    }

    // MARK: - Vector helpers

    /// Loads `lanes` floats (16 with one vector load, fewer lane by lane with zero fill).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ lanes: Int) -> SIMD16<Float> {
        if lanes == 16 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }
        var v = SIMD16<Float>(repeating: 0)
        for l in 0..<lanes { v[l] = p[l] }
        return v
    }

    /// Loads `lanes` floats from a mutable buffer.
    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ lanes: Int) -> SIMD16<Float> {
        load(UnsafePointer(p), lanes)
    }

    /// Stores the first `lanes` floats of `v`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
            return
        }
        for l in 0..<lanes { p[l] = v[l] }
    }

    // MARK: - Gate nonlinearities

    /// tanh of the cell input and cell state: `SIMDMath.tanh` (max abs error 3e-7 vs libm).
    @inline(__always)
    static func gateTanh(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.tanh(x) }

    /// Logistic sigmoid of the gates: `SIMDMath.sigmoid` (max abs error 1.5e-7 vs libm).
    @inline(__always)
    static func gateSigmoid(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.sigmoid(x) }
}
