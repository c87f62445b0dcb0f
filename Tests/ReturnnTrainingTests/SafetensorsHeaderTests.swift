import Testing
@testable import ReturnnTraining

@Suite struct SafetensorsHeaderTests {
    @Test func storageOrderIsDtypeThenNameBytes() {
        let order = SafetensorsHeader.storageOrder([("b", .f32), ("a", .i32), ("c", .i64), ("B", .f32), ("é", .f32), ("z", .f64)])
        #expect(order == ["c", "z", "B", "b", "é", "a"])
    }

    @Test func encodesLikeSerdeJSON() {
        var out: [UInt8] = []
        SafetensorsHeader.appendString("a\"b\\c/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}é\"")
    }

    @Test func headerIsPaddedWithSpacesTo8Bytes() {
        let e = SafetensorsHeader.Entry(name: "w", dtype: .f32, shape: [2, 3], start: 0, end: 24)
        let h = SafetensorsHeader.encode(entries: [e], metadata: ["b": "2", "a": "1"])
        let text = String(decoding: h, as: UTF8.self)
        #expect(h.count % 8 == 0)
        #expect(text.trimmingTrailingSpaces == #"{"__metadata__":{"a":"1","b":"2"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#)
    }

    @Test func decodeRoundTrip() throws {
        let entries = [SafetensorsHeader.Entry(name: "x", dtype: .i64, shape: [], start: 0, end: 8),
                       SafetensorsHeader.Entry(name: "y", dtype: .f32, shape: [0], start: 8, end: 8)]
        let h = SafetensorsHeader.encode(entries: entries, metadata: ["k": "v"])
        let (decoded, meta) = try SafetensorsHeader.decode(h[...], file: "f")
        #expect(decoded == entries)
        #expect(meta == ["k": "v"])
    }
}

extension String {
    /// The string without trailing spaces.
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
