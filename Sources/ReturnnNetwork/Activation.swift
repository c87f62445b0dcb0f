import Foundation
import ReturnnConfig
import ReturnnTensor

/// An activation function of `linear`/`softmax`/`activation`/`rec` layers (RETURNN `activation`,
/// `get_activation_function`): a name, `None`/`"none"`/`"identity"`/`"linear"` for none, or an
/// expression over names and numbers such as `"2*sigmoid"` or `"relu + 0.5*tanh"` (`+ - * /` and
/// parentheses).
///
/// Names: relu, tanh, sigmoid, softmax, log_softmax, elu, exp, log, abs, softplus, square, sqrt,
/// neg, swish/silu, log_sigmoid, identity.
public indirect enum Activation: Equatable, Sendable, CustomStringConvertible {
    /// The input unchanged.
    case identity
    /// A named function.
    case function(String)
    /// A number.
    case number(Double)
    /// `lhs op rhs` with op one of `+ - * /`.
    case binary(Character, Activation, Activation)

    /// Supported function names.
    public static let names = [
        "relu", "tanh", "sigmoid", "softmax", "log_softmax", "elu", "exp", "log", "abs", "softplus", "square",
        "sqrt", "neg", "swish", "silu", "log_sigmoid", "identity",
    ]

    /// Parses an activation string; throws a message with a suggestion for unknown names.
    public static func parse(_ text: String) throws(ActivationError) -> Activation {
        let t = text.trimmingCharacters(in: .whitespaces)
        if ["", "none", "None", "identity", "linear"].contains(t) { return .identity }
        var p = Parser(chars: Array(t), pos: 0, text: t)
        let e = try p.expression()
        guard p.pos == p.chars.count else { throw ActivationError(message: "cannot parse activation '\(t)' at position \(p.pos)") }
        return e
    }

    /// Whether this is exactly `softmax` (the layer then exposes logits for a fused CE loss).
    public var isSoftmax: Bool { self == .function("softmax") }

    /// Whether this is exactly `log_softmax`.
    public var isLogSoftmax: Bool { self == .function("log_softmax") }

    /// Applies the activation on the tape.
    public func apply(_ x: Variable, _ tape: Tape) -> Variable {
        switch self {
        case .identity: return x
        case .number(let v): return Variable(Tensor(scalar: Float(v)))
        case .function(let name): return Activation.applyNamed(name, x, tape)
        case .binary(let op, let l, let r):
            if case .number(let a) = l, op == "*" { return tape.scale(r.apply(x, tape), by: Float(a)) }
            if case .number(let a) = r, op == "*" { return tape.scale(l.apply(x, tape), by: Float(a)) }
            if case .number(let a) = r, op == "/" { return tape.scale(l.apply(x, tape), by: Float(1 / a)) }
            let a = l.apply(x, tape), b = r.apply(x, tape)
            switch op {
            case "+": return tape.add(a, b)
            case "-": return tape.sub(a, b)
            case "*": return tape.mul(a, b)
            default: return tape.div(a, b)
            }
        }
    }

    static func applyNamed(_ name: String, _ x: Variable, _ tape: Tape) -> Variable {
        switch name {
        case "relu": return tape.relu(x)
        case "tanh": return tape.tanh(x)
        case "sigmoid": return tape.sigmoid(x)
        case "softmax": return tape.softmax(x)
        case "log_softmax": return tape.logSoftmax(x)
        case "elu": return tape.elu(x)
        case "exp": return tape.exp(x)
        case "log": return tape.log(x)
        case "abs": return tape.abs(x)
        case "softplus": return tape.softplus(x)
        case "square": return tape.square(x)
        case "sqrt": return tape.sqrt(x)
        case "neg": return tape.neg(x)
        case "swish", "silu": return tape.mul(x, tape.sigmoid(x))
        case "log_sigmoid": return tape.neg(tape.softplus(tape.neg(x)))
        case "identity": return x
        default: preconditionFailure("Activation: unknown name '\(name)' passed parsing")
        }
    }

    /// The expression as text.
    public var description: String {
        switch self {
        case .identity: return "identity"
        case .function(let n): return n
        case .number(let v): return v == v.rounded() ? String(Int(v)) : String(v)
        case .binary(let op, let l, let r): return "(\(l) \(op) \(r))"
        }
    }

    struct Parser {
        let chars: [Character]
        var pos: Int
        let text: String

        mutating func skip() { while pos < chars.count, chars[pos] == " " { pos += 1 } }

        mutating func expression() throws(ActivationError) -> Activation {
            var lhs = try term()
            skip()
            while pos < chars.count, chars[pos] == "+" || chars[pos] == "-" {
                let op = chars[pos]; pos += 1
                lhs = .binary(op, lhs, try term()); skip()
            }
            return lhs
        }

        mutating func term() throws(ActivationError) -> Activation {
            var lhs = try factor()
            skip()
            while pos < chars.count, chars[pos] == "*" || chars[pos] == "/" {
                let op = chars[pos]; pos += 1
                lhs = .binary(op, lhs, try factor()); skip()
            }
            return lhs
        }

        mutating func factor() throws(ActivationError) -> Activation {
            skip()
            guard pos < chars.count else { throw ActivationError(message: "activation '\(text)' ends unexpectedly") }
            if chars[pos] == "(" {
                pos += 1
                let e = try expression()
                skip()
                guard pos < chars.count, chars[pos] == ")" else { throw ActivationError(message: "missing ')' in activation '\(text)'") }
                pos += 1
                return e
            }
            let start = pos
            if chars[pos].isNumber || chars[pos] == "." {
                while pos < chars.count, chars[pos].isNumber || chars[pos] == "." || chars[pos] == "e" { pos += 1 }
                guard let v = Double(String(chars[start..<pos])) else {
                    throw ActivationError(message: "bad number in activation '\(text)'")
                }
                return .number(v)
            }
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" || chars[pos] == "." { pos += 1 }
            var name = String(chars[start..<pos])
            for prefix in ["tf.nn.", "tf.math.", "tf."] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
            guard !name.isEmpty else { throw ActivationError(message: "unexpected '\(chars[pos])' in activation '\(text)'") }
            guard Activation.names.contains(name) else {
                var msg = "unknown activation '\(name)'"
                if let s = EditDistance.closest(to: name, in: Activation.names) { msg += "; did you mean '\(s)'?" }
                throw ActivationError(message: msg)
            }
            return name == "identity" ? .identity : .function(name)
        }
    }
}

/// An activation string that cannot be parsed.
public struct ActivationError: Error, Sendable {
    /// What is wrong, with a suggestion when there is one.
    public let message: String
}
