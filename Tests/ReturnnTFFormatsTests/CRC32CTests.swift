import Testing
@testable import ReturnnTFFormats

@Suite struct CRC32CTests {
    /// The test vectors of RFC 3720 (iSCSI), B.4, and the standard check value.
    @Test func standardVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// LevelDB's crc32c_test values for the iSCSI read command, and `Extend` = whole.
    @Test func extendEqualsWhole() {
        let data: [UInt8] = [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(CRC32C.checksum(data) == 0xD996_3A56)
        let all = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        for cut in [0, 1, 7, 8, 9, 500, 999, 1000] {
            #expect(CRC32C.extend(CRC32C.checksum(all[..<cut]), all[cut...]) == CRC32C.checksum(all))
        }
        // slice-by-8 against the byte-wise loop on unaligned starts
        for start in 0..<9 {
            var c: UInt32 = ~0
            for b in all[start...] { c = (c >> 8) ^ CRC32C.tables[0][Int((c ^ UInt32(b)) & 0xFF)] }
            #expect(~c == CRC32C.checksum(all[start...]))
        }
    }

    @Test func maskRoundTripsAndDiffers() {
        let crc = CRC32C.checksum(Array("foo".utf8))
        #expect(CRC32C.mask(crc) != crc)
        #expect(CRC32C.mask(CRC32C.mask(crc)) != crc)
        #expect(CRC32C.unmask(CRC32C.mask(crc)) == crc)
        #expect(CRC32C.unmask(CRC32C.unmask(CRC32C.mask(CRC32C.mask(crc)))) == crc)
    }
}
