/// An insertion-ordered map from names to values: the global namespace of a Python config,
/// shared with `Config`'s typed store (as upstream, where `typed_dict` *is* the config's globals).
public final class ConfigNamespace {
    private var storage: [String: ConfigValue] = [:]
    /// Names in the order they were first set.
    public private(set) var names: [String] = []

    /// Creates an empty namespace.
    public init() {}

    /// The value of `name`, if set.
    public subscript(name: String) -> ConfigValue? {
        get { storage[name] }
        set {
            if let v = newValue {
                if storage.updateValue(v, forKey: name) == nil { names.append(name) }
            } else if storage.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    /// Whether `name` is set.
    public func contains(_ name: String) -> Bool { storage[name] != nil }

    /// Number of names.
    public var count: Int { names.count }

    /// Name/value pairs in insertion order.
    public var entries: [(name: String, value: ConfigValue)] { names.map { ($0, storage[$0]!) } }
}

/// What the sandbox exposes of the outside world: environment variables, `sys.argv`, the user
/// name and id, and where `print` writes. Nothing else (no files, processes or network).
public struct ConfigEnvironment {
    /// Environment variables seen by `os.environ.get`.
    public var environment: [String: String]
    /// `sys.argv`.
    public var argv: [String]
    /// Login name (`get_login_username()`, `os.getlogin()`, `pwd.getpwuid(uid)[0]`).
    public var userName: String
    /// `os.getuid()`.
    public var uid: Int
    /// Receives each line printed by `print(...)` in a config (without the newline).
    public var output: (String) -> Void

    /// Creates an environment.
    public init(environment: [String: String], argv: [String], userName: String, uid: Int, output: @escaping (String) -> Void) {
        self.environment = environment
        self.argv = argv
        self.userName = userName
        self.uid = uid
        self.output = output
    }
}
