import Testing
@testable import ReturnnTensor

/// scaledGradient: identity forward, scaled (and reversed, stopped) gradient.
@Suite struct TapeScaledGradientTests {
    @Test(arguments: [Float(-0.5), 2, 0])
    func identityForwardScaledBackward(_ scale: Float) {
        let x = randomTensor([2, 3], seed: 6)
        let tape = Tape()
        let v = tape.leaf(x, name: "x")
        let y = tape.scaledGradient(v, scale: scale)
        #expect(y.value == x)
        let r = randomTensor([2, 3], seed: 7)
        let loss = tape.reduce(tape.mul(tape.square(y), Variable(r)), .sum, axes: [0, 1])
        let g = tape.backward(loss)["x"]!
        for i in 0..<x.count { #expect(Swift.abs(g.array[i] - scale * 2 * x.array[i] * r.array[i]) < 1e-6) }
    }
}
