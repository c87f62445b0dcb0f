import Foundation
import Testing
@testable import ReturnnNetwork

/// `docs/layer-classes.md` is the generated status table of every upstream layer class.
@Suite struct LayerClassTableTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/layer-classes.md")

    @Test func docsPageIsCurrent() throws {
        let fresh = LayerClassTable.markdown
        if ProcessInfo.processInfo.environment["RETURNN_UPDATE_DOCS"] == "1" {
            try fresh.write(to: Self.page, atomically: false, encoding: .utf8)
        }
        let committed = (try? String(contentsOf: Self.page, encoding: .utf8)) ?? ""
        #expect(committed == fresh, "docs/layer-classes.md is out of date: run `RETURNN_UPDATE_DOCS=1 swift test --filter LayerClassTableTests`")
        #expect(fresh.contains("| `linear` | supported |") && fresh.contains("| `masked_computation` | not yet |"))
        #expect(fresh.contains("| `hidden` | supported (same as `linear`) |"))
    }
}
