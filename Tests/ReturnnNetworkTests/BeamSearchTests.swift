import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Beam search against upstream RETURNN on the same weights:
/// `Tests/Fixtures/search/beam_search.json` (`make_beam_search_fixtures.py`).
@Suite struct BeamSearchTests {
    struct Fixture: Decodable {
        struct Input: Decodable { let shape: [Int]; let values: [Int32]; let lengths: [Int] }
        struct Param: Decodable { let shape: [Int]; let values: [Float] }
        struct Labels: Decodable { let shape: [Int]; let values: [Int32] }
        struct Outputs: Decodable {
            let labels: Labels
            let lengths: [Int]
            let scores: [Float]
            let decision: Labels
            let decisionLengths: [Int]
            enum CodingKeys: String, CodingKey { case labels, lengths, scores, decision, decisionLengths = "decision_lengths" }
        }
        struct Case: Decodable { let name: String; let network: String; let params: [String: Param]; let outputs: Outputs }
        let generatedBy: String
        let prelude: String
        let inputs: [String: Input]
        let cases: [Case]
        enum CodingKeys: String, CodingKey { case generatedBy = "generated_by", prelude, inputs, cases }

        static func load() throws -> Fixture {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/search/beam_search.json")
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        }
    }

    /// Builds `network` (config text) with the search flag.
    static func searchNetwork(_ text: String, search: Bool = true) throws -> Network {
        let config = try loadNetConfig(text)
        let ed = try ExternData.fromConfig(config)!
        return try NetworkBuilder(externData: ed, searchFlag: search, config: config).build(config.typedValue("network")!)
    }

    @Test func sameHypothesesAndScoresAsUpstream() throws {
        let f = try Fixture.load()
        #expect(f.generatedBy == "Tests/Fixtures/search/make_beam_search_fixtures.py")
        var data: [String: LayerValue] = [:]
        for (k, x) in f.inputs {
            data[k] = LayerValue(ints: IntTensor(shape: x.shape, x.values), seqLens: IntTensor(shape: [x.lengths.count], x.lengths.map(Int32.init)))
        }
        #expect(f.cases.count == 8)
        for c in f.cases {
            let net = try Self.searchNetwork(f.prelude + "network = " + c.network)
            #expect(Set(net.parameters.map(\.name)) == Set(c.params.keys), "\(c.name): parameter names")
            var params: [String: Tensor] = [:]
            for (k, p) in c.params { params[k] = Tensor(shape: p.shape, p.values) }
            let run = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false)
            let out = try #require(run.values["output"])
            let beam = try #require(out.beam, "\(c.name): the rec output has a beam")
            let lens = out.seqLens!.array.map(Int.init)
            #expect(lens == c.outputs.lengths, "\(c.name): lengths")
            #expect(zip(beam.scores, c.outputs.scores).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($1)) },
                    "\(c.name): scores \(beam.scores) vs \(c.outputs.scores)")
            func rows(_ v: [Int32], _ shape: [Int], _ lens: [Int]) -> [[Int32]] {
                lens.enumerated().map { r, n in Array(v[(r * shape[1])..<(r * shape[1] + n)]) }
            }
            let ours = out.ints!
            #expect(rows(ours.array, ours.shape, lens) == rows(c.outputs.labels.values, c.outputs.labels.shape, c.outputs.lengths),
                    "\(c.name): hypotheses")
            let dec = try #require(run.values["decision"])
            #expect(dec.beam == nil)
            let dlens = dec.seqLens!.array.map(Int.init)
            #expect(dlens == c.outputs.decisionLengths, "\(c.name): decision lengths")
            #expect(rows(dec.ints!.array, dec.ints!.shape, dlens) == rows(c.outputs.decision.values, c.outputs.decision.shape, c.outputs.decisionLengths),
                    "\(c.name): decision")
        }
    }

    /// A sequence that leaves the loop early (all its hypotheses ended) gets the same result as
    /// when it is decoded alone.
    @Test func batchedSearchEqualsSearchingEachSequenceAlone() throws {
        let f = try Fixture.load()
        let c = f.cases.first { $0.name == "beam3" }!
        // A fixed max_seq_len: max_len_from would depend on the batch.
        let text = c.network.replacingOccurrences(of: "\"max_len_from('base:encoder') * 2\"", with: "10")
        let net = try Self.searchNetwork(f.prelude + "network = " + text)
        var params: [String: Tensor] = [:]
        for (k, p) in c.params { params[k] = Tensor(shape: p.shape, p.values) }
        let x = f.inputs["data"]!
        let all = try net.run(data: ["data": LayerValue(ints: IntTensor(shape: x.shape, x.values), seqLens: IntTensor(shape: [3], x.lengths.map(Int32.init)))],
                              parameters: params, tape: Tape(recording: false), isTraining: false)
        let dec = all.values["decision"]!
        for b in 0..<3 {
            let row = Array(x.values[(b * 5)..<(b * 5 + x.lengths[b])])
            let one = try net.run(data: ["data": LayerValue(ints: IntTensor(shape: [1, row.count], row), seqLens: IntTensor(shape: [1], [Int32(row.count)]))],
                                  parameters: params, tape: Tape(recording: false), isTraining: false)
            let d = one.values["decision"]!
            let n = Int(d.seqLens!.array[0])
            #expect(n == Int(dec.seqLens!.array[b]), "sequence \(b): length")
            let t = dec.ints!.shape[1]
            #expect(Array(d.ints!.array[0..<n]) == Array(dec.ints!.array[(b * t)..<(b * t + n)]), "sequence \(b): labels")
        }
    }

    @Test func trainingUsesTheTargetAndBuildsNoDecision() throws {
        let f = try Fixture.load()
        let c = f.cases.first { $0.name == "beam3" }!
        // Without the search flag the choice is the target: its scores are not read, and the
        // decoder's loop is moved out entirely (no loop node).
        let net = try Self.searchNetwork(f.prelude + "network = " + c.network, search: false)
        #expect(net.node("output/#loop") == nil)
        #expect(net.node("output/output")?.layer is ChoiceLayer)
    }

    @Test func errorsSayWhatIsMissing() throws {
        let f = try Fixture.load()
        let noMax = f.cases.first { $0.name == "beam3" }!.network.replacingOccurrences(of: "\"max_seq_len\": \"max_len_from('base:encoder') * 2\", ", with: "")
        let e1 = networkError { _ = try Self.searchNetwork(f.prelude + "network = " + noMax) }
        #expect(e1?.message.contains("needs 'max_seq_len'") == true, "\(String(describing: e1))")
        #expect(e1?.layer == "output")
        let noEnd = f.cases.first { $0.name == "beam3" }!.network.replacingOccurrences(of: "\"end\": {\"class\": \"compare\", \"from\": \"output\", \"value\": 0},", with: "")
        let e2 = networkError { _ = try Self.searchNetwork(f.prelude + "network = " + noEnd) }
        #expect(e2?.message.contains("needs an 'end' layer") == true, "\(String(describing: e2))")
        let multi = f.cases.first { $0.name == "beam3" }!.network.replacingOccurrences(of: "\"beam_size\": 3", with: "\"beam_size\": 3, \"keep_beams\": True")
        let e3 = networkError { _ = try Self.searchNetwork(f.prelude + "network = " + multi) }
        #expect(e3?.message.contains("keep_beams is not supported in search yet") == true, "\(String(describing: e3))")
        #expect(e3?.layer == "output/output")
    }
}
