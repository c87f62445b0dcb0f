import Foundation
import Testing
@testable import ReturnnConfig

@Suite struct ConfigDumpTests {
    @Test func dumpsTypedThenUntypedAsValidJSON() throws {
        let c = try loadPython("""
            import os
            a = 1
            b = [1.5, None, True, 'q"']
            def f(): pass
            t = (1, 2)
            inf = float('inf')
            """)
        try c.addLine("extra", "x,y")
        let text = ConfigDump.json(c)
        #expect(!text.contains("__file__"))
        #expect(!text.contains("\"config\""))
        #expect(!text.contains("\"os\""))
        #expect(text.contains("\"f\": \"<function f>\""))
        #expect(text.contains("\"inf\": Infinity"))
        let keys = ["\"a\"", "\"b\"", "\"f\"", "\"t\"", "\"inf\"", "\"extra\""].map { text.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted())
        let withoutInf = text.replacingOccurrences(of: "Infinity", with: "0")
        let parsed = try JSONSerialization.jsonObject(with: withoutInf.data(using: .utf8)!) as? [String: Any]
        #expect(parsed?["a"] as? Int == 1)
        #expect((parsed?["extra"] as? [String]) == ["x", "y"])
        #expect((parsed?["b"] as? [Any])?.count == 4)
    }
}
