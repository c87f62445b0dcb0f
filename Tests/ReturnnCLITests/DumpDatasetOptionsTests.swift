import Testing
@testable import ReturnnCLI

/// Command-line parsing of `returnn dump-dataset`.
@Suite struct DumpDatasetOptionsTests {
    @Test func defaultsAndFlags() throws {
        let d = try DumpDatasetOptions.parse(["x.config"])
        #expect(d.source == "x.config" && d.dataset == "train" && d.epoch == 1 && d.startSeq == 0 && d.endSeq == 10 && d.kind == .stdout)
        let h = try DumpDatasetOptions.parse(["a.hdf", "--type", "hdf", "--out=b.hdf", "--epoch", "3", "--dataset", "dev"])
        #expect(h.kind == .hdf && h.out == "b.hdf" && h.endSeq == nil && h.epoch == 3 && h.dataset == "dev")
        #expect(try DumpDatasetOptions.parse(["a", "--endseq", "-1"]).endSeq == nil)
        #expect(try DumpDatasetOptions.parse(["a", "--type", "hdf", "--out", "o.hdf", "--endseq", "4"]).endSeq == 4)
        #expect(try DumpDatasetOptions.parse(["--help"]).help)
    }

    @Test func malformedCommandLines() {
        for args in [[], ["a", "b"], ["a", "--epoch", "0"], ["a", "--epoch", "x"], ["a", "--type", "hdf"],
                     ["a", "--out", "o.hdf"], ["a", "--bogus"], ["a", "--startseq"], ["a", "--startseq", "-2"]] {
            #expect(throws: DumpDatasetOptions.UsageError.self, "\(args)") { try DumpDatasetOptions.parse(args) }
        }
    }
}
