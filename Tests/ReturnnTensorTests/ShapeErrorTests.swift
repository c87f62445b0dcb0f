import Testing
@testable import ReturnnTensor

/// Shape and index errors inside tape ops are precondition failures (layers validate shapes at
/// construction and throw typed errors there); these exit tests pin that contract down.
@Suite struct ShapeErrorTests {
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
}
