/// Python's `repr()` text of plain values, for files that Python code reads back with `eval` or
/// `ast.literal_eval` (the config interpreter's own formatting, one copy).
public enum PythonRepr {
    /// `repr(s)` of a str: `'a b'`, `"it's"`, escapes as Python writes them.
    public static func string(_ s: String) -> String { ValueFormatting.strRepr(s) }

    /// `repr(d)` of a float: shortest round-trip digits (`0.1`, `1e-05`, `100.0`, `nan`, `-inf`).
    public static func float(_ d: Double) -> String { ValueFormatting.floatRepr(d) }

    /// `repr()` of a numpy float32 scalar as numpy 1.x writes it (numpy 2 with `legacy="1.25"`):
    /// the shortest digits that identify the float32, in Python's float notation (`-0.1`,
    /// `1234567.0`, `1e-05`, `-3e+20`, `nan`, `-inf`).
    public static func float32(_ f: Float) -> String {
        guard f.isFinite, let shortest = Double(f.description) else { return ValueFormatting.floatRepr(Double(f)) }
        return ValueFormatting.floatRepr(shortest)
    }
}
