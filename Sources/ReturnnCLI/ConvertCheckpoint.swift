import Foundation
import ReturnnTraining

/// `returnn convert-checkpoint IN OUT [--force]`: converts a model between TensorFlow's checkpoint
/// format (`.index` + `.data-00000-of-00001` + `.meta`, what upstream RETURNN's TF backend reads
/// and writes) and safetensors (`.safetensors` + `.opt.safetensors`), parameters, optimizer state
/// and metadata alike. The output format follows OUT's name: ending in `.safetensors`, else TF.
///
/// Exit status 0 on success, 1 for a user error (missing or damaged input, existing output),
/// 2 for a malformed command line. Messages go to stderr as
/// `returnn convert-checkpoint: error: ...`.
enum ConvertCheckpoint {
    static let usage = """
        usage: returnn convert-checkpoint IN OUT [--force]

        Converts a model between TensorFlow's checkpoint format and safetensors.

          IN       a model: its name (model.005), found in the format on disk (model.005.index,
                   else model.005.safetensors), or one of its files (model.005.index, .meta,
                   .data-00000-of-00001, .safetensors, .opt.safetensors)
          OUT      ending in .safetensors: writes OUT and OUT's .opt.safetensors (optimizer state);
                   else (model.005 or model.005.index): writes model.005.index,
                   model.005.data-00000-of-00001 and model.005.meta
          --force  replace an existing OUT
          -h, --help  show this help

        Converting our own model there and back gives the same bytes. A TensorFlow checkpoint
        written by upstream RETURNN has no swift-returnn metadata: the epoch is taken from its
        name and the global step from its global_step variable.
        """

    /// Runs the command with the arguments after `convert-checkpoint`; returns the exit status.
    static func run(_ args: [String]) -> Int32 {
        var positional: [String] = []
        var force = false
        for a in args {
            switch a {
            case "-h", "--help":
                print(usage)
                return 0
            case "--force": force = true
            default:
                if a.hasPrefix("-") && a.count > 1 {
                    writeError("unknown option '\(a)'\n\(usage)")
                    return 2
                }
                positional.append(a)
            }
        }
        guard positional.count == 2 else {
            writeError("expected IN and OUT, got \(positional.count) argument\(positional.count == 1 ? "" : "s")\n\(usage)")
            return 2
        }
        let (input, output) = (positional[0], positional[1])
        do {
            let inName = Checkpoint.name(fromPath: input)
            guard let inFormat = CheckpointFormat.detect(inName) ?? (Checkpoint.paramsFile(inName) != nil ? .safetensors : nil) else {
                writeError("\(input): no model there (none of \(inName).index, \(inName).safetensors or \(inName) exists)")
                return 1
            }
            let outFormat: CheckpointFormat = output.hasSuffix(Checkpoint.paramsSuffix) ? .safetensors : .tf
            let outName = Checkpoint.name(fromPath: output)
            let outMarker = outFormat == .tf ? outName + ".index" : Checkpoint.paramsPath(outName)
            if FileManager.default.fileExists(atPath: outMarker) && !force {
                writeError("\(outMarker) exists; use --force to replace it")
                return 1
            }
            let (checkpoint, isForeign) = try Checkpoint.loadAll(from: inName)
            if isForeign {
                let m = checkpoint.metadata
                print("note: \(input) has no swift-returnn metadata: epoch \(m.epoch) (from its name), global step \(m.globalStep); the effective learning rate is unknown")
            }
            try checkpoint.save(to: outName, format: outFormat)
            let files = outFormat == .tf ? "\(outName).index, .data-00000-of-00001, .meta" : "\(outName).safetensors, .opt.safetensors"
            print("Converted \(inName) (\(inFormat.rawValue): \(checkpoint.params.count) parameters, \(checkpoint.optimizerState.count) optimizer tensors, epoch \(checkpoint.metadata.epoch), global step \(checkpoint.metadata.globalStep)) to \(files)")
            return 0
        } catch {
            writeError("\(error)")
            return 1
        }
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(("returnn convert-checkpoint: error: " + text + "\n").data(using: .utf8)!)
    }
}
