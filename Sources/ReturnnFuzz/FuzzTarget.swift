/// What one input did, besides crashing or hanging (which the supervisor sees).
enum FuzzOutcome: Equatable {
    /// Read completely.
    case accepted
    /// Refused with an error of the kind the rules ask for.
    case rejected
    /// Refused in a way the rules forbid (an error without a location, of the wrong type, ...).
    case finding(String)
}

/// A reader under test: makes mutated inputs from its seeds and reads them.
protocol FuzzTarget {
    /// The name on the command line ("config", "hdf", "safetensors").
    var name: String { get }
    /// The extension of the input files ("config", "hdf", "safetensors").
    var fileExtension: String { get }
    /// Writes the input that `rng` makes to `path` (the same generator state, the same input).
    func prepare(_ rng: inout FuzzRandom, at path: String) throws
    /// Reads the input at `path` the way `returnn` reads such a file.
    func run(path: String) -> FuzzOutcome
}

/// A target whose input `i` is the `i`-th given file, unchanged (replaying saved inputs).
struct ReplayTarget: FuzzTarget {
    let name: String
    /// The files, in input order.
    let replay: [String]
    /// The target that reads them.
    let reader: any FuzzTarget
    var fileExtension: String { reader.fileExtension }

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        try FuzzFiles.write(try FuzzFiles.bytes(replay[rng.index]), to: path)
    }

    func run(path: String) -> FuzzOutcome { reader.run(path: path) }
}
