/// Reads the one pickle shape RETURNN's vocabularies use: a flat `dict` of `str` → `int`, as
/// written by `pickle.dump(vocab_dict, f)` (upstream `Vocabulary._parse_vocab` for `*.pkl`
/// vocab files, `TranslationDataset`'s `source.vocab.pkl`/`target.vocab.pkl`, LmDataset's pickled
/// `orth_symbols_map_file`).
///
/// Binary protocols 2 to 5 (Python 3's and Python 2's `pickle.dump(..., 2)`); keys may be unicode
/// or Python 2 byte strings (ASCII, decoded as Python 3's `pickle.load` does by default). Anything
/// else (text protocols 0/1, nested objects, float or None values, classes) throws
/// `DatasetError.file` saying what was found: this is not a general unpickler, and it never
/// runs code.
public enum PickleStrIntDict {
    /// One value on the unpickling stack.
    enum Item {
        case mark
        case dict
        case str(String)
        case int(Int)
    }

    /// The (key, value) entries in the order the pickle sets them (later entries of a repeated key
    /// win, as for a Python dict).
    public static func read(_ bytes: [UInt8], path: String) throws -> [(String, Int)] {
        var reader = Reader(bytes: bytes, path: path)
        return try reader.run()
    }

    struct Reader {
        let bytes: [UInt8]
        let path: String
        var pos = 0
        var stack = [Item]()
        var memo = [Int: Item]()
        var entries = [(String, Int)]()
        var sawDict = false

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        func fail(_ what: String) -> DatasetError {
            DatasetError.file(path: path, message: "not a pickled dict of str -> int (\(what), at byte \(pos)); RETURNN vocab pickles are written with pickle.dump({label: index, ...}, f)")
        }

        mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, pos + n <= bytes.count else { throw fail("unexpected end of file") }
            defer { pos += n }
            return bytes[pos..<(pos + n)]
        }

        mutating func uint(_ n: Int) throws -> Int {
            var v = 0
            for (i, b) in try take(n).enumerated() { v |= Int(b) << (8 * i) }
            guard v >= 0 else { throw fail("length too large") }
            return v
        }

        /// Little-endian two's complement integer of `n` bytes.
        mutating func signed(_ n: Int) throws -> Int {
            let b = try take(n)
            guard n <= 8 else {
                // Python ints beyond 64 bits: only sign extension bytes may follow.
                let head = b.prefix(8), tail = b.dropFirst(8)
                let fill: UInt8 = (head.last ?? 0) & 0x80 != 0 ? 0xFF : 0
                guard tail.allSatisfy({ $0 == fill }) else { throw fail("integer value out of range") }
                return try Reader(bytes: Array(head), path: path).signedAll()
            }
            return try Reader(bytes: Array(b), path: path).signedAll()
        }

        func signedAll() throws -> Int {
            guard !bytes.isEmpty else { return 0 }
            var v: UInt64 = 0
            for (i, x) in bytes.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
            if bytes.count < 8, bytes.last! & 0x80 != 0 { v |= ~UInt64(0) << (8 * UInt64(bytes.count)) }
            return Int(Int64(bitPattern: v))
        }

        mutating func string(_ n: Int, ascii: Bool) throws -> Item {
            let b = try take(n)
            if ascii {
                guard b.allSatisfy({ $0 < 0x80 }) else { throw fail("a Python 2 byte string with non-ASCII bytes (Python 3 cannot read it either without an encoding)") }
            }
            guard let s = String(validating: b, as: UTF8.self) else { throw fail("a str that is not valid UTF-8") }
            return .str(s)
        }

        mutating func pop() throws -> Item {
            guard let x = stack.popLast() else { throw fail("stack underflow") }
            return x
        }

        mutating func setItems(_ items: [Item]) throws {
            guard items.count % 2 == 0 else { throw fail("odd number of items for a dict") }
            guard case .dict = stack.last else { throw fail("items set on something that is not a dict") }
            var i = 0
            while i < items.count {
                guard case .str(let k) = items[i] else { throw fail("a dict key that is not a str") }
                guard case .int(let v) = items[i + 1] else { throw fail("the value of key '\(k)' is not an int") }
                entries.append((k, v))
                i += 2
            }
        }

        mutating func run() throws -> [(String, Int)] {
            guard let first = bytes.first else { throw fail("empty file") }
            guard first == 0x80 else {
                throw fail("pickle protocol 0/1 (text) or not a pickle at all; re-save it with pickle.dump(d, f, protocol=2) or newer")
            }
            while true {
                let op = try take(1).first!
                switch op {
                case 0x80:  // PROTO
                    let proto = try uint(1)
                    guard (2...5).contains(proto) else { throw fail("pickle protocol \(proto)") }
                case 0x95: _ = try take(8)  // FRAME
                case 0x7D:  // EMPTY_DICT
                    guard !sawDict else { throw fail("more than one dict") }
                    sawDict = true
                    stack.append(.dict)
                case 0x28: stack.append(.mark)  // MARK
                case 0x71: memo[try uint(1)] = stack.last  // BINPUT
                case 0x72: memo[try uint(4)] = stack.last  // LONG_BINPUT
                case 0x94: memo[memo.count] = stack.last  // MEMOIZE
                case 0x68, 0x6A:  // BINGET, LONG_BINGET
                    let i = try uint(op == 0x68 ? 1 : 4)
                    guard let x = memo[i] else { throw fail("memo reference \(i) undefined") }
                    stack.append(x)
                case 0x58: stack.append(try string(try uint(4), ascii: false))  // BINUNICODE
                case 0x8C: stack.append(try string(try uint(1), ascii: false))  // SHORT_BINUNICODE
                case 0x8D: stack.append(try string(try uint(8), ascii: false))  // BINUNICODE8
                case 0x55: stack.append(try string(try uint(1), ascii: true))  // SHORT_BINSTRING
                case 0x54: stack.append(try string(try uint(4), ascii: true))  // BINSTRING
                case 0x4B: stack.append(.int(try uint(1)))  // BININT1
                case 0x4D: stack.append(.int(try uint(2)))  // BININT2
                case 0x4A: stack.append(.int(try signed(4)))  // BININT
                case 0x8A: stack.append(.int(try signed(try uint(1))))  // LONG1
                case 0x8B: stack.append(.int(try signed(try uint(4))))  // LONG4
                case 0x73:  // SETITEM
                    let v = try pop(), k = try pop()
                    try setItems([k, v])
                case 0x75:  // SETITEMS
                    guard let m = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
                        throw fail("SETITEMS without a mark")
                    }
                    let items = Array(stack[(m + 1)...])
                    stack.removeSubrange(m...)
                    try setItems(items)
                case 0x2E:  // STOP
                    guard stack.count == 1, case .dict = stack[0] else { throw fail("the pickled object is not a dict") }
                    return entries
                default:
                    throw fail("opcode 0x\(String(op, radix: 16)), which a flat dict of str -> int does not use")
                }
            }
        }
    }
}
