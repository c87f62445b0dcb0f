import Foundation

/// One log destination with its verbosity and format (an entry of RETURNN's `log` list).
public struct LogTarget: Sendable {
    /// Where records go.
    public enum Destination: Sendable, Equatable {
        /// Standard output.
        case stdout
        /// A file, appended to.
        case file(String)
    }

    /// Where records go.
    public var destination: Destination
    /// Highest stream shown (0...5): verbosity v shows v1...v(v).
    public var verbosity: Int
    /// Record format.
    public var format: LogFormat

    /// Creates a target.
    public init(destination: Destination, verbosity: Int, format: LogFormat) {
        self.destination = destination
        self.verbosity = verbosity
        self.format = format
    }

    /// UTC start time as upstream's `get_utc_start_time_filename_part` (`%Y-%m-%d-%H-%M-%S`).
    public static func dateFilenamePart(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        _ = strftime(&buf, buf.count, "%Y-%m-%d-%H-%M-%S", &tmv)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Substitutes `$date` / `${date}` (and `$$`) in a log file name like Python's
    /// `string.Template`; any other `$name` is an error.
    public static func substituteDate(_ name: String, date: Date) throws -> String {
        guard name.contains("$") else { return name }
        let chars = Array(name)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i] == "$" else { out.append(chars[i]); i += 1; continue }
            if i + 1 < chars.count && chars[i + 1] == "$" { out.append("$"); i += 2; continue }
            var j = i + 1
            var braced = false
            if j < chars.count && chars[j] == "{" { braced = true; j += 1 }
            var ident = ""
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { ident.append(chars[j]); j += 1 }
            if braced {
                guard j < chars.count, chars[j] == "}" else { throw LogError("invalid placeholder in log file name '\(name)'") }
                j += 1
            }
            guard ident == "date" else {
                throw LogError("log file name '\(name)' uses '$\(ident)'; only $date (the UTC start time) is supported")
            }
            out += dateFilenamePart(date)
            i = j
        }
        return out
    }
}

/// A log setup error (bad target, verbosity or file), with what to do.
public struct LogError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
