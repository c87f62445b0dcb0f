import Foundation
@testable import ReturnnKernels

/// One case of `Tests/Fixtures/ctc/ctc_torch.json` (written by `make_ctc_fixtures.py` with
/// PyTorch's `ctc_loss`).
struct CtcTorchFixture {
    var name: String
    var testCase: CtcTestCase
    /// Loss per sequence, `nil` where torch gives +inf (infeasible).
    var loss: [Double?]
    /// `[B, T, V]` gradient of the summed feasible losses w.r.t. the logits.
    var grad: [Float]

    /// Reads every case of the fixture.
    static func load() throws -> [CtcTorchFixture] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ctc/ctc_torch.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let cases = root["cases"] as! [[String: Any]]
        return cases.map { c in
            let ints = { (key: String) in (c[key] as! [NSNumber]).map { Int32(truncating: $0) } }
            let floats = { (key: String) in (c[key] as! [NSNumber]).map { Float(truncating: $0) } }
            let maxTargetLength = (c["S"] as! NSNumber).intValue
            let targets = ints("targets"), lengths = ints("target_lengths")
            let perSeq = lengths.enumerated().map { b, l in
                Array(targets[(b * maxTargetLength)..<(b * maxTargetLength + Int(l))])
            }
            var testCase = CtcTestCase(
                time: (c["T"] as! NSNumber).intValue, vocab: (c["V"] as! NSNumber).intValue,
                logits: floats("logits"), inputLengths: ints("input_lengths"), targets: perSeq)
            // Keep torch's padded layout (the S of the file, even if all targets are shorter).
            testCase.maxTargetLength = maxTargetLength
            testCase.targets = targets
            return CtcTorchFixture(
                name: c["name"] as! String, testCase: testCase,
                loss: (c["loss"] as! [Any]).map { ($0 as? NSNumber)?.doubleValue },
                grad: floats("grad"))
        }
    }
}
