import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// Pretrain schedules compared with upstream RETURNN's, from `Tests/Fixtures/pretrain/pretrain_cases.json`
/// (written by `make_pretrain_cases.py` with upstream `returnn.pretrain`).
@Suite struct PretrainReferenceTests {
    struct Case {
        let name: String
        let config: String
        let numEpochs: Int
        let repetitions: [Int]
        let description: String
        let nets: [ConfigValue]
    }

    static func loadCases() throws -> [Case] {
        let url = pretrainFixturesDirectory.appendingPathComponent("pretrain_cases.json")
        let c = Config(environment: pretrainTestEnvironment())
        try c.load(file: url.path)
        let cases = try #require(c.typedValue("cases")?.sequenceItems)
        return try cases.map { v in
            let d = try #require(v.dictValue)
            return Case(name: try #require(d.get("name")?.stringValue),
                        config: try #require(d.get("config")?.stringValue),
                        numEpochs: try #require(d.get("num_epochs")?.intValue),
                        repetitions: try #require(d.get("repetitions")?.sequenceItems).map { try #require($0.intValue) },
                        description: try #require(d.get("description")?.stringValue),
                        nets: try #require(d.get("nets")?.sequenceItems))
        }
    }

    @Test func fixtureHasAllCases() throws {
        let names = try Self.loadCases().map(\.name)
        #expect(names.count == 37)
        #expect(names.filter { $0.hasPrefix("random_") }.count == 24)
        #expect(names.contains("custom_function"))
        #expect(names.contains("pool_from_input"))
    }

    @Test func schedulesMatchUpstream() throws {
        for c in try Self.loadCases() {
            let config = try pretrainConfig(c.config)
            let p = try #require(try Pretrain.fromConfig(config), "\(c.name)")
            #expect(p.numPretrainEpochs == c.numEpochs, "\(c.name)")
            #expect(p.repetitions == c.repetitions, "\(c.name)")
            if c.name == "custom_function" {
                #expect(p.description.hasPrefix("Pretrain construction algo <function custom_construction_algo"), "\(c.name)")
                #expect(p.description.hasSuffix(", number of pretrain epochs: 6 (repetitions: [2, 3, 1])"), "\(c.name)")
            } else {
                #expect(p.description == c.description, "\(c.name)")
            }
            #expect(c.nets.count == c.numEpochs + 1, "\(c.name)")
            for (i, expected) in c.nets.enumerated() {
                let diff = Pretrain.netDictDiff(p.netDict(forEpoch: i + 1), expected)
                #expect(diff.isEmpty, "\(c.name) epoch \(i + 1): \(diff.joined(separator: "\n"))")
            }
            let finalDiff = Pretrain.netDictDiff(p.finalNetDict, c.nets[c.nets.count - 1])
            #expect(finalDiff.isEmpty, "\(c.name) final: \(finalDiff)")
        }
    }
}
