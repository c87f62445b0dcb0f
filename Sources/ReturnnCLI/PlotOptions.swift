/// Command line of `returnn plot LEARNING_RATE_FILE [-o OUT.svg] [--title TEXT]`.
struct PlotOptions: Equatable {
    /// The `learning_rate_file` to read.
    var input = ""
    /// The SVG file to write; default `<input>.svg`.
    var output: String?
    /// Title on top of the image; default the input path.
    var title: String?
    /// `-h`/`--help`.
    var help = false

    static let usage = """
        usage: returnn plot LEARNING_RATE_FILE [-o OUT.svg] [--title TEXT]
          draws the scores and errors per epoch (train, dev, ...) and the learning rate per epoch
          (log scale) of a learning_rate_file into an SVG image, as i6_core's ReturnnTrainingJob.plot
          -o, --output   the SVG file to write (default LEARNING_RATE_FILE.svg); for a PNG convert it,
                         e.g. rsvg-convert -o curves.png curves.svg
          --title        title on top of the image (default the file's path)
        """

    /// A malformed command line (exit status 2).
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    /// The output path: `output`, else the input with `.svg` appended.
    var outputPath: String { output ?? input + ".svg" }

    /// Parses the arguments after `plot`.
    static func parse(_ args: [String]) throws -> PlotOptions {
        var o = PlotOptions()
        var positional: [String] = []
        var i = 0
        while i < args.count {
            var a = args[i]
            var inline: String?
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                inline = String(a[a.index(after: eq)...])
                a = String(a[..<eq])
            }
            func value() throws -> String {
                if let inline { return inline }
                i += 1
                guard i < args.count else { throw UsageError(description: "\(a) needs a value") }
                return args[i]
            }
            switch a {
            case "-h", "--help": o.help = true
            case "-o", "--output": o.output = try value()
            case "--title": o.title = try value()
            default:
                guard !a.hasPrefix("-") || a == "-" else { throw UsageError(description: "unknown option \(a)") }
                positional.append(a)
            }
            i += 1
        }
        if o.help { return o }
        guard positional.count == 1 else {
            throw UsageError(description: positional.isEmpty ? "no learning_rate_file given"
                             : "expected one learning_rate_file, got \(positional.count): \(positional.joined(separator: " "))")
        }
        o.input = positional[0]
        let out = o.outputPath.lowercased()
        if out.hasSuffix(".png") {
            throw UsageError(description: "\(o.outputPath): returnn plot writes SVG only; write -o \(o.outputPath.dropLast(4)).svg and convert it, "
                             + "e.g. rsvg-convert -o \(o.outputPath) \(o.outputPath.dropLast(4)).svg")
        }
        guard out.hasSuffix(".svg") else {
            throw UsageError(description: "\(o.outputPath): the output file must end in .svg")
        }
        return o
    }
}
