import ReturnnConfig
import ReturnnTensor

/// Control flow of `eval` layers, run eagerly: `tf.cond` calls one branch, `tf.while_loop` loops
/// in the interpreter (bounded by the config step limit and `maxLoopIterations`); plus
/// `tf.identity`, `tf.stop_gradient`, and the scopes that change nothing in eager code
/// (`tf.name_scope`, `tf.device`, `tf.control_dependencies`).
extension EvalSession {
    /// `tf.cond(pred, true_fn, false_fn)`: calls the branch the (Python or scalar tensor) predicate
    /// selects.
    func cond(_ pred: ConfigValue, _ trueFn: ConfigValue, _ falseFn: ConfigValue, function: String) throws -> ConfigValue {
        if case .object(let t as TensorValue) = pred.kind, t.count != 1 {
            throw ConfigError(.value, "\(function): the predicate must be a scalar, got shape \(TensorShapeObject.tupleText(t.shape))", pythonClass: "ValueError")
        }
        for f in [trueFn, falseFn] where !f.isCallable {
            throw ConfigError(.type, "\(function): true_fn and false_fn must be callables (e.g. lambda: x), got \(f.typeName)")
        }
        return try (pred.isTruthy ? trueFn : falseFn).call()
    }

    /// `tf.while_loop(cond, body, loop_vars, maximum_iterations=None)`: Python numbers among the
    /// loop variables become tensors (as TF converts them); the result has the structure of
    /// `loop_vars`, except that a single variable comes back unwrapped when `unwrapSingle`
    /// (TF1's `tf.compat.v1.while_loop`).
    func whileLoop(_ p: BoundArguments, unwrapSingle: Bool, function: String) throws -> ConfigValue {
        let condFn = p["cond"]!, bodyFn = p["body"]!, loopVars = p["loop_vars"]!
        guard condFn.isCallable, bodyFn.isCallable else { throw ConfigError(.type, "\(function): cond and body must be callables") }
        guard let initial = loopVars.sequenceItems else {
            throw ConfigError(.type, "\(function): loop_vars must be a list or tuple, got \(loopVars.typeName)")
        }
        let limit = try p.value("maximum_iterations").map { try int($0, function: function, what: "maximum_iterations") }
        var vars = try initial.map { try loopVariable($0, function: function) }
        var n = 0
        while try condFn.call(vars).isTruthy {
            if let limit, n >= limit { break }
            n += 1
            guard n <= EvalSession.maxLoopIterations else {
                throw ConfigError(.limit, "\(function) ran more than \(EvalSession.maxLoopIterations) iterations; is the condition ever false?")
            }
            let r = try bodyFn.call(vars)
            let next = vars.count == 1 && r.sequenceItems == nil ? [r] : (r.sequenceItems ?? [r])
            guard next.count == vars.count else {
                throw ConfigError(.value, "\(function): body returned \(next.count) values for \(vars.count) loop variables", pythonClass: "ValueError")
            }
            vars = try next.map { try loopVariable($0, function: function) }
        }
        if unwrapSingle && vars.count == 1 { return vars[0] }
        if case .list = loopVars.kind { return .list(vars) }
        return ConfigValue(.tuple(vars))
    }

    /// A loop variable: numbers become tensors, nested lists and tuples keep their structure.
    private func loopVariable(_ v: ConfigValue, function: String) throws -> ConfigValue {
        switch v.kind {
        case .bool, .int, .float: return ConfigValue(.object(try tensor(v, function: function)))
        case .list(let l): return .list(try l.items.map { try loopVariable($0, function: function) })
        case .tuple(let t): return ConfigValue(.tuple(try t.map { try loopVariable($0, function: function) }))
        case .object(let o) where o is TensorValue: return v
        default: throw ConfigError(.type, "\(function): loop variables must be tensors, numbers, lists or tuples, got \(v.typeName)")
        }
    }

    /// `tf.stop_gradient(x)`: the same values, no gradient.
    func stopGradient(_ x: TensorValue) -> TensorValue {
        guard case .float(let v) = x.payload else { return x }
        return float(Variable(v.value))
    }

    /// A context manager that does nothing (`with tf.name_scope("x"):`).
    func nullContext() -> ConfigValue { ConfigValue(.object(NullContext())) }

    /// `tf.name_scope`, `tf.device`, `tf.control_dependencies` in eager code: scopes without effect.
    private final class NullContext: PyObject {
        override var typeName: String { "name_scope" }
        override func enter() throws -> ConfigValue? { ConfigValue.none }
        override func exit(_ error: ConfigValue?) throws -> Bool { false }
    }
}
