import Testing
@testable import ReturnnTFFormats

@Suite struct TFRecordTests {
    @Test func framingLayout() {
        let data = Array("hello".utf8)
        let f = TFRecord.frame(data)
        #expect(f.count == data.count + 16)
        #expect(Array(f[0..<8]) == [5, 0, 0, 0, 0, 0, 0, 0])
        #expect(ByteCoding.fixed32(f[...], at: 8) == CRC32C.mask(CRC32C.checksum(f[0..<8])))
        #expect(Array(f[12..<17]) == data)
        #expect(ByteCoding.fixed32(f[...], at: 17) == CRC32C.mask(CRC32C.checksum(data)))
    }

    @Test func roundTripOfSeveralRecords() throws {
        let recs: [[UInt8]] = [[], [1], Array(repeating: 0xAB, count: 1000), Array("brain.Event:2".utf8)]
        let bytes = recs.flatMap(TFRecord.frame)
        #expect(try TFRecord.records(bytes, file: "f") == recs)
    }

    @Test func damageIsLocated() throws {
        let bytes = TFRecord.frame([1, 2, 3]) + TFRecord.frame([4, 5, 6, 7])
        var data = bytes
        data[19 + 13] ^= 1  // a data byte of record 1 (starts at 19)
        #expect(throws: TFFormatError(.checksum, "ev: record 1 at byte 19: the CRC of its 4 data bytes does not match (the file is damaged)")) {
            try TFRecord.records(data, file: "ev")
        }
        var len = bytes
        len[19] ^= 1
        #expect(throws: TFFormatError(.checksum, "ev: record 1 at byte 19: the CRC of its length does not match (the file is damaged)")) {
            try TFRecord.records(len, file: "ev")
        }
        #expect(throws: TFFormatError(.format, "ev: record 1 at byte 19 claims 4 bytes, but only 3 follow (truncated file?)")) {
            try TFRecord.records(Array(bytes.dropLast(1)), file: "ev")
        }
    }
}
