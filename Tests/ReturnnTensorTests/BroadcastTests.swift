import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// Numpy broadcasting rules and the buffer helpers, against index-by-index references.
@Suite struct BroadcastTests {
    @Test func shapeRules() {
        #expect(Broadcast.shape([2, 3, 4], [4]) == [2, 3, 4])
        #expect(Broadcast.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
        #expect(Broadcast.shape([], [5, 2]) == [5, 2])
        #expect(Broadcast.shape([1], [0]) == [0])
        #expect(Broadcast.shape([2, 3], [3, 2]) == nil)
        #expect(Broadcast.shape([4], [5]) == nil)
        #expect(Broadcast.broadcasts([1, 4], to: [3, 4]))
        #expect(!Broadcast.broadcasts([3, 4], to: [1, 4]))
    }

    /// Reads `t` at output multi-index `idx` under broadcasting.
    static func read(_ t: Tensor, _ idx: [Int]) -> Float {
        var o = 0
        let lead = idx.count - t.rank
        for (k, d) in t.shape.enumerated() { o = o * d + (d == 1 ? 0 : idx[lead + k]) }
        return t.pointer[o]
    }

    /// All multi-indices of `shape` in row-major order.
    static func indices(_ shape: [Int]) -> [[Int]] {
        var out: [[Int]] = [[]]
        for d in shape { out = out.flatMap { p in (0..<d).map { p + [$0] } } }
        return out
    }

    static let pairs: [([Int], [Int])] = [
        ([2, 3, 4], [4]), ([2, 3, 4], [2, 1, 4]), ([2, 1, 4], [3, 1]), ([3, 1], [2, 3, 4]),
        ([2, 3], []), ([4, 1, 2], [1, 3, 1]), ([5], [5]),
    ]

    @Test(arguments: pairs)
    func binaryMatchesIndexwise(_ p: ([Int], [Int])) {
        let a = randomTensor(p.0, seed: 1), b = randomTensor(p.1, seed: 2, range: 0.5...2)
        let out = Broadcast.shape(p.0, p.1)!
        for op in [BinaryOpCase.add, .sub, .mul, .div] {
            let y = Broadcast.binary(op.kernel, a, b, outShape: out)
            let ref = Self.indices(out).map { op.apply(Self.read(a, $0), Self.read(b, $0)) }
            expectClose(y, Tensor(shape: out, ref))
        }
        let e = Broadcast.expand(b, to: out)
        #expect(e.array == Self.indices(out).map { Self.read(b, $0) })
    }

    @Test(arguments: pairs)
    func accumulateSumIsAdjointOfExpand(_ p: ([Int], [Int])) {
        let out = Broadcast.shape(p.0, p.1)!
        let g = randomTensor(out, seed: 3)
        var dst = [Float](repeating: 1, count: p.1.reduce(1, *))
        Broadcast.accumulateSum(g.pointer, from: out, to: p.1, into: &dst, alpha: 2)
        var ref = [Float](repeating: 1, count: dst.count)
        for idx in Self.indices(out) {
            var o = 0
            let lead = idx.count - p.1.count
            for (k, d) in p.1.enumerated() { o = o * d + (d == 1 ? 0 : idx[lead + k]) }
            ref[o] += 2 * g.pointer[Self.indices(out).firstIndex(of: idx)!]
        }
        expectClose(Tensor(shape: p.1, dst), Tensor(shape: p.1, ref), tol: 1e-5)
    }
}

/// The differentiable binary ops with a scalar reference.
enum BinaryOpCase {
    case add, sub, mul, div
    var kernel: BinaryOp {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        }
    }
    func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        }
    }
}
