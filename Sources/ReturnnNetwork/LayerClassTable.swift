import ReturnnConfig

/// The status table of every layer class upstream RETURNN knows (`docs/layer-classes.md`): which
/// swift-returnn supports. A test keeps the committed page equal to `markdown`.
public enum LayerClassTable {
    /// The page: a table of upstream's layer classes and swift-returnn's own names.
    public static var markdown: String {
        let registry = BuiltinLayers.registry
        let ours = Set(registry.allNames)
        let upstream = Set(UpstreamNames.layerClasses)
        let all = ours.union(upstream).sorted()
        let supported = all.filter { registry.lookup($0) != nil }
        var lines = [
            "# Layer classes",
            "",
            "Every layer class of upstream RETURNN (\(upstream.count) names, from `scripts/make-upstream-names.py`), and whether",
            "swift-returnn supports it: \(supported.filter { upstream.contains($0) }.count) of them now. A name that is not supported gives the error",
            "\"layer class '<name>' exists in upstream RETURNN but is not supported by swift-returnn yet\".",
            "Generated from the registry (`LayerClassTable`); `Tests/ReturnnNetworkTests/LayerClassTableTests.swift` keeps it",
            "current (run it with `RETURNN_UPDATE_DOCS=1` to rewrite this page).",
            "",
            "| layer class | swift-returnn |",
            "|---|---|",
        ]
        for name in all {
            let status: String
            if let t = registry.lookup(name) {
                status = t.className == name ? "supported" : "supported (same as `\(t.className)`)"
            } else {
                status = "not yet"
            }
            lines.append("| `\(name)` | \(status)\(upstream.contains(name) ? "" : " (swift-returnn only)") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
