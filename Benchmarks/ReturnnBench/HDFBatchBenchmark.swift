import Foundation
import ReturnnData

/// Iterating all batches of an HDF file: open `HDFDataset`, order the epoch, plan batches
/// (batch_size 5000 padded frames, max_seqs 40, recurrent) and fill every padded batch, as the
/// training loop will. Counterpart of `scripts/hdfdataset/bench_batches_upstream.py`, which does the
/// same with upstream RETURNN's HDFDataset; run both on the same file side by side.
struct HDFBatchBenchmark {
    /// Timing method shared with the other sections.
    let timing: Timing
    /// The HDF file to read (e.g. the 200k-frame × 40-dim file of `scripts/hdfdataset/`).
    let path: String

    /// Runs the section and prints its table.
    func run() throws {
        var frames = 0, batches = 0
        let openSec = try time {
            _ = try HDFDataset(files: [path], options: try DatasetOptions(name: "train"))
        }
        let sec = timing.measure {
            do {
                let ds = try HDFDataset(files: [path], options: try DatasetOptions(name: "train"))
                _ = try ds.initSeqOrder(epoch: 1)
                var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 5000, maxSeqs: 40))
                frames = 0
                batches = 0
                while let b = try gen.nextBatch() {
                    frames += b.data["data"]?.seqLens.reduce(0, +) ?? 0
                    batches += 1
                }
            } catch {
                fatalError("HDF batch benchmark: \(error)")
            }
        }
        var table = Table(header: ["HDF all batches (\(URL(fileURLWithPath: path).lastPathComponent))", "batches", "frames",
                                   "s", "frames/s", "open s"])
        table.rows.append(["ours", "\(batches)", "\(frames)", String(format: "%.3f", sec),
                           String(format: "%.0f", Double(frames) / sec), String(format: "%.4f", openSec)])
        table.print()
    }

    /// Wall time of one call.
    func time(_ body: () throws -> Void) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
    }
}
