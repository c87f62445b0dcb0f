import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The upstream RETURNN reference of `edit_distance` (layer and loss) and of greedy CTC decoding:
/// `Tests/Fixtures/network/edit_distance.json` from `make_edit_distance_fixtures.py`.
struct EditDistanceFixture: Decodable {
    /// A loss case: the summed error of one batch.
    struct LossCase: Decodable { let name: String, network: String, error: Double }
    /// A greedy decoding case: scores `[B, T, V]`, lengths and the decoded labels.
    struct GreedyCase: Decodable { let name: String, shape: [Int], values: [Float], lengths: [Int32], labels: [[Int32]] }
    let lossCases: [LossCase]
    let greedyCases: [GreedyCase]
    enum CodingKeys: String, CodingKey { case lossCases = "loss_cases", greedyCases = "greedy_cases" }

    static let script = "Tests/Fixtures/network/make_edit_distance_fixtures.py"
    /// The layer cases (format of layers_math.json).
    static let layers = LayersMathFixture.load("edit_distance.json", generatedBy: script)
    /// The loss and greedy cases.
    static let shared: EditDistanceFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/edit_distance.json")
        return try! JSONDecoder().decode(EditDistanceFixture.self, from: Data(contentsOf: url))
    }()
}

/// `edit_distance` layer: distances per sequence against upstream, options, errors.
@Suite struct EditDistanceLayerTests {
    let f = EditDistanceFixture.layers

    @Test func matchesUpstream() throws {
        for name in ["edit_distance_hyp_ref", "edit_distance_ref_hyp", "edit_distance_same_time", "edit_distance_spatial_dims"] {
            try f.check(name, tolerance: 0)
        }
        let net = try f.build(f.case("edit_distance_hyp_ref").network)
        #expect(net.node("output")!.output.rank == 1 && net.node("output")!.output.isInt && !net.node("output")!.output.isSparse)
    }

    @Test func fromAChoiceLikeLayer() throws {
        // `a` from another layer (a copy of the hypotheses): only its values and lengths matter.
        let net = try f.build(#"{"hyp": {"class": "copy", "from": "data:hyp"}, "output": {"class": "edit_distance", "a": "hyp", "b": "data:classes"}}"#)
        let run = try net.run(data: f.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false)
        #expect(run.values["output"]?.ints?.array == [1, 3, 3])
    }

    func error(_ network: String) -> NetworkError? { networkError { _ = try f.build(network) } }

    @Test func errors() {
        let missing = error(#"{"output": {"class": "edit_distance", "a": "data:hyp"}}"#)
        #expect(missing?.message == "edit_distance needs the option 'b': the name of a layer with int labels", "\(String(describing: missing))")
        let notName = error(#"{"output": {"class": "edit_distance", "a": "data:hyp", "b": 3}}"#)
        #expect(notName?.message == "'b' must be a layer name, got 3")
        let dense = error(#"{"output": {"class": "edit_distance", "a": "data", "b": "data:classes"}}"#)
        #expect(dense?.kind == .sparseMismatch)
        #expect(dense?.message.hasPrefix("'a' layer 'data' ") == true && dense?.message.contains("must hold int labels") == true,
                "\(String(describing: dense))")
        let noTime = error(#"{"len": {"class": "length", "from": "data:hyp"}, "output": {"class": "edit_distance", "a": "len", "b": "data:classes"}}"#)
        #expect(noTime?.message.contains("has no time axis; set a_spatial_dim") == true, "\(String(describing: noTime))")
        let batchAxis = error(#"{"output": {"class": "edit_distance", "a": "data:hyp", "b": "data:classes", "b_spatial_dim": "B"}}"#)
        #expect(batchAxis?.message.contains("b_spatial_dim names the batch axis") == true, "\(String(describing: batchAxis))")
        let unknown = error(#"{"output": {"class": "edit_distance", "a": "data:hyp", "b": "data:classes", "debug": True}}"#)
        #expect(unknown?.kind == .unknownOption, "\(String(describing: unknown))")
    }
}

/// `ctcGreedyDecoded`: best-path decoding against upstream's `tf_util.ctc_greedy_decode`.
@Suite struct CtcGreedyDecodedTests {
    @Test func matchesUpstream() {
        for c in EditDistanceFixture.shared.greedyCases {
            let scores = LayerValue(values: Variable(Tensor(shape: c.shape, c.values)), seqLens: IntTensor(c.lengths))
            let out = scores.ctcGreedyDecoded()
            let lens = out.seqLens!.array.map(Int.init)
            #expect(lens == c.labels.map(\.count), "\(c.name): lengths")
            let l = out.ints!.shape[1]
            #expect(out.ints!.shape == [c.shape[0], c.labels.map(\.count).max() ?? 0], "\(c.name): shape")
            let rows = (0..<c.shape[0]).map { Array(out.ints!.array[($0 * l)..<($0 * l + lens[$0])]) }
            #expect(rows == c.labels, "\(c.name)")
        }
    }

    @Test func withoutLengthsReadsAllFrames() {
        // blank = 2; frames: 0 0 2 0 1 1 -> [0, 0, 1]
        let onehot: [Int] = [0, 0, 2, 0, 1, 1]
        let v = onehot.flatMap { c in (0..<3).map { Float($0 == c ? 1 : 0) } }
        let out = LayerValue(values: Variable(Tensor(shape: [1, 6, 3], v)), seqLens: nil).ctcGreedyDecoded()
        #expect(out.ints?.array == [0, 0, 1] && out.seqLens?.array == [3])
    }
}
