import Foundation
import ReturnnConfig

/// The config reader and interpreter: a mutated config loads, or fails with a `ConfigError`
/// located in the file. Mutations work on lines and tokens of the language as well as on bytes.
struct ConfigFuzzTarget: FuzzTarget {
    let name = "config"
    let fileExtension = "config"
    /// Seed texts: the built-in ones and the given config files.
    let seeds: [[UInt8]]

    /// Pieces of the language that mutations insert or put in place of others.
    static let tokens: [String] = [
        "class ", "def ", "try:", "except ", "except:", "finally:", "with ", " as ", "@", "@staticmethod\n", "lambda ",
        "import ", "from ", "yield ", "return ", "raise ", "assert ", "del ", "global ", "nonlocal ", "pass", "if ",
        "elif ", "else:", "for ", "while ", " in ", " not ", " and ", " or ", " is ", "(", ")", "[", "]", "{", "}", ":",
        ",", ".", "=", "==", "**", "*", "//", "%", "+=", "'", "\"", "\"\"\"", "\\", "\n", "\n    ", "    ", "\t", "#",
        "f\"{", "}\"", "{0}", "{x!r:>{w}}", "0", "-1", "10**9", "2**63", "1e308", "-0.0", "None", "True", "self",
        "super()", "__init__", "__class__", "__dict__", "object", "range(10**9)", "os.environ", "sys.argv", "...",
        ";", "!", "$", "é", "\u{0}", "\u{FEFF}", "x", "y", "_", "config", "network", "\"class\"",
    ]

    init(files: [String]) throws {
        seeds = ConfigFuzzSeeds.all.map { Array($0.utf8) } + (try files.map { try FuzzFiles.bytes($0) })
    }

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        var text = rng.pick(seeds)
        let other = rng.pick(seeds)
        for _ in 0..<(1 + rng.below(4)) {
            if rng.chance(0.3) { ByteMutator.edit(&text, other: other, rng: &rng) } else { editTokens(&text, rng: &rng) }
        }
        try FuzzFiles.write(text, to: path)
    }

    /// One edit on tokens or lines.
    func editTokens(_ text: inout [UInt8], rng: inout FuzzRandom) {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        switch rng.below(7) {
        case 0:  // insert a token
            text.insert(contentsOf: Array(rng.pick(Self.tokens).utf8), at: rng.below(text.count + 1))
            return
        case 1:  // replace a few bytes by a token
            guard !text.isEmpty else { return }
            let at = rng.below(text.count), len = min(1 + rng.below(6), text.count - at)
            text.replaceSubrange(at..<(at + len), with: Array(rng.pick(Self.tokens).utf8))
            return
        case 2:  // delete a line
            if !lines.isEmpty { lines.remove(at: rng.below(lines.count)) }
        case 3:  // duplicate a line
            if !lines.isEmpty { lines.insert(lines[rng.below(lines.count)], at: rng.below(lines.count + 1)) }
        case 4:  // swap two lines
            if lines.count > 1 { lines.swapAt(rng.below(lines.count), rng.below(lines.count)) }
        case 5:  // change the indentation of a line
            if !lines.isEmpty {
                let i = rng.below(lines.count)
                let body = lines[i].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                lines[i] = Array(repeating: UInt8(ascii: " "), count: rng.pick([0, 1, 2, 4, 8])) + body
            }
        default:  // deep nesting
            let open = rng.pick(["(", "[", "{", "-", "not "])
            let depth = rng.pick([10, 100, 199, 201, 1000])
            text.insert(contentsOf: Array(String(repeating: open, count: depth).utf8), at: rng.below(text.count + 1))
            return
        }
        text = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    func run(path: String) -> FuzzOutcome {
        let env = ConfigEnvironment(environment: ["HOME": "/nonexistent"], argv: ["returnn", path], userName: "fuzz", uid: 1000) { _ in }
        var sandbox = env
        sandbox.errorOutput = { _ in }
        let config = Config(environment: sandbox)
        do {
            try config.load(file: path)
            return .accepted
        } catch let e as ConfigError {
            guard let loc = e.location else { return .finding("error without a location: \(e)") }
            guard loc.file == path else { return .finding("error located outside the file (\(loc)): \(e)") }
            return .rejected
        } catch {
            return .finding("not a ConfigError: \(type(of: error)): \(error)")
        }
    }
}
