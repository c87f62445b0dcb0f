import Foundation
import ReturnnTraining

/// `returnn plot LEARNING_RATE_FILE [-o OUT.svg]`: draws the learning curves of a training
/// (scores and errors per epoch, learning rate per epoch) from its `learning_rate_file` into an
/// SVG image, written atomically. Exit status 0 on success, 1 for an unreadable or malformed
/// file, 2 for a malformed command line; messages go to stderr as `returnn plot: error: ...`.
enum PlotCommand {
    /// Runs the command with the arguments after `plot`; returns the exit status.
    static func run(_ args: [String]) -> Int32 {
        let options: PlotOptions
        do { options = try PlotOptions.parse(args) } catch {
            writeError("\(error)\n\(PlotOptions.usage)")
            return 2
        }
        if options.help {
            print(PlotOptions.usage)
            return 0
        }
        do {
            let data = try LearningRateFileReader.read(path: options.input)
            guard !data.isEmpty else {
                writeError("\(options.input): the learning_rate_file has no epochs yet (training writes it after each epoch)")
                return 1
            }
            let curves = LearningCurves(data)
            let svg = LearningCurvesChart(curves: curves, title: options.title ?? options.input).svg()
            try SafetensorsAtomicWrite.write(path: options.outputPath, chunks: [Array(svg.utf8)])
            let keys = curves.series.map(\.key)
            print("Wrote \(options.outputPath): \(curves.epochs.count) epochs (\(curves.epochs.first!)-\(curves.epochs.last!)), "
                  + (keys.isEmpty ? "no scores" : keys.joined(separator: ", ")) + ", learning_rate")
            for s in curves.series where !s.nonFiniteEpochs.isEmpty {
                print("Note: \(s.key) is not finite in epochs \(s.nonFiniteEpochs.map(String.init).joined(separator: ", ")); these points are left out.")
            }
            return 0
        } catch {
            writeError("\(error)")
            return 1
        }
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(("returnn plot: error: " + text + "\n").data(using: .utf8)!)
    }
}
