/// An object of the config language beyond the built-in value kinds: classes and their instances,
/// exceptions, descriptors, numpy arrays, read-only files, dim tags (`ConfigValue.Kind.object`).
///
/// Each hook has Python's default behaviour; subclasses override what their type supports.
/// Hooks throw `ConfigError` without a location; the interpreter adds the expression's.
open class PyObject {
    /// Creates an object.
    public init() {}

    /// Python's type name (`type(x).__name__`).
    open var typeName: String { "object" }

    /// `obj.name`, or nil when the object has no such attribute (the caller reports it).
    open func attribute(_ name: String) throws -> ConfigValue? { nil }

    /// Attribute names, for "did you mean" suggestions.
    open var attributeNames: [String] { [] }

    /// `obj.name = value`.
    open func setAttribute(_ name: String, _ value: ConfigValue) throws {
        throw ConfigError(.type, "cannot set attribute '\(name)' of a '\(typeName)' object", pythonClass: "AttributeError")
    }

    /// `del obj.name`.
    open func deleteAttribute(_ name: String) throws {
        throw ConfigError(.type, "cannot delete attribute '\(name)' of a '\(typeName)' object", pythonClass: "AttributeError")
    }

    /// Whether `obj(...)` is possible.
    open var isCallable: Bool { false }

    /// `obj(*args, **kwargs)`.
    open func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        throw ConfigError(.type, "'\(typeName)' object is not callable")
    }

    /// `obj[index]`.
    open func getItem(_ index: ConfigValue) throws -> ConfigValue {
        throw ConfigError(.type, "'\(typeName)' object is not subscriptable")
    }

    /// `obj[lower:upper:step]`.
    open func getSlice(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) throws -> ConfigValue {
        throw ConfigError(.type, "'\(typeName)' object is not subscriptable")
    }

    /// `obj[index] = value`.
    open func setItem(_ index: ConfigValue, _ value: ConfigValue) throws {
        throw ConfigError(.type, "'\(typeName)' object does not support item assignment")
    }

    /// `del obj[index]`.
    open func deleteItem(_ index: ConfigValue) throws {
        throw ConfigError(.type, "'\(typeName)' object doesn't support item deletion")
    }

    /// The elements `for x in obj` visits, or nil when the object is not iterable.
    open func iterate() throws -> [ConfigValue]? { nil }

    /// `len(obj)`, or nil when the object has no length.
    open func length() throws -> Int? { nil }

    /// `x in obj`, or nil to fall back to iteration.
    open func contains(_ x: ConfigValue) throws -> Bool? { nil }

    /// Python `bool(obj)`.
    open func isTruthy() throws -> Bool {
        if let n = try length() { return n != 0 }
        return true
    }

    /// Python `repr(obj)`.
    open func repr() throws -> String { "<\(typeName) object>" }

    /// Python `str(obj)`.
    open func str() throws -> String { try repr() }

    /// `obj op other` for `==`, `!=`, `<`, `<=`, `>`, `>=` (any value: numpy compares element-wise),
    /// or nil when not defined (then `==` is identity and ordering a `TypeError`).
    open func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? { nil }

    /// The key under which the object is a dict key or set element (identity by default).
    open func hashKey() throws -> ConfigHashKey { .object(ObjectIdentifier(self)) }

    /// `obj op other` (or `other op obj` when `reflected`); nil when the operation is not defined
    /// (Python's `NotImplemented`).
    open func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? { nil }

    /// `-obj`, `+obj`, `~obj`, or nil when not defined.
    open func unary(_ op: UnaryOperator) throws -> ConfigValue? { nil }

    /// `with obj as x:` entry: the value bound to `x`; nil when the object is no context manager.
    open func enter() throws -> ConfigValue? { nil }

    /// `with` exit; `error` is the exception leaving the block, if any. Returns whether it is
    /// suppressed.
    open func exit(_ error: ConfigValue?) throws -> Bool { false }

    /// Whether `isinstance(obj, cls)` holds for the class object `cls` (beyond the object's own
    /// class chain).
    open func isInstance(of cls: ConfigClass) -> Bool { cls.isBuiltin && cls.name == "object" }

    /// The class of the object for `type(obj)` and `isinstance`, if it has one.
    open var pyClass: ConfigClass? { nil }

    /// The object as a Python number for `int(obj)` and `float(obj)` (Python's `__int__`/
    /// `__float__`; a numpy array of one element), or nil when it is no number.
    open func numberValue() throws -> ConfigValue? { nil }

    /// Whether the object stands for a sequence of values where the engine expects a list (a
    /// numpy array): `ConfigValue.sequenceItems` then gives its elements.
    open var isSequence: Bool { false }
}
