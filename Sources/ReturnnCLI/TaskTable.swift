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
            ReturnnTask(name: "train", summary: "train the network (resumes from the newest complete epoch)") { ctx in
                try Engine.train(config: ctx.config, log: ctx.log, interrupt: InterruptSignal())
            },
            ReturnnTask(name: "eval", summary: "score the dev/eval data with a saved model (load, load_epoch or epoch)") { ctx in
                try Engine.eval(config: ctx.config, log: ctx.log)
            },
            ReturnnTask(name: "forward", summary: "write the output layer for the eval data to an HDF file") { ctx in
                try Engine.forward(config: ctx.config, log: ctx.log, interrupt: InterruptSignal())
            },
            ReturnnTask(name: "hpx", summary: "alias of forward") { ctx in
                try Engine.forward(config: ctx.config, log: ctx.log, interrupt: InterruptSignal())
            },
            ReturnnTask(name: "search", summary: "beam search over search_data; hypotheses into search_output_file (txt or py)") { ctx in
                try Engine.search(config: ctx.config, log: ctx.log, interrupt: InterruptSignal())
            },
            ReturnnTask(name: "compute_priors", summary: "log of the average output posterior over the train data") { ctx in
                try Engine.computePriors(config: ctx.config, log: ctx.log)
            },
            ReturnnTask(name: "analyze_data", summary: "data statistics: label priors, feature mean and std") { ctx in
                try DataAnalysis.run(config: ctx.config, log: ctx.log)
            },
            ReturnnTask(name: "initialize_model", summary: "build the network and save its initial parameters") { ctx in
                try Engine.initializeModel(config: ctx.config, log: ctx.log)
            },
            ReturnnTask(name: "nop_init_net_train", summary: "build datasets and the network for training, train nothing") { ctx in
                try Engine.nopInitNetTrain(config: ctx.config, log: ctx.log)
            },
            ReturnnTask(name: "cleanup_old_models", summary: "delete old epoch models by the keep rules") { ctx in
                try Engine.cleanupOldModels(config: ctx.config, log: ctx.log)
            },
        ]
    }

    /// The tasks as a `NameRegistry` (with upstream's other tasks).
    static var registry: NameRegistry<ReturnnTask> {
        NameRegistry(family: "task", entries: tasks.map { ($0.name, $0) }, upstreamNames: UpstreamNames.tasks)
    }

    /// Finds the task for `name`; `config:<fn>` and `optional-config:<fn>` call a config function.
    static func task(named name: String) throws -> ReturnnTask {
        let registry = Self.registry
        if let t = registry.lookup(name) { return t }
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
        if registry.isUpstreamOnly(name) {
            throw ConfigError(.unsupported, "task '\(name)' is a RETURNN task that swift-returnn does not implement yet; "
                + "available tasks: \(known.joined(separator: ", ")) (to look at a config's data: returnn dump-dataset CONFIG)")
        }
        var msg = "unknown task '\(name)'; known tasks: \(known.joined(separator: ", "))"
        if let s = EditDistance.closest(to: name, in: tasks.map { $0.name }) { msg += " (did you mean '\(s)'?)" }
        throw ConfigError(.value, msg)
    }
}
