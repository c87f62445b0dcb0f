import Foundation

/// The `chunking` option: cut sequences into overlapping windows (RETURNN `_parse_chunking`).
///
/// `"size:step"` (split on ":", not on ","), a bare size (step = size), or per-key dicts. Step 0
/// means step = size. Size 0 disables chunking. Non-recurrent networks ignore chunking.
public struct Chunking: Sendable, Equatable {
    /// Chunk size per key (broadcast value for all keys when given as an int).
    public var size: NumbersDict
    /// Chunk step per key.
    public var step: NumbersDict

    /// No chunking (the default, and always for dev/eval unless `chunk_eval`).
    public static let none = Chunking(uncheckedSize: NumbersDict(0), step: NumbersDict(0))

    init(uncheckedSize: NumbersDict, step: NumbersDict) {
        size = uncheckedSize
        self.step = step
    }

    /// Validates sizes and steps as upstream: sizes positive, same keys for size and step, a positive step.
    public init(size: NumbersDict, step: NumbersDict? = nil, dataset: String = "dataset") throws {
        let bad = { (m: String) in DatasetError.invalidOption(dataset: dataset, option: "chunking", message: m) }
        let isZero = !size.isNonZero
        if !isZero, let mn = size.minValue, mn <= 0 {
            throw bad("chunk size must be positive, got \(size)")
        }
        var st = step ?? size
        if !st.isNonZero { st = size }
        if !isZero {
            guard Set(st.keys) == Set(size.keys), (st.value == nil) == (size.value == nil) else {
                throw bad("chunk step keys \(st) must match chunk size keys \(size)")
            }
            guard let mx = st.maxValue, mx > 0 else { throw bad("chunk step must be positive for some key, got \(st)") }
        }
        self.size = size
        self.step = st
    }

    /// `size:step` as ints (step 0 → size).
    public init(size: Int, step: Int = 0, dataset: String = "dataset") throws {
        try self.init(size: NumbersDict(size), step: NumbersDict(step), dataset: dataset)
    }

    /// Parses `"size:step"` or `"size"` (RETURNN's string form).
    public init(parsing s: String, dataset: String = "dataset") throws {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard (1...2).contains(parts.count), let size = Int(parts[0]), parts.count == 1 || Int(parts[1]) != nil else {
            throw DatasetError.invalidOption(dataset: dataset, option: "chunking",
                                             message: "'\(s)' is not 'size:step' or 'size' (integers separated by ':')")
        }
        try self.init(size: size, step: parts.count == 2 ? Int(parts[1])! : 0, dataset: dataset)
    }

    /// Whether chunking is active.
    public var isEnabled: Bool { size.isNonZero }
}
