import Testing
@testable import ReturnnConfig

/// The one registry mechanism: names, aliases, case rules, "did you mean", upstream-only names.
@Suite struct NameRegistryTests {
    static let registry = NameRegistry(family: "widget", entries: [("Alpha", 1), ("beta", 2)], aliases: ["first": "Alpha"],
                                       caseInsensitive: false, upstreamNames: ["Alpha", "beta", "gamma"])

    @Test func lookupAliasesAndMessages() throws {
        let r = Self.registry
        #expect(r.lookup("Alpha") == 1 && r.lookup("first") == 1 && r.lookup("alpha") == nil)
        #expect(r.names == ["Alpha", "beta"] && r.allNames == ["Alpha", "beta", "first"])
        #expect(r.isUpstreamOnly("gamma") && !r.isUpstreamOnly("Alpha") && !r.isUpstreamOnly("delta"))
        #expect(r.upstreamOnlyNames == ["gamma"])
        #expect(r.unknownMessage("gamma") == "widget 'gamma' exists in upstream RETURNN but is not supported by swift-returnn yet; supported: Alpha, beta")
        #expect(r.unknownMessage("Alpa") == "unknown widget 'Alpa'; did you mean 'Alpha'?")
        let e = try #require(configError { _ = try r.resolve("gamma", at: SourceLocation(file: "f", line: 3, column: 1)) })
        #expect(e.kind == .unsupported && e.location?.line == 3)
        #expect(configError { _ = try r.resolve("zzz") }?.kind == .value)
        let ci = NameRegistry(family: "opt", entries: [("adam", 1)], caseInsensitive: true, upstreamNames: ["ftrl"])
        #expect(ci.lookup("Adam") == 1 && ci.lookup("ADAM") == 1 && ci.isUpstreamOnly("Ftrl"))
    }

    @Test func everyFamilyKnowsUpstreamsNames() {
        for (family, names) in [("layers", UpstreamNames.layerClasses), ("losses", UpstreamNames.losses), ("datasets", UpstreamNames.datasets),
                                ("optimizers", UpstreamNames.optimizers), ("rec units", UpstreamNames.recUnits),
                                ("lr control", UpstreamNames.learningRateControl), ("tasks", UpstreamNames.tasks)] {
            #expect(names.count >= 6, "\(family)")
            #expect(Set(names).count == names.count, "\(family) has duplicates")
        }
        #expect(UpstreamNames.layerClasses.contains("self_attention") && UpstreamNames.datasets.contains("OggZipDataset"))
    }
}
