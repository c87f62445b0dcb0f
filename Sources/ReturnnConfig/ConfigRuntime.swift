import Foundation

/// What all module interpreters of one `Config` share: the builtins and built-in classes, the
/// imported modules (native ones and the config's own helper `.py` files), `sys.path`, the
/// call stack and the resource counters. Each module (the config file, each helper module) has
/// its own `Interpreter` with its own globals.
final class ConfigRuntime {
    /// What the sandbox sees of the outside world.
    let environment: ConfigEnvironment
    /// `os.environ` as the config sees it: a copy of the process environment that a config may
    /// change (`os.environ["X"] = "1"`) without changing the process's.
    let environ: ConfigDict
    /// The built-in classes (`object`, exceptions).
    let classes = BuiltinClasses()
    /// The builtin functions and classes by name.
    private(set) var builtins: [String: ConfigValue] = [:]
    /// The `config` object of the store, if any.
    var configObject: ConfigValue?
    /// Imported modules by dotted name (native) or by file path (helper modules).
    var modules: [String: ConfigValue] = [:]
    /// `sys.path`: directories searched by `import` for helper modules (after the directory of
    /// the importing file).
    let sysPath = ConfigList()
    /// The active calls and module bodies, innermost last.
    var frames: [Frame] = []
    /// Exceptions being handled (innermost last), for a bare `raise` and `sys.exc_info()`.
    var handling: [ConfigError] = []
    /// Nesting of config function calls.
    var callDepth = 0
    /// Loop iterations plus calls so far (reset per top-level evaluation).
    var steps = 0
    /// Whether evaluation currently runs on a `LargeStack` thread.
    var onLargeStack = false
    /// Syntax trees of helper modules (alive as long as their functions).
    var keepAlive: [[Stmt]] = []
    /// Provides values for names of modules the sandbox does not provide itself, by full dotted
    /// name (`tensorflow.reduce_sum`, `returnn.tf.util.basic.where_bc`), while a layer runs
    /// config code (eval layers); nil otherwise.
    var moduleProvider: ((String) throws -> ConfigValue?)?

    /// The provided value of a full dotted name, if a provider is set and knows it.
    func provided(_ fullName: String) throws -> ConfigValue? { try moduleProvider?(fullName) }

    /// One entry of the call stack.
    struct Frame {
        /// The module the code belongs to.
        let interpreter: Interpreter
        /// The local scope (nil: module level).
        let scope: Scope?
        /// The function being run, if a function.
        let function: UserFunctionInfo?
    }

    init(environment: ConfigEnvironment) {
        self.environment = environment
        environ = ConfigDict()
        for (k, v) in environment.environment.sorted(by: { $0.key < $1.key }) { environ.set(k, .str(v)) }
        builtins = Builtins.make(self)
    }

    /// The interpreter of the innermost frame (the module whose code is running).
    var currentInterpreter: Interpreter? { frames.last?.interpreter }

    /// Runs `body` with `frame` pushed on the call stack.
    func withFrame<T>(_ frame: Frame, _ body: () throws -> T) rethrows -> T {
        frames.append(frame)
        defer { frames.removeLast() }
        return try body()
    }
}
