import Foundation
import ReturnnConfig
import ReturnnTensor

/// How a parameter is initialized (RETURNN `forward_weights_init`, `bias_init`,
/// `recurrent_weights_init`, ... through `get_initializer`).
///
/// Accepted config values: a number (constant), or a name with optional keyword arguments as in
/// TF: `"glorot_uniform"` (default for weights), `"glorot_normal"`, `"xavier"`, `"zeros"`, `"ones"`,
/// `"orthogonal"`, `"random_normal_initializer(mean=0, stddev=0.1)"`,
/// `"truncated_normal_initializer(stddev=0.1)"`, `"random_uniform_initializer(minval=-0.1, maxval=0.1)"`,
/// `"variance_scaling_initializer(scale=1.0, mode='fan_in', distribution='uniform')"`,
/// `"constant_initializer(value=0.5)"`. Values are drawn from a `RandomGenerator` seeded per parameter
/// name, so a network initializes the same way every time.
public enum Initializer: Equatable, Sendable {
    /// All elements `value`.
    case constant(Float)
    /// TF `variance_scaling_initializer`: `n` = fan_in, fan_out or their mean.
    case varianceScaling(scale: Double, mode: FanMode, distribution: Distribution)
    /// Normal with mean and stddev (optionally truncated at 2σ).
    case normal(mean: Float, stddev: Float, truncated: Bool)
    /// Uniform in `[minval, maxval)`.
    case uniform(minval: Float, maxval: Float)
    /// Orthogonal matrix (QR of a normal matrix, as TF), times `gain`.
    case orthogonal(gain: Float)

    /// Which fan `varianceScaling` uses.
    public enum FanMode: String, Sendable { case fanIn = "fan_in", fanOut = "fan_out", fanAvg = "fan_avg" }
    /// Distribution of `varianceScaling`.
    public enum Distribution: String, Sendable {
        case uniform, normal, truncatedNormal = "truncated_normal", untruncatedNormal = "untruncated_normal"
    }

    /// Glorot/Xavier uniform, RETURNN's default for weights.
    public static let glorotUniform = Initializer.varianceScaling(scale: 1, mode: .fanAvg, distribution: .uniform)

    /// Parses a config value (number or initializer string); `context` names the option for errors.
    public static func parse(_ value: ConfigValue, context: String) throws -> Initializer {
        if let d = value.doubleValue { return .constant(Float(d)) }
        guard let s = value.stringValue else {
            throw ConfigError(.type, "\(context): expected a number or an initializer name, got \(value.typeName)", at: value.location)
        }
        do { return try parse(s) } catch let message as InitializerMessage {
            throw ConfigError(.value, "\(context): \(message.text)", at: value.location)
        }
    }

    struct InitializerMessage: Error { let text: String }

    static let knownNames = [
        "glorot_uniform", "glorot_normal", "xavier", "xavier_initializer", "zeros", "ones", "orthogonal",
        "random_normal_initializer", "truncated_normal_initializer", "random_uniform_initializer",
        "variance_scaling_initializer", "constant_initializer", "he_normal", "he_uniform", "lecun_normal",
        "lecun_uniform",
    ]

    static func parse(_ text: String) throws -> Initializer {
        let s = text.trimmingCharacters(in: .whitespaces)
        var name = s, args: [String: String] = [:], positional: [String] = []
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            name = String(s[..<open]).trimmingCharacters(in: .whitespaces)
            let inner = s[s.index(after: open)..<s.index(before: s.endIndex)]
            for part in inner.split(separator: ",") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if p.isEmpty { continue }
                if let eq = p.firstIndex(of: "=") {
                    args[p[..<eq].trimmingCharacters(in: .whitespaces)] =
                        p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                } else {
                    positional.append(p.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
                }
            }
        }
        if let n = Double(name) { return .constant(Float(n)) }
        func num(_ key: String, _ pos: Int, _ def: Double) throws -> Double {
            let raw = args.removeValue(forKey: key) ?? (pos < positional.count ? positional[pos] : nil)
            guard let raw else { return def }
            guard let v = Double(raw) else { throw InitializerMessage(text: "'\(key)=\(raw)' in '\(text)' is not a number") }
            return v
        }
        let result: Initializer
        switch name.lowercased() {
        case "glorot_uniform", "xavier", "xavier_initializer", "glorot_uniform_initializer":
            result = .glorotUniform
        case "glorot_normal", "glorot_normal_initializer":
            result = .varianceScaling(scale: 1, mode: .fanAvg, distribution: .truncatedNormal)
        case "he_normal": result = .varianceScaling(scale: 2, mode: .fanIn, distribution: .truncatedNormal)
        case "he_uniform": result = .varianceScaling(scale: 2, mode: .fanIn, distribution: .uniform)
        case "lecun_normal": result = .varianceScaling(scale: 1, mode: .fanIn, distribution: .truncatedNormal)
        case "lecun_uniform": result = .varianceScaling(scale: 1, mode: .fanIn, distribution: .uniform)
        case "zeros", "zeros_initializer": result = .constant(0)
        case "ones", "ones_initializer": result = .constant(1)
        case "constant_initializer", "constant": result = .constant(Float(try num("value", 0, 0)))
        case "orthogonal", "orthogonal_initializer": result = .orthogonal(gain: Float(try num("gain", 0, 1)))
        case "random_normal_initializer", "random_normal":
            result = .normal(mean: Float(try num("mean", 0, 0)), stddev: Float(try num("stddev", 1, 1)), truncated: false)
        case "truncated_normal_initializer", "truncated_normal":
            result = .normal(mean: Float(try num("mean", 0, 0)), stddev: Float(try num("stddev", 1, 1)), truncated: true)
        case "random_uniform_initializer", "random_uniform":
            result = .uniform(minval: Float(try num("minval", 0, -0.05)), maxval: Float(try num("maxval", 1, 0.05)))
        case "variance_scaling_initializer", "variance_scaling":
            let scale = try num("scale", 0, 1)
            let modeRaw = args.removeValue(forKey: "mode") ?? (positional.count > 1 ? positional[1] : "fan_in")
            let distRaw = args.removeValue(forKey: "distribution") ?? (positional.count > 2 ? positional[2] : "truncated_normal")
            guard let mode = FanMode(rawValue: modeRaw.lowercased()) else {
                throw InitializerMessage(text: "unknown mode '\(modeRaw)' in '\(text)' (use fan_in, fan_out or fan_avg)")
            }
            let dist: Distribution
            switch distRaw.lowercased() {
            case "normal", "truncated_normal": dist = .truncatedNormal
            case "uniform": dist = .uniform
            case "untruncated_normal": dist = .untruncatedNormal
            default: throw InitializerMessage(text: "unknown distribution '\(distRaw)' in '\(text)'")
            }
            result = .varianceScaling(scale: scale, mode: mode, distribution: dist)
        default:
            var msg = "unknown initializer '\(name)'"
            if let s = EditDistance.closest(to: name, in: knownNames) { msg += "; did you mean '\(s)'?" }
            throw InitializerMessage(text: msg)
        }
        args.removeValue(forKey: "seed"); args.removeValue(forKey: "dtype")
        if let k = args.keys.sorted().first { throw InitializerMessage(text: "unknown argument '\(k)' in '\(text)'") }
        return result
    }

    /// TF's fans of a variable shape (`_compute_fans`).
    public static func fans(_ shape: [Int]) -> (fanIn: Double, fanOut: Double) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Double(shape[0]), Double(shape[0]))
        case 2: return (Double(shape[0]), Double(shape[1]))
        default:
            let receptive = Double(shape.dropLast(2).reduce(1, *))
            return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
        }
    }

    /// A fresh tensor of `shape` drawn with `generator`.
    public func make(shape: [Int], generator g: inout RandomGenerator) -> Tensor {
        var t = Tensor(zeros: shape)
        let n = t.count
        t.withUnsafeMutableBufferPointer { buf in
            guard let p = buf.baseAddress, n > 0 else { return }
            switch self {
            case .constant(let v): p.update(repeating: v, count: n)
            case .normal(let mean, let stddev, let truncated):
                g.fillNormal(p, count: n, mean: mean, stddev: stddev, truncated: truncated)
            case .uniform(let lo, let hi): g.fillUniform(p, count: n, low: lo, high: hi)
            case .varianceScaling(let scale, let mode, let dist):
                let (fi, fo) = Initializer.fans(shape)
                let fan = Swift.max(1, mode == .fanIn ? fi : mode == .fanOut ? fo : (fi + fo) / 2)
                let v = scale / fan
                switch dist {
                case .uniform:
                    let limit = Float((3 * v).squareRoot())
                    g.fillUniform(p, count: n, low: -limit, high: limit)
                case .truncatedNormal, .normal:
                    g.fillNormal(p, count: n, mean: 0, stddev: Float(v.squareRoot() / 0.87962566103423978), truncated: true)
                case .untruncatedNormal:
                    g.fillNormal(p, count: n, mean: 0, stddev: Float(v.squareRoot()))
                }
            case .orthogonal(let gain):
                Initializer.fillOrthogonal(p, shape: shape, gain: gain, generator: &g)
            }
        }
        return t
    }

    /// Orthogonal init: rows = prod(shape[:-1]), cols = shape[-1]; Gram-Schmidt on a normal matrix
    /// of the taller orientation (equivalent to TF's QR up to signs).
    static func fillOrthogonal(_ p: UnsafeMutablePointer<Float>, shape: [Int], gain: Float, generator g: inout RandomGenerator) {
        let cols = shape.last ?? 1
        let rows = Swift.max(1, shape.dropLast().reduce(1, *))
        let (r, c) = rows < cols ? (cols, rows) : (rows, cols)  // r >= c, orthonormal columns
        var m = (0..<(r * c)).map { _ in g.normal() }
        for j in 0..<c {
            for k in 0..<j {
                var dot = 0.0
                for i in 0..<r { dot += m[i * c + j] * m[i * c + k] }
                for i in 0..<r { m[i * c + j] -= dot * m[i * c + k] }
            }
            var norm = 0.0
            for i in 0..<r { norm += m[i * c + j] * m[i * c + j] }
            norm = Swift.max(norm.squareRoot(), 1e-12)
            for i in 0..<r { m[i * c + j] /= norm }
        }
        for i in 0..<rows {
            for j in 0..<cols {
                p[i * cols + j] = gain * Float(rows < cols ? m[j * c + i] : m[i * c + j])
            }
        }
    }
}
