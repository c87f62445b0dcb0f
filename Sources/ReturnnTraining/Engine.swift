import Foundation
import ReturnnConfig
import ReturnnData
import ReturnnNetwork
import ReturnnTensor

/// RETURNN's engine for the net-dict backend (upstream `returnn/tf/engine.py` `Engine`): builds
/// datasets and the network from the config, and runs the tasks `train`, `eval`, `forward`,
/// `compute_priors`, `initialize_model`, `nop_init_net_train`, `cleanup_old_models`.
///
/// Config is read once here; the network, learning-rate control, updater and checkpoints are
/// separate types the engine wires together.
public final class Engine {
    /// The config.
    public let config: Config
    /// The log.
    public let log: Log
    var settings: EngineSettings
    let factory: DatasetFactory
    /// Extern data of the network.
    let externData: ExternData
    /// The network currently built.
    var network: Network
    /// Net dict the current network was built from.
    var netDict: ConfigValue
    /// Parameters and global step.
    var model: ModelState
    /// Whether to draw the interactive progress line.
    let showProgress: Bool
    /// Checked between steps of every pass (Ctrl-C); never raised by default.
    var interrupt: InterruptSignal = .none()

    /// Reads the settings, builds the extern data (from config or `trainDataset`) and the
    /// network for `netDict` (default: the config's `network`).
    /// `searchFlag` builds the network for search (`choice` layers search), `evalFlag` with its
    /// `only_on_eval` layers.
    public init(config: Config, log: Log, trainDataset: (any Dataset)?, netDict: ConfigValue? = nil, searchFlag: Bool = false,
                evalFlag: Bool = true) throws {
        self.config = config
        self.log = log
        settings = try EngineSettings(config: config)
        factory = DatasetFactory(config: config)
        externData = try ExternDataResolver.resolve(config: config, dataset: trainDataset)
        guard let nd = try netDict ?? NetworkDescription.netDict(config), !nd.isNone else {
            throw EngineError("the config has no 'network' dict; define network = {...} with your layers")
        }
        self.netDict = nd
        network = try NetworkBuilder(externData: externData, evalFlag: evalFlag, searchFlag: searchFlag, config: config).build(nd)
        model = ModelState(values: network.initialParameters(seed: settings.randomSeed))
        showProgress = log.showsProgress
        printNetworkInfo()
    }

    /// Upstream `print_network_info` (v2).
    func printNetworkInfo() {
        log.v2("Network layer topology:")
        log.v2("  extern data: " + externData.entries.map { "\($0.key): \($0.template)" }.joined(separator: ", "))
        log.v2("  used data keys: \(network.usedDataKeys.sorted())")
        log.v2("  layers:")
        // Upstream lists the network's layers, not the parts of a `split` ("s/0": `get_sub_layer`).
        for n in network.nodes where !(n.layer is SourceLayer) && !n.isSubLayer {
            log.v2("    layer \(n.className) '\(n.name)' #: \(n.output.dim.map(String.init) ?? "None")")
        }
        log.v2("net params #: \(network.parameterCount)")
        log.v2("net trainable params: \(network.parameters.filter(\.trainable).map { "\($0.name) \($0.shape)" })")
    }

    /// Rebuilds the network for a new net dict (pretrain growth), copying parameters by name
    /// (upstream `init_new_network`).
    func rebuildNetwork(_ nd: ConfigValue, copyMode: ParameterCopyMode?, copyOutputLayer: Bool = true) throws {
        // Upstream prints the header and then one line per difference.
        log.v3("reinit because network description differs. Diff:")
        for line in Pretrain.netDictDiff(netDict, nd) { log.v3(line) }
        let newNet = try NetworkBuilder(externData: externData, config: config).build(nd)
        var values = newNet.initialParameters(seed: settings.randomSeed)
        let outputParams = Set(newNet.parameters.filter { newNet.node($0.layer)?.isOutputLayer ?? false }.map(\.name))
        var split: [String: [[Int]]] = [:]
        for p in newNet.parameters { if let s = p.split { split[p.name] = s } }
        let messages = try ParameterCopy.copy(from: model.values, into: &values, mode: copyMode, copyOutputLayer: copyOutputLayer,
                                              outputParams: outputParams, splitInfo: split)
        for m in messages { log.write(m.verbosity, m.text) }
        network = newNet
        netDict = nd
        model.values = values
        printNetworkInfo()
    }

    /// The runtime options of `Network.run` for this config.
    var runOptions: RunOptions {
        RunOptions(useNormalizedLoss: settings.useNormalizedLoss, includeL2: !settings.decoupleConstraints, seed: settings.randomSeed)
    }

    /// Evaluates `dataset` with the current parameters (no updates); the finish line says
    /// `pretrain epoch N 'dev' eval` in pretrain epochs, as upstream.
    func evaluate(_ name: String, _ dataset: any Dataset, epoch: Int, isPretrain: Bool = false) throws -> EpochScores {
        let batching = try settings.batching(recurrent: network.isRecurrent, usedKeys: network.usedDataKeys,
                                             applyMaxSeqLength: name == "dev")
        var runner = Runner(network: network, log: log, reportPrefix: "\(isPretrain ? "pretrain " : "")epoch \(epoch) '\(name)' eval", mode: .eval, epoch: epoch,
                            seed: settings.randomSeed, runOptions: runOptions, showProgress: showProgress)
        runner.interrupt = interrupt
        return try runner.run(dataset: dataset, batching: batching, model: model).scores
    }

    /// The eval datasets: `dev`, `eval`, and `eval_datasets` (name → dataset), in that order.
    func evalDatasets() throws -> [(String, any Dataset)] {
        var out: [(String, any Dataset)] = []
        for key in ["dev", "eval"] { if let d = try factory.make(configKey: key) { out.append((key, d)) } }
        if let extra = config.typedValue("eval_datasets"), let d = extra.dictValue {
            for (k, v) in d.entries {
                guard let name = k.stringValue else { continue }
                if let ds = try factory.make(v, name: name) { out.append((name, ds)) }
            }
        }
        return out
    }
}
