import Foundation
import ReturnnConfig
import ReturnnTraining
import ReturnnVersionInfo

/// `returnn CONFIG... [options] [++key value]...`: loads the config(s), sets up the log, runs
/// the task. Exit status 0 on success, 1 on a user error, 2 on a malformed command line.
enum ReturnnMain {
    static func writeError(_ text: String) {
        FileHandle.standardError.writeOutput("returnn: error: " + text + "\n")
    }

    static func loginName() -> String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    static func run() -> Int32 {
        let startTime = Date()
        let argv = CommandLine.arguments
        if argv.count >= 2 && argv[1] == "dump-dataset" {
            let env = ConfigEnvironment(environment: ProcessInfo.processInfo.environment, argv: argv, userName: loginName(),
                                        uid: Int(getuid()), output: { print($0) })
            return DumpDataset.run(Array(argv.dropFirst(2)), environment: env)
        }
        if argv.count >= 2 && argv[1] == "plot" { return PlotCommand.run(Array(argv.dropFirst(2))) }
        if argv.count >= 2 && argv[1] == "convert-checkpoint" { return ConvertCheckpoint.run(Array(argv.dropFirst(2))) }
        if argv.count < 2 {
            // upstream asserts at least one argument ("usage: rnn.py <config>")
            writeError("no config file or options given\n" + CommandLineArguments.usage)
            return 2
        }
        let args: CommandLineArguments
        do {
            args = try CommandLineArguments.parse(Array(argv.dropFirst()))
        } catch {
            writeError("\(error)")
            return 2
        }
        if args.launcher != nil && args.configFiles.isEmpty && args.optionArguments.isEmpty {
            writeError("no config file or options given after \(args.launcher!)\n" + CommandLineArguments.usage)
            return 2
        }
        if args.showHelp {
            print(CommandLineArguments.usage)
            return 0
        }
        if args.showVersion {
            print("RETURNN version \(ReturnnVersion.description), date/time \(Startup.dateTime(Date())), pid \(ProcessInfo.processInfo.processIdentifier), cwd \(FileManager.default.currentDirectoryPath)")
            return 0
        }
        let dump = args.dumpConfig
        // Launched as `returnn /path/rnn.py config`, the config sees upstream's `sys.argv` (`/path/rnn.py config`).
        let env = ConfigEnvironment(
            environment: ProcessInfo.processInfo.environment, argv: args.launcher == nil ? argv : Array(argv.dropFirst()), userName: loginName(), uid: Int(getuid()),
            output: { line in
                // With --dump-config, stdout carries only the JSON.
                (dump ? FileHandle.standardError : FileHandle.standardOutput).writeOutput(line + "\n")
            })
        do {
            let config = try args.makeConfig(environment: env)
            if dump {
                print(ConfigDump.json(config))
                return 0
            }
            let log: Log
            do { log = try Log(config: config, startTime: startTime) } catch let e as LogError {
                throw ConfigError(.value, e.description, at: config.location(of: "log"))
            }
            for w in config.warnings { log.v1(w) }
            Startup.greet(log, configFiles: args.configFiles, commandLineOptions: args.optionArguments)
            let taskName = try config.value("task", default: "train") ?? "train"
            let task = try TaskTable.task(named: taskName)
            try task.run(TaskContext(config: config, log: log))
            log.v3("elapsed: \(Startup.hmsFraction(Date().timeIntervalSince(startTime)))")
            log.v4("Quitting")
            return 0
        } catch let e as ConfigError {
            writeError(e.description)
            return e.kind == .commandLine ? 2 : 1
        } catch let e as Interrupted {
            writeError(e.description)
            return e.exitCode
        } catch let e as LogError {
            writeError(e.description)
            return 1
        } catch {
            writeError("\(error)")
            return 1
        }
    }
}

exit(ReturnnMain.run())
