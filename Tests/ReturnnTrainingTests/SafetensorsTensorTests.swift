import Testing
import ReturnnTensor
@testable import ReturnnTraining

@Suite struct SafetensorsTensorTests {
    @Test func floatRoundTripKeepsBits() throws {
        let values: [Float] = [0, -0.0, 1.5, .infinity, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
        let t = SafetensorsTensor(Tensor(shape: [2, 3], values))
        #expect(t.dtype == .f32 && t.shape == [2, 3] && t.bytes.count == 24)
        #expect(Array(t.bytes[8..<12]) == [0, 0, 0xC0, 0x3F])  // 1.5 little-endian
        let back = try t.tensor()
        #expect(back.shape == [2, 3])
        #expect(back.array.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func conversions() throws {
        #expect(try SafetensorsTensor(float64: [0.5, -2], shape: [2]).tensor().array == [0.5, -2])
        #expect(try SafetensorsTensor(int64: [3, -4], shape: [1, 2]).tensor().array == [3, -4])
        #expect(try SafetensorsTensor(int32: [7], shape: []).tensor().scalar == 7)
        #expect(try SafetensorsTensor(int32: [-7, 9], shape: [2]).int64Values() == [-7, 9])
        #expect(try SafetensorsTensor(Tensor([0.25])).doubleValues() == [0.25])
        #expect(try SafetensorsTensor(int64: [5], shape: [1]).doubleValues() == [5])
    }

    @Test func unsupportedConversionsThrow() {
        let half = SafetensorsTensor(dtype: .f16, shape: [1], bytes: [0, 0x3C])
        #expect(throws: CheckpointError.self) { try half.tensor(name: "h") }
        #expect(throws: CheckpointError.self) { try SafetensorsTensor(Tensor([1])).int64Values() }
    }

    @Test func dtypeSizesAndOrder() {
        #expect(SafetensorsDType.f32.size == 4 && SafetensorsDType.i64.size == 8 && SafetensorsDType.bf16.size == 2)
        #expect(SafetensorsDType.bool.size == 1)
        // The reference writer's order: I64 before F64 before F32 before I32.
        #expect(SafetensorsDType.i64.rank > SafetensorsDType.f64.rank)
        #expect(SafetensorsDType.f64.rank > SafetensorsDType.f32.rank)
        #expect(SafetensorsDType.f32.rank > SafetensorsDType.i32.rank)
    }
}
