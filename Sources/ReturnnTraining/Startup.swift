import Foundation
import ReturnnVersionInfo

/// The startup and shutdown lines RETURNN prints (`returnn/__main__.py` `returnn_greeting`,
/// `execute_main_task`, `finalize`).
public enum Startup {
    /// `%Y-%m-%d-%H-%M-%S (UTC%z)` in local time, as upstream's greeting.
    public static func dateTime(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tmv = tm()
        localtime_r(&t, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        _ = strftime(&buf, buf.count, "%Y-%m-%d-%H-%M-%S (UTC%z)", &tmv)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The v3 greeting line; where upstream names the Python executable, this names ours.
    public static func greetingLine(date: Date = Date(), executable: String = CommandLine.arguments.first ?? "returnn") -> String {
        "RETURNN starting up, version \(ReturnnVersion.description), date/time \(dateTime(date)), pid \(ProcessInfo.processInfo.processIdentifier), cwd \(FileManager.default.currentDirectoryPath), executable \(executable)"
    }

    /// Prints the greeting (v3) and, on v4, the config file, the command line options (as a
    /// Python list repr) and the host name.
    public static func greet(_ log: Log, configFiles: [String], commandLineOptions: [String]) {
        log.v3(greetingLine())
        if !configFiles.isEmpty { log.v4("RETURNN config: \(configFiles.joined(separator: ", "))") }
        let opts = "[" + commandLineOptions.map { pythonStrRepr($0) }.joined(separator: ", ") + "]"
        log.v4("RETURNN command line options: \(opts)")
        log.v4("Hostname: \(ProcessInfo.processInfo.hostName)")
    }

    /// `hms_fraction`: `H:MM:SS.ffff`.
    public static func hmsFraction(_ seconds: Double, decimals: Int = 4) -> String {
        let whole = Int(seconds)
        let frac = String(format: "%.\(decimals)f", seconds - Double(whole))
        return String(format: "%d:%02d:%02d", whole / 3600, (whole / 60) % 60, whole % 60) + frac.dropFirst()
    }

    /// Python's repr of a str (single quotes unless it contains `'` and no `"`).
    static func pythonStrRepr(_ s: String) -> String {
        let q = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = q
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out += String(ch) == q ? "\\" + q : String(ch)
            }
        }
        return out + q
    }
}
