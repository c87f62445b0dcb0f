import Foundation
import ReturnnConfig
import ReturnnData

/// Feature extraction throughput of `OggZipDataset` alone: every sequence of one zip decoded and
/// turned into features (no batching, no training), for the usual feature types. Counterpart of
/// `Benchmarks/upstream-oggzip-fps.py` (upstream RETURNN's OggZipDataset on the same zip); a corpus
/// comes from `Benchmarks/make-oggzip-bench-corpus.py`.
struct OggZipBenchmark {
    /// The OggZip file.
    let path: String

    /// Feature option sets measured (RETURNN `audio` dicts).
    static let cases: [(String, String)] = [
        ("raw (decoding only)", "{'features': 'raw'}"),
        ("log_mel_filterbank 80", "{'features': 'log_mel_filterbank', 'num_feature_filters': 80}"),
        ("mfcc 40 + delta", "{'features': 'mfcc', 'num_feature_filters': 40, 'with_delta': True}"),
        ("db_mel_filterbank 80", "{'features': 'db_mel_filterbank', 'num_feature_filters': 80}"),
    ]

    /// Runs the section and prints its table.
    func run() throws {
        var table = Table(header: ["OggZip \(URL(fileURLWithPath: path).lastPathComponent)", "seqs", "frames", "~audio s",
                                   "s", "frames/s", "x real time"])
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0) { _ in }
        for (name, audio) in OggZipBenchmark.cases {
            let options = try Config(environment: env).evaluate(expression: audio, file: "<bench>")
            let ds = try OggZipDataset(paths: [path], names: [URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent],
                                       directoryMode: false, audio: try ExtractAudioFeatures.make(options, context: "bench.audio"),
                                       targets: nil, options: try DatasetOptions(name: "bench"))
            try ds.initSeqOrder(epoch: 1)
            var frames = 0, seconds = 0.0
            let t0 = DispatchTime.now().uptimeNanoseconds
            for i in 0..<ds.numSeqs! {
                try ds.loadSeqs(i, i + 1)
                frames += try ds.data(i, key: "data").length
            }
            let sec = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            // Raw "frames" are samples (16 kHz in the bench corpus): report 10 ms frames.
            if name.hasPrefix("raw") { frames /= 160 }
            seconds = Double(frames) * 0.010
            table.rows.append([name, "\(ds.numSeqs!)", "\(frames)", String(format: "%.0f", seconds), String(format: "%.2f", sec),
                               String(format: "%.0f", Double(frames) / sec), String(format: "%.0f", seconds / sec)])
        }
        table.print()
    }
}
