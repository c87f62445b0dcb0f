import ReturnnConfig
import ReturnnTraining

/// What a task gets to work with.
struct TaskContext {
    /// The evaluated config.
    let config: Config
    /// The log.
    let log: Log
}

/// One `task` value RETURNN understands, and what it does.
struct ReturnnTask {
    /// The `task` value (`nop`, `train`, ...).
    let name: String
    /// One line for the list of known tasks.
    let summary: String
    /// Runs the task; user errors throw.
    let run: (TaskContext) throws -> Void
}

/// The explicit table of tasks (`returnn/__main__.py` `execute_main_task`). Tasks of the engine
/// (train, eval, forward, search, ...) are added here as they land.
enum TaskTable {
    static var tasks: [ReturnnTask] {
        [
            ReturnnTask(name: "nop", summary: "load the config and do nothing") { ctx in
                ctx.log.v1("Task: No-operation")
            },
        ]
    }

    /// Upstream's other `task` values (`returnn/__main__.py`), not (yet) in `tasks`.
    static let upstreamTasks: Set<String> = [
        "train", "eval", "forward", "hpx", "search", "compute_priors", "analyze", "analyze_data",
        "hyper_param_tuning", "cleanup_old_models", "search_server", "nop_init_net_train", "initialize_model",
        "debug_shell",
    ]

    /// Finds the task for `name`; `config:<fn>` and `optional-config:<fn>` call a config function.
    static func task(named name: String) throws -> ReturnnTask {
        if let t = tasks.first(where: { $0.name == name }) { return t }
        for prefix in ["config:", "optional-config:"] where name.hasPrefix(prefix) {
            let fn = String(name.dropFirst(prefix.count))
            let optional = prefix == "optional-config:"
            return ReturnnTask(name: name, summary: "call a config function") { ctx in
                guard let v = ctx.config.typedValue(fn) else {
                    if optional { return }
                    throw ConfigError(.key, "task '\(name)': the config defines no '\(fn)'")
                }
                guard let f = v.functionValue else {
                    throw ConfigError(.type, "task '\(name)': '\(fn)' is a \(v.typeName), not a function", at: v.location)
                }
                _ = try f.call()
            }
        }
        let known = tasks.map { $0.name } + ["config:<function>", "optional-config:<function>"]
        if upstreamTasks.contains(name) {
            throw ConfigError(.unsupported, "task '\(name)' is a RETURNN task that swift-returnn does not implement yet; "
                + "available tasks: \(known.joined(separator: ", ")) (to look at a config's data: returnn dump-dataset CONFIG)")
        }
        var msg = "unknown task '\(name)'; known tasks: \(known.joined(separator: ", "))"
        if let s = EditDistance.closest(to: name, in: tasks.map { $0.name }) { msg += " (did you mean '\(s)'?)" }
        throw ConfigError(.value, msg)
    }
}
