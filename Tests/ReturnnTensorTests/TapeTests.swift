import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// The tape itself: leaves, accumulation, no-grad mode, multi-output ops and custom primitives.
@Suite struct TapeTests {
    // Shape and index errors inside tape ops are precondition failures (layers validate shapes at
    // construction and throw typed errors there); these exit tests pin that contract down.

    @Test func incompatibleBroadcastTraps() async {
        await #expect(processExitsWith: .failure) {
            let t = Tape(recording: false)
            _ = t.add(Variable(Tensor(zeros: [2, 3])), Variable(Tensor(zeros: [4])))
        }
    }

    @Test func matmulInnerDimensionMismatchTraps() async {
        await #expect(processExitsWith: .failure) {
            let t = Tape(recording: false)
            _ = t.matmul(Variable(Tensor(zeros: [2, 3])), Variable(Tensor(zeros: [4, 5])))
        }
    }

    @Test func gatherIndexOutOfRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            let t = Tape(recording: false)
            _ = t.gather(Variable(Tensor(zeros: [3, 2])), indices: IntTensor([0, 3]))
        }
    }

    @Test func secondBackwardTraps() async {
        await #expect(processExitsWith: .failure) {
            let t = Tape()
            let x = t.leaf(Tensor([1, 2]))
            let l = t.reduce(x, .sum, axes: [0])
            _ = t.backward(l)
            _ = t.backward(l)
        }
    }

    @Test func variableFromAnotherTapeTraps() async {
        await #expect(processExitsWith: .failure) {
            let a = Tape()
            let x = a.leaf(Tensor([1, 2]))
            let b = Tape()
            _ = b.leaf(Tensor(zeros: [3]))
            _ = b.tanh(x)
        }
    }


    @Test func gradientsByNameAndVariable() {
        let tape = Tape()
        let w = tape.leaf(Tensor(shape: [2], [3, -1]), name: "output/W")
        let unused = tape.leaf(Tensor(shape: [2, 2], repeating: 1), name: "other/b")
        let x = Variable(Tensor(shape: [2], [0.5, 2]))
        let loss = tape.reduce(tape.mul(w, x), .sum, axes: [0])
        #expect(loss.value.scalar == 3 * 0.5 - 2)
        let g = tape.backward(loss)
        #expect(g["output/W"]?.array == [0.5, 2])
        #expect(g[w]?.array == [0.5, 2])
        #expect(g["other/b"]?.array == [0, 0, 0, 0])  // unreached leaf: zero gradient
        #expect(g[unused]?.shape == [2, 2])
        #expect(g["missing"] == nil)
        #expect(g[x] == nil)
    }

    @Test func accumulatesOverMultipleUses() {
        // f(x) = sum(x*x + 3x + x), df/dx = 2x + 4: x feeds three ops.
        let tape = Tape()
        let xv = Tensor(shape: [3], [1, -2, 0.5])
        let x = tape.leaf(xv)
        let y = tape.add(tape.add(tape.mul(x, x), tape.scale(x, by: 3)), x)
        let g = tape.backward(tape.reduce(y, .sum, axes: [0]))
        #expect(g[x]?.array == [6, 0, 5])
        #expect(x.value.array == [1, -2, 0.5])  // forward values untouched by gradient accumulation
    }

    @Test func sharedStorageIsNotCorrupted() {
        // reshape shares storage and its rule adopts the output gradient; later accumulation
        // must copy instead of writing into the other value's gradient.
        let tape = Tape()
        let x = tape.leaf(Tensor(shape: [2, 2], [1, 2, 3, 4]))
        let r1 = tape.reshape(x, [4])
        let r2 = tape.reshape(x, [4])
        let y = tape.add(tape.scale(r1, by: 2), tape.mul(r2, r2))
        let g = tape.backward(tape.reduce(y, .sum, axes: [0]))
        #expect(g[x]?.array == [4, 6, 8, 10])
        #expect(x.value.array == [1, 2, 3, 4])
    }

    @Test func noGradModeRecordsNothing() {
        let tape = Tape(recording: false)
        let w = tape.leaf(Tensor(shape: [2, 2], [1, 2, 3, 4]), name: "W")
        #expect(!w.requiresGradient)
        let y = tape.tanh(tape.matmul(Variable(Tensor(shape: [1, 2], [1, 1])), w))
        #expect(tape.recordedOpCount == 0 && !y.requiresGradient)
        let recording = Tape()
        let w2 = recording.leaf(w.value)
        let y2 = recording.tanh(recording.matmul(Variable(Tensor(shape: [1, 2], [1, 1])), w2))
        #expect(recording.recordedOpCount == 2)
        #expect(y.value.array == y2.value.array)
    }

    @Test func constantOnlyOpsAreNotRecorded() {
        let tape = Tape()
        let c = tape.exp(Variable(Tensor([1, 2])))
        #expect(tape.recordedOpCount == 0 && !c.requiresGradient)
        let p = tape.leaf(Tensor([1, 1]))
        _ = tape.mul(c, p)
        #expect(tape.recordedOpCount == 1)
    }

    @Test func multiOutputWithUnusedOutput() {
        let tape = Tape()
        let x = tape.leaf(Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]))
        let parts = tape.split(x, axis: 1, sizes: [1, 2])
        #expect(parts[0].value.array == [1, 4] && parts[1].value.array == [2, 3, 5, 6])
        let g = tape.backward(tape.reduce(parts[1], .sum, axes: [0, 1]))
        #expect(g[x]?.array == [0, 1, 1, 0, 1, 1])
    }

    @Test func lossOutsideTheTapeGivesZeros() {
        let tape = Tape()
        let p = tape.leaf(Tensor([1, 2]), name: "p")
        let g = tape.backward(Variable(Tensor(scalar: 5)))
        #expect(g["p"]?.array == [0, 0])
        _ = p
    }

    /// A primitive defined outside the library through `record`, as the LSTM op will be: two
    /// inputs, two outputs, a custom rule. f(a, b) = (a*b, a + b*b).
    static func customOp(_ tape: Tape, _ a: Variable, _ b: Variable) -> [Variable] {
        let n = a.value.count
        let y0 = Tensor(shape: a.shape, (0..<n).map { a.value.pointer[$0] * b.value.pointer[$0] })
        let y1 = Tensor(shape: a.shape, (0..<n).map { a.value.pointer[$0] + b.value.pointer[$0] * b.value.pointer[$0] })
        let av = a.value, bv = b.value
        return tape.record(inputs: [a, b], outputs: [y0, y1]) { ctx in
            let g0 = ctx.outputGradientOrZeros(0), g1 = ctx.outputGradientOrZeros(1)
            if ctx.needsGradient(0) {
                let da = ctx.gradientBuffer(0)
                for i in 0..<n { da[i] += g0.pointer[i] * bv.pointer[i] + g1.pointer[i] }
            }
            if ctx.needsGradient(1) {
                let db = Tensor(shape: bv.shape, (0..<n).map {
                    g0.pointer[$0] * av.pointer[$0] + 2 * bv.pointer[$0] * g1.pointer[$0]
                })
                ctx.accumulate(1, db)
            }
        }
    }

    @Test func customMultiOutputPrimitive() {
        checkGradients([randomTensor([2, 3], seed: 1), randomTensor([2, 3], seed: 2)]) { t, v in
            let outs = Self.customOp(t, v[0], v[1])
            return t.concat([t.tanh(outs[0]), outs[1]], axis: 0)
        }
        // Only the second output used: the rule sees zeros for the first.
        checkGradients([randomTensor([3], seed: 3), randomTensor([3], seed: 4)]) { t, v in
            Self.customOp(t, v[0], v[1])[1]
        }
    }
}
