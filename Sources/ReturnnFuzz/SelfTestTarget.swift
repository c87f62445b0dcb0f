import Foundation

/// A target that misbehaves on purpose, to test the fuzzer itself: input `i` crashes when
/// `i % 7 == 3`, hangs when `i % 11 == 5`, is a finding when `i % 13 == 9`, else is read (even)
/// or refused (odd).
struct SelfTestTarget: FuzzTarget {
    let name = "selftest"
    let fileExtension = "txt"

    func prepare(_ rng: inout FuzzRandom, at path: String) throws {
        try FuzzFiles.write(Array("\(rng.index)\n".utf8), to: path)
    }

    func run(path: String) -> FuzzOutcome {
        let text = (try? FuzzFiles.bytes(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let i = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        if i % 7 == 3 { fatalError("selftest: crash on input \(i)") }
        if i % 11 == 5 { while true { sleep(1) } }
        if i % 13 == 9 { return .finding("selftest: finding on input \(i)") }
        return i % 2 == 0 ? .accepted : .rejected
    }
}
