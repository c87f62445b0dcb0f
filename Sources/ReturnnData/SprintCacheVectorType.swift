/// Element type of a Flow vector stored in a Sprint feature cache (RASR `Flow::Vector<T>`, named
/// `"vector-" + Core::Type<T>::name` by `Core::NameHelper`; registered in `src/Flow/Module.cc`).
///
/// RASR feature caches are almost always `vector-f32`; `vector-f64` comes from flows that keep
/// double precision, and the integer types from cached samples. Values are read as float32, as
/// upstream's `SprintCacheDataset` yields them.
public enum SprintCacheVectorType: String, Sendable, CaseIterable {
    /// `vector-f32`.
    case f32
    /// `vector-f64` (narrowed to float32 on reading).
    case f64
    /// `vector-s8`.
    case s8
    /// `vector-u8`.
    case u8
    /// `vector-s16` (e.g. cached audio samples).
    case s16
    /// `vector-u16`.
    case u16
    /// `vector-s32` (not registered in RASR's Flow module; read for completeness).
    case s32
    /// `vector-u32`.
    case u32

    /// The Flow datatype name, e.g. `vector-f32`.
    public var flowName: String { "vector-" + rawValue }

    /// The type named `name` (`vector-f32`, ...), or nil.
    public init?(flowName name: String) {
        guard name.hasPrefix("vector-"), let t = Self(rawValue: String(name.dropFirst(7))) else { return nil }
        self = t
    }

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .s8, .u8: return 1
        case .s16, .u16: return 2
        case .f32, .s32, .u32: return 4
        case .f64: return 8
        }
    }
}
