import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// The fused LSTM primitive on the tape: values match the naive kernel twin, gradients match
/// finite differences for every input, both directions, with padding.
@Suite struct TapeNativeLstm2Tests {
    static let (t, b, n) = (4, 3, 5)
    /// Seq lengths 4, 2, 0 as a time-major mask.
    static let mask = Tensor(shape: [t, b], [1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0])

    /// All three outputs flattened into one vector, for the gradient check.
    static func flatOutputs(_ tape: Tape, _ o: Tape.LstmOutputs) -> Variable {
        tape.concat([tape.reshape(o.y, [-1]), tape.reshape(o.finalY, [-1]), tape.reshape(o.finalC, [-1])], axis: 0)
    }

    @Test(arguments: [1, -1])
    func valuesMatchNaiveKernel(direction: Int) {
        let (t, b, n) = (Self.t, Self.b, Self.n)
        let x = randomTensor([t, b, 4 * n], seed: 1, range: -2...2)
        let w = randomTensor([n, 4 * n], seed: 2, range: -0.5...0.5)
        let y0 = randomTensor([b, n], seed: 3), c0 = randomTensor([b, n], seed: 4)
        let out = Tape(recording: false).nativeLstm2(
            x: Variable(x), wRe: Variable(w), y0: Variable(y0), c0: Variable(c0), mask: Self.mask, direction: direction)
        var y = [Float](repeating: 0, count: t * b * n), c = y, g = [Float](repeating: 0, count: t * b * 4 * n)
        var fy = [Float](repeating: 0, count: b * n), fc = fy
        NativeLstm2.Naive.forward(
            x: x.pointer, wRe: w.pointer, y0: y0.pointer, c0: c0.pointer, mask: Self.mask.pointer,
            timeSteps: t, batch: b, nCells: n, direction: direction, y: &y, c: &c, gates: &g, finalY: &fy, finalC: &fc)
        expectClose(out.y.value, Tensor(shape: [t, b, n], y), tol: 2e-5)
        expectClose(out.finalY.value, Tensor(shape: [b, n], fy), tol: 2e-5)
        expectClose(out.finalC.value, Tensor(shape: [b, n], fc), tol: 2e-5)
        // Padded frames output 0; the empty sequence keeps its initial state.
        #expect((0..<n).allSatisfy { out.y.value[3, 1, $0] == 0 && out.y.value[0, 2, $0] == 0 })
        #expect((0..<n).allSatisfy { out.finalC.value[2, $0] == c0[2, $0] })
    }

    @Test(arguments: [1, -1])
    func gradientsMatchFiniteDifferences(direction: Int) {
        let (t, b, n) = (Self.t, Self.b, Self.n)
        let inputs = [randomTensor([t, b, 4 * n], seed: 11), randomTensor([n, 4 * n], seed: 12, range: -0.5...0.5),
                      randomTensor([b, n], seed: 13), randomTensor([b, n], seed: 14)]
        checkGradients(inputs, step: 1e-2, tolerance: 5e-3) { tape, v in
            Self.flatOutputs(tape, tape.nativeLstm2(x: v[0], wRe: v[1], y0: v[2], c0: v[3], mask: Self.mask,
                                                    direction: direction))
        }
    }

    @Test func zeroInitialStatesAreConstants() {
        let (t, b, n) = (Self.t, Self.b, Self.n)
        let inputs = [randomTensor([t, b, 4 * n], seed: 21), randomTensor([n, 4 * n], seed: 22, range: -0.5...0.5)]
        checkGradients(inputs) { tape, v in
            tape.reduce(tape.nativeLstm2(x: v[0], wRe: v[1], mask: Self.mask, direction: 1).y, .sum, axes: [0])
        }
    }
}
