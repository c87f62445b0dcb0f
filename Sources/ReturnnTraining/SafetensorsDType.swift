/// An element type of the safetensors format (the `dtype` string of a header entry).
///
/// All types of the format are recognised when reading, so that a file is validated fully;
/// `SafetensorsTensor` converts the numeric ones we use (F32, F64, I32, I64) to our tensors.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    /// Boolean, one byte.
    case bool = "BOOL"
    /// Unsigned 8-bit integer.
    case u8 = "U8"
    /// Signed 8-bit integer.
    case i8 = "I8"
    /// 8-bit float, 5 exponent bits.
    case f8e5m2 = "F8_E5M2"
    /// 8-bit float, 4 exponent bits.
    case f8e4m3 = "F8_E4M3"
    /// Signed 16-bit integer.
    case i16 = "I16"
    /// Unsigned 16-bit integer.
    case u16 = "U16"
    /// IEEE half precision.
    case f16 = "F16"
    /// bfloat16.
    case bf16 = "BF16"
    /// Signed 32-bit integer.
    case i32 = "I32"
    /// Unsigned 32-bit integer.
    case u32 = "U32"
    /// IEEE single precision (our parameters).
    case f32 = "F32"
    /// IEEE double precision.
    case f64 = "F64"
    /// Signed 64-bit integer.
    case i64 = "I64"
    /// Unsigned 64-bit integer.
    case u64 = "U64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
        case .i16, .u16, .f16, .bf16: return 2
        case .i32, .u32, .f32: return 4
        case .f64, .i64, .u64: return 8
        }
    }

    /// Position in the reference implementation's dtype order. Writers place tensors with a
    /// higher rank first (then by name), which keeps every tensor aligned to its element size
    /// and makes our files byte-identical to those of the Python `safetensors` package.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}
