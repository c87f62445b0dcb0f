import Testing
@testable import ReturnnTensor

/// Tensor construction, element access, conversion and copy-on-write.
@Suite struct TensorTests {
    @Test func constructors() {
        let z = Tensor(zeros: [2, 3])
        #expect(z.shape == [2, 3] && z.count == 6 && z.rank == 2 && z.array == [Float](repeating: 0, count: 6))
        let f = Tensor(shape: [2], repeating: 1.5)
        #expect(f.array == [1.5, 1.5])
        let s = Tensor(scalar: 4)
        #expect(s.shape == [] && s.scalar == 4)
        let v = Tensor([1, 2, 3])
        #expect(v.shape == [3] && v.array == [1, 2, 3])
        let e = Tensor(zeros: [0, 5])
        #expect(e.count == 0 && e.array.isEmpty)
    }

    @Test func elementAccessIsRowMajor() {
        var t = Tensor(shape: [2, 3], [0, 1, 2, 3, 4, 5])
        #expect(t[1, 0] == 3 && t[0, 2] == 2 && t.offset([1, 2]) == 5)
        t[1, 1] = 9
        #expect(t.array == [0, 1, 2, 3, 9, 5])
    }

    @Test func copyOnWrite() {
        let a = Tensor(shape: [3], [1, 2, 3])
        var b = a
        b[0] = 7
        #expect(a.array == [1, 2, 3])
        #expect(b.array == [7, 2, 3])
        var c = a.reshaped([1, 3])
        #expect(c.storage === a.storage)
        c.withUnsafeMutableBufferPointer { $0[2] = -1 }
        #expect(a.array == [1, 2, 3] && c.array == [1, 2, -1])
        var u = Tensor(zeros: [2])
        let before = u.storage.pointer
        u[1] = 1
        #expect(u.storage.pointer == before)  // unique storage is written in place
    }

    @Test func equalityAndDescription() {
        #expect(Tensor(shape: [2], [1, 2]) == Tensor([1, 2]))
        #expect(Tensor(shape: [1, 2], [1, 2]) != Tensor([1, 2]))
        #expect(Tensor([1, .nan]) != Tensor([1, .nan]))
        #expect(Tensor([1, 2]).description == "Tensor([2]: [1.0, 2.0])")
        #expect(IntTensor([1, 2]) == IntTensor(shape: [2], [1, 2]))
    }

    @Test func intTensor() {
        var i = IntTensor(shape: [2, 2], [1, 2, 3, 4])
        let j = i
        i[1, 0] = 8
        #expect(i.array == [1, 2, 8, 4] && j.array == [1, 2, 3, 4] && j[1, 1] == 4)
        #expect(IntTensor(shape: [3], repeating: 5).array == [5, 5, 5])
        #expect(i.reshaped([4]).shape == [4])
    }
}
