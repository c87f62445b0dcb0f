import Foundation
import Testing
@testable import ReturnnTensor

/// Small deterministic generator (SplitMix64) for test data.
struct TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        let u = Float(next() >> 40) / Float(1 << 24)
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }
}

/// A tensor of `shape` with values uniform in `range`, optionally kept at least `gap` away from 0
/// (for functions with a kink at 0).
func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1, awayFromZero gap: Float = 0) -> Tensor {
    var rng = TestRNG(seed: seed)
    let n = shape.reduce(1, *)
    let v: [Float] = (0..<n).map { _ in
        var x = rng.uniform(range)
        if gap > 0 && Swift.abs(x) < gap { x = x < 0 ? x - gap : x + gap }
        return x
    }
    return Tensor(shape: shape, v)
}

/// `sum(y * r)` in Double.
func dot(_ y: Tensor, _ r: Tensor) -> Double {
    var s = 0.0
    for i in 0..<y.count { s += Double(y.pointer[i]) * Double(r.pointer[i]) }
    return s
}

/// Central finite-difference gradient check of `f` with respect to every element of every input.
///
/// The loss is a fixed random projection of the output, `L = sum(f(x) * R)`: the tape's gradient
/// (from `backward(y, seed: R)`) is compared with `(L(x + h e_j) - L(x - h e_j)) / 2h` computed
/// with a no-grad tape, in Float. Passes when `|numeric - analytic| <= tolerance * max(1, |numeric|)`.
func checkGradients(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 5e-3,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: (Tape, [Variable]) -> Variable
) {
    let tape = Tape()
    let vars = inputs.enumerated().map { tape.leaf($0.element, name: "in\($0.offset)") }
    let y = f(tape, vars)
    #expect(y.requiresGradient, "output does not depend on the inputs", sourceLocation: sourceLocation)
    let r = randomTensor(y.shape, seed: 977)
    let grads = tape.backward(y, seed: r)
    // The no-grad forward must give the same values as the recorded one.
    let plain = f(Tape(recording: false), inputs.map { Variable($0) })
    #expect(plain.value.array == y.value.array, "no-grad forward differs", sourceLocation: sourceLocation)
    for (i, x) in inputs.enumerated() {
        guard let g = grads["in\(i)"] else {
            Issue.record("no gradient for input \(i)", sourceLocation: sourceLocation)
            continue
        }
        #expect(g.shape == x.shape, "gradient shape \(g.shape) for input \(x.shape)", sourceLocation: sourceLocation)
        var worst: (err: Float, j: Int, num: Float, ana: Float) = (0, -1, 0, 0)
        for j in 0..<x.count {
            var xp = x, xm = x
            xp.withUnsafeMutableBufferPointer { $0[j] += step }
            xm.withUnsafeMutableBufferPointer { $0[j] -= step }
            var argsP = inputs.map { Variable($0) }, argsM = argsP
            argsP[i] = Variable(xp)
            argsM[i] = Variable(xm)
            let lp = dot(f(Tape(recording: false), argsP).value, r)
            let lm = dot(f(Tape(recording: false), argsM).value, r)
            let num = Float((lp - lm) / (2 * Double(step)))
            let ana = g.pointer[j]
            let err = Swift.abs(num - ana) / Swift.max(1, Swift.abs(num))
            if err > worst.err { worst = (err, j, num, ana) }
        }
        #expect(worst.err <= tolerance,
                "input \(i) element \(worst.j): numeric \(worst.num) vs tape \(worst.ana)", sourceLocation: sourceLocation)
    }
}

/// Element-wise closeness of two tensors (same shape, `|a - b| <= tol * max(1, |b|)`).
func expectClose(_ a: Tensor, _ b: Tensor, tol: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    guard a.shape == b.shape else { return }
    var worst: Float = 0
    var at = -1
    for i in 0..<a.count {
        let e = Swift.abs(a.pointer[i] - b.pointer[i]) / Swift.max(1, Swift.abs(b.pointer[i]))
        if e > worst { worst = e; at = i }
    }
    #expect(worst <= tol, "element \(at): \(at >= 0 ? a.pointer[at] : 0) vs \(at >= 0 ? b.pointer[at] : 0)",
            sourceLocation: sourceLocation)
}
