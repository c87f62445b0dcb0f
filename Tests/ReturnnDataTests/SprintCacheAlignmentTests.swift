import Testing
@testable import ReturnnData

@Suite struct SprintCacheAlignmentTests {
    func parse(_ b: [UInt8]) throws -> SprintCacheAlignment {
        try SprintCacheAlignment(parsing: b, path: "test.cache", entry: "seg")
    }

    @Test func runLengthItemsWithNegativeRunsAndTimeReset() throws {
        let big: UInt32 = 3 + (1 << 26)
        let a = try parse(SprintCacheTestWriter.alignment([.explicit([5, 6]), .run(big, 3), .timeReset(10), .explicit([7]), .run(8, 1)]))
        #expect(a.items.map(\.emission) == [5, 6, big, big, big, 7, 8])
        #expect(a.items.map(\.time) == [0, 1, 2, 3, 4, 10, 11])
        #expect(a.items.allSatisfy { $0.weight == 1 })
    }

    @Test func alphabetHeaderReadsAlphabetAndTimestamp() throws {
        let trailer = SprintCacheTestWriter.alphabetAndTime([(2, "a{#+#}@i.0"), (300, "b{#+#}.1")], start: 0, end: 0.04)
        let a = try parse(SprintCacheTestWriter.alignment([.run(2, 3), .explicit([300])], header: "AALPHRLE", trailer: trailer))
        #expect(a.items.map(\.emission) == [2, 2, 2, 300])
        #expect(a.labelType == .allophoneState)
        #expect(a.alphabet == [2: "a{#+#}@i.0", 300: "b{#+#}.1"])
        #expect(a.time == SprintCacheFrameTime(start: 0, end: 0.04))
    }

    @Test func emissionHeaderMarksEmissionIds() throws {
        let a = try parse(SprintCacheTestWriter.alignment([.run(7, 2)], header: "ALIGNEMI", trailer: le64(0) + le64(0)))
        #expect(a.labelType == .emission)
        #expect(a.items.map(\.emission) == [7, 7])
        #expect(a.time == SprintCacheFrameTime(start: 0, end: 0))
        #expect(try parse(SprintCacheTestWriter.alignment([.run(7, 2)])).time == nil)
    }

    @Test func weightedVersion2WithPackedIntegers() throws {
        let a = try parse(SprintCacheTestWriter.weightedAlignment(version: 2, groups: [
            (nil, [(300, 0.5), (70000, 0.5)]), (nil, [(1, 1)]), (20, [(2, 0.25)]), (nil, [(3, 1)]),
        ]))
        #expect(a.items.map(\.emission) == [300, 70000, 1, 2, 3])
        #expect(a.items.map(\.time) == [0, 0, 1, 20, 21])
        #expect(a.items.map(\.weight) == [0.5, 0.5, 1, 0.25, 1])
    }

    @Test func weightedVersion1HasU16Weights() throws {
        let a = try parse(SprintCacheTestWriter.weightedAlignment(version: 1, groups: [(nil, [(4, 1)]), (nil, [(5, 0)])]))
        #expect(a.items.map(\.emission) == [4, 5])
        #expect(a.items.map(\.weight) == [1, 0])
    }

    @Test func packedIntegerEncoding() throws {
        var r = SprintCacheByteReader(SprintCacheTestWriter.packed(0x0fff_ffff) + [0x05] + [0x80 | 0x2c, 0x02], path: "p", entry: "e")
        #expect(try r.packedU32("a") == 0x0fff_ffff)
        #expect(try r.packedU32("b") == 5)
        #expect(try r.packedU32("c") == 300)
    }

    @Test func errors() throws {
        #expect { try parse(SprintCacheTestWriter.alignmentHead("BADHEADR") + le32(0)) } throws: {
            "\($0)".contains("BADHEADR") && "\($0)".contains("seg") && "\($0)".contains("test.cache")
        }
        #expect { try parse(SprintCacheTestWriter.features([[1]])) } throws: { "\($0)".contains("flow-alignment") }
        let full = SprintCacheTestWriter.alignment([.explicit([1, 2, 3])])
        #expect { try parse(Array(full.dropLast(2))) } throws: { "\($0)".contains("truncated") }
        let two = SprintCacheTestWriter.alignment([.run(1, 1)], trailer: le64(0) + le64(0) + [9])
        #expect { try parse(two) } throws: { "\($0)".contains("1 bytes after the alignment packet") }
        var gathered = SprintCacheTestWriter.alignment([.run(1, 1)])
        gathered.replaceSubrange(18..<22, with: le32(2))
        #expect { try parse(gathered) } throws: { "\($0)".contains("2 alignment packets") }
        let v3 = SprintCacheTestWriter.alignmentHead("ALIGNRLE") + le32((1 << 31) | 3) + [0]
        #expect { try parse(v3) } throws: { "\($0)".contains("version 3") }
    }
}
