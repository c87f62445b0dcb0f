import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// Elementwise primitives: forward values, broadcasting, and finite-difference gradients.
@Suite struct TapeArithmeticTests {
    @Test func broadcastForward() {
        let t = Tape(recording: false)
        let a = Variable(Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]))
        let b = Variable(Tensor([10, 20, 30]))
        #expect(t.add(a, b).value.array == [11, 22, 33, 14, 25, 36])
        #expect(t.sub(a, Variable(Tensor(shape: [2, 1], [1, 2]))).value.array == [0, 1, 2, 2, 3, 4])
        #expect(t.mul(Variable(Tensor(scalar: 2)), a).value.array == [2, 4, 6, 8, 10, 12])
        #expect(t.div(a, Variable(Tensor(shape: [2, 1], [1, 2]))).value.array == [1, 2, 3, 2, 2.5, 3])
        #expect(t.add(Variable(Tensor(shape: [2, 1], [1, 2])), b).value.shape == [2, 3])
        #expect(t.scale(a, by: -0.5).value.array == [-0.5, -1, -1.5, -2, -2.5, -3])
    }

    static let shapePairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3, 4], [4]), ([2, 3, 4], [2, 1, 4]), ([3, 1], [2, 1, 4]), ([2, 3], []),
    ]

    @Test(arguments: shapePairs)
    func addSubGradients(_ p: ([Int], [Int])) {
        let a = randomTensor(p.0, seed: 1), b = randomTensor(p.1, seed: 2)
        checkGradients([a, b]) { t, v in t.add(v[0], v[1]) }
        checkGradients([a, b]) { t, v in t.sub(v[0], v[1]) }
    }

    @Test(arguments: shapePairs)
    func mulDivGradients(_ p: ([Int], [Int])) {
        let a = randomTensor(p.0, seed: 3), b = randomTensor(p.1, seed: 4, range: 0.5...1.5)
        checkGradients([a, b]) { t, v in t.mul(v[0], v[1]) }
        checkGradients([a, b]) { t, v in t.div(v[0], v[1]) }
        checkGradients([b, a]) { t, v in t.mul(v[0], v[1]) }
    }

    @Test func scaleGradient() {
        checkGradients([randomTensor([3, 2], seed: 5)]) { t, v in t.scale(v[0], by: -2.5) }
    }

    @Test(arguments: UnaryOp.allCases)
    func unaryGradient(_ op: UnaryOp) {
        let positive: Set<UnaryOp> = [.log, .sqrt]
        let x = positive.contains(op)
            ? randomTensor([2, 5], seed: 6, range: 0.5...2)
            : randomTensor([2, 5], seed: 6, range: -2...2, awayFromZero: 0.1)
        checkGradients([x], step: 1e-3) { t, v in t.unary(op, v[0]) }
        // Forward matches the scalar definition.
        let y = Tape(recording: false).unary(op, Variable(x))
        let ref = Tensor(shape: x.shape, x.array.map { Elementwise.Naive.apply(op, $0) })
        expectClose(y.value, ref, tol: 1e-5)
    }

    @Test func namedActivationsAreTheUnaryOps() {
        let t = Tape(recording: false)
        let x = Variable(randomTensor([4], seed: 7, range: 0.2...1))
        let pairs: [(Variable, UnaryOp)] = [
            (t.neg(x), .neg), (t.abs(x), .abs), (t.exp(x), .exp), (t.log(x), .log), (t.sqrt(x), .sqrt),
            (t.square(x), .square), (t.tanh(x), .tanh), (t.sigmoid(x), .sigmoid), (t.relu(x), .relu),
            (t.elu(x), .elu), (t.softplus(x), .softplus),
        ]
        for (y, op) in pairs { #expect(y.value.array == t.unary(op, x).value.array) }
    }
}
