import Foundation

/// An insertion-ordered map from names to values: the global namespace of a Python config,
/// shared with `Config`'s typed store (as upstream, where `typed_dict` *is* the config's globals).
///
/// It is backed by a dict value, so that `globals()` (and `locals()` at module level) hand the
/// config the live namespace: `locals().update(**config)` sets globals, as in Python.
public final class ConfigNamespace {
    /// The namespace as a dict value (str keys).
    public let dict: ConfigDict

    /// Creates an empty namespace.
    public init() { dict = ConfigDict() }

    /// A namespace over an existing dict (`eval(text, globals_dict)`).
    public init(dict: ConfigDict) { self.dict = dict }

    /// The value of `name`, if set.
    public subscript(name: String) -> ConfigValue? {
        get { dict.get(name) }
        set {
            if let v = newValue {
                dict.set(name, v)
            } else {
                _ = try? dict.remove(.str(name))
            }
        }
    }

    /// Names in the order they were first set (keys that are not str are left out).
    public var names: [String] { dict.keys.compactMap { $0.stringValue } }

    /// Whether `name` is set.
    public func contains(_ name: String) -> Bool { dict.get(name) != nil }

    /// Number of names.
    public var count: Int { names.count }

    /// Name/value pairs in insertion order.
    public var entries: [(name: String, value: ConfigValue)] {
        zip(dict.keys, dict.values).compactMap { k, v in k.stringValue.map { ($0, v) } }
    }
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
    /// Receives what a config writes to `sys.stderr` (`print(..., file=sys.stderr)`), as is.
    public var errorOutput: (String) -> Void = { text in FileHandle.standardError.writeOutput(text) }

    /// Creates an environment.
    public init(environment: [String: String], argv: [String], userName: String, uid: Int, output: @escaping (String) -> Void) {
        self.environment = environment
        self.argv = argv
        self.userName = userName
        self.uid = uid
        self.output = output
    }
}
