import Foundation
import Testing
@testable import ReturnnData

/// Every demo in `demos/` run end to end through the built binary, with small overrides so each
/// run is short: training lines and files, eval reproducing the dev score, chunked training with
/// whole-sequence dev, pretraining, forward output read back, the auxiliary tasks, and the
/// messages for typical user mistakes (including Ctrl-C).
@Suite(.serialized) struct DemosTests {
    static func demo(_ name: String) -> String { ReturnnCLITests.demosDirectory.appendingPathComponent(name).path }

    /// Small 12AX data for the demos that train on it.
    static let small12AX = [
        "++train", "{'class': 'Task12AXDataset', 'num_seqs': 40}",
        "++dev", "{'class': 'Task12AXDataset', 'num_seqs': 10, 'fixed_random_seed': 1}",
    ]

    /// `++model` and `++learning_rate_file` under `dir`.
    static func outputs(_ dir: URL) -> [String] {
        ["++model", dir.path + "/model", "++learning_rate_file", dir.path + "/lr"]
    }

    static func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// `files` without the TensorBoard run directories (`train-<time>`, `dev-<time>`).
    static func modelFiles(_ dir: URL) -> [String] {
        files(dir).filter { !$0.hasPrefix("train-") && !$0.hasPrefix("dev-") }
    }

    /// Runs the binary with extra environment variables.
    static func run(_ args: [String], environment: [String: String], cwd: URL? = nil) throws -> ReturnnCLITests.Result {
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ReturnnCLITests.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// 12ax.config trains, saves per epoch and writes the learning_rate_file; `++task eval
    /// ++load_epoch 2` prints exactly the `dev:` line of epoch 2 of the training run.
    @Test func demo12AXTrainAndEvalReproducesDev() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [Self.demo("12ax.config")] + Self.small12AX + Self.outputs(dir)
        let r = try ReturnnCLITests.run(common + ["++num_epochs", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.first?.hasPrefix("Hello, experiment: ") == true)
        for e in 1...3 { #expect(r.lines.contains { $0.hasPrefix("epoch \(e) score: ") && $0.contains(" error: ") }) }
        let devLines = r.lines.filter { $0.hasPrefix("dev: score ") && $0.contains(" error ") }
        #expect(devLines.count == 3)
        #expect(r.lines.contains("Finished training in epoch 3."))
        // use_tensorflow = True: TensorFlow's checkpoint files, as upstream and i6_core expect them.
        for f in ["model.001.index", "model.002.data-00000-of-00001", "model.003.index", "model.003.meta", "lr"] {
            #expect(Self.files(dir).contains(f), "\(Self.files(dir))")
        }
        #expect(!Self.files(dir).contains { $0.hasSuffix(".safetensors") })
        // TensorBoard runs next to the model: train-<time>/ and dev-<time>/.
        #expect(Self.files(dir).filter { $0.hasPrefix("train-") || $0.hasPrefix("dev-") }.count == 2, "\(Self.files(dir))")
        let lr = try String(contentsOf: dir.appendingPathComponent("lr"), encoding: .utf8)
        #expect(lr.hasPrefix("{\n1: EpochData(learningRate=0.01, error={\n") && lr.contains("'dev_score': "))

        for epoch in [2, 3] {
            let e = try ReturnnCLITests.run(common + ["++task", "eval", "++load_epoch", "\(epoch)"])
            #expect(e.status == 0, "\(e.stderr)")
            #expect(e.lines.filter { $0.hasPrefix("dev: score ") } == [devLines[epoch - 1]])
        }
    }

    /// The chunking demo trains on 22:11 chunks (about twice the frames of the data, as the
    /// chunks overlap by half) and evaluates dev on whole sequences: evaluating the saved model
    /// with chunking switched off reproduces the dev line of training.
    @Test func demoBlstmChunking() throws {
        let dir = ReturnnCLITests.tempDir(), plain = ReturnnCLITests.tempDir()
        defer { for d in [dir, plain] { try? FileManager.default.removeItem(at: d) } }
        let common = [Self.demo("12ax-blstm-chunking.config")] + Self.small12AX + ["++num_epochs", "1"]
        let r = try ReturnnCLITests.run(common + Self.outputs(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("epoch 1 score: ") })
        #expect(Self.files(dir).contains("model.001.safetensors"))
        let unchunked = try ReturnnCLITests.run(common + Self.outputs(plain) + ["++chunking", "0"])
        #expect(unchunked.status == 0, "\(unchunked.stderr)")
        let chunkedFrames = try #require(Self.trainFrames(r.lines)), plainFrames = try #require(Self.trainFrames(unchunked.lines))
        #expect(Double(chunkedFrames) > 1.5 * Double(plainFrames) && chunkedFrames <= 2 * plainFrames,
                "chunked \(chunkedFrames) frames, unchunked \(plainFrames)")
        let dev = r.lines.filter { $0.hasPrefix("dev: score ") }
        #expect(dev.count == 1)
        let e = try ReturnnCLITests.run(common + Self.outputs(dir) + ["++chunking", "0", "++task", "eval", "++load_epoch", "1"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.lines.filter { $0.hasPrefix("dev: score ") } == dev)
    }

    /// The time-chunking demo cuts the chunks in the network (time_chunking / time_unchunking):
    /// training counts the data's frames (not the overlapping chunks' like dataset chunking), dev
    /// runs through the same layers, and eval of the saved model reproduces the dev line.
    @Test func demoTimeChunkingLayers() throws {
        let dir = ReturnnCLITests.tempDir(), plain = ReturnnCLITests.tempDir()
        defer { for d in [dir, plain] { try? FileManager.default.removeItem(at: d) } }
        let common = [Self.demo("12ax-time-chunking.config")] + Self.small12AX + ["++num_epochs", "1"]
        let r = try ReturnnCLITests.run(common + Self.outputs(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("epoch 1 score: ") })
        let datasetChunked = try ReturnnCLITests.run([Self.demo("12ax-blstm-chunking.config")] + Self.small12AX + ["++num_epochs", "1", "++chunking", "0"]
                                                     + Self.outputs(plain))
        #expect(Self.trainFrames(r.lines) != nil && Self.trainFrames(r.lines) == Self.trainFrames(datasetChunked.lines))
        let dev = r.lines.filter { $0.hasPrefix("dev: score ") }
        #expect(dev.count == 1)
        let e = try ReturnnCLITests.run(common + Self.outputs(dir) + ["++task", "eval", "++load_epoch", "1"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.lines.filter { $0.hasPrefix("dev: score ") } == dev)
    }

    /// Frames of the v4 line `train epoch 1: N frames in ...`.
    static func trainFrames(_ lines: [String]) -> Int? {
        guard let l = lines.first(where: { $0.hasPrefix("train epoch 1: ") }) else { return nil }
        return Int(l.dropFirst("train epoch 1: ".count).prefix { $0.isNumber })
    }

    /// theano-era-mlp.config: a line-based config without `network` (hidden_size, hidden_type,
    /// activation) and with `Module::Class(args)` dataset strings trains with pretraining; its
    /// untyped batch_size is used.
    @Test func demoTheanoEraLineConfig() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReturnnCLITests.run([Self.demo("theano-era-mlp.config")] + Self.outputs(dir) + ["++num_epochs", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("pretrain: Pretrain construction algo 'from_output', number of pretrain epochs: 3"))
        #expect(r.lines.contains("using batch size: 2000, max seqs: 10"), "\(r.lines.filter { $0.hasPrefix("using") })")
        #expect(r.lines.filter { $0.hasPrefix("net params #: ") } == ["net params #: 122", "net params #: 232", "net params #: 342"])
        #expect(r.lines.contains { $0.hasPrefix("epoch 4 score: ") })
        #expect(r.lines.contains { $0.hasPrefix("pretrain epoch 1 'dev' eval, finished after 2 steps") }, "\(r.lines.filter { $0.contains("eval, finished") })")
    }

    /// 12ax-attention.config: the math and neural layers (depthwise conv with a declared encoder
    /// time tag, dot attention over two dynamic axes, softmax_over_spatial, gating, reduce_out, norm,
    /// variable, get_last_hidden_state) train end to end with upstream's parameter names.
    @Test func demoAttentionMathLayers() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReturnnCLITests.run([Self.demo("12ax-attention.config")] + Self.small12AX + Self.outputs(dir) + ["++num_epochs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let params = r.lines.first { $0.hasPrefix("net trainable params: ") } ?? ""
        for p in ["dw/W [3, 1, 16]", "bias/bias [16]", "gn/scale [8]", "output/W [8, 2]"] { #expect(params.contains(p), "\(params)") }
        #expect(r.lines.contains { $0.hasPrefix("epoch 2 score: ") })
        #expect(r.lines.contains { $0.hasPrefix("dev: score ") })
    }

    /// 12ax-specaugment.config: an `eval` layer runs the config's SpecAugment `transform` (public
    /// setups' `_mask`/`random_mask`: tf.random_uniform, tf.nn.top_k, tf.while_loop, where_bc,
    /// network.cond_on_train) before a BLSTM; training runs end to end, and since dev and eval see
    /// the unmasked input, eval of the saved model reproduces the dev line.
    @Test func demoSpecAugmentEvalLayer() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [Self.demo("12ax-specaugment.config")] + Self.small12AX + Self.outputs(dir)
        let r = try ReturnnCLITests.run(common + ["++num_epochs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("epoch 2 score: ") })
        let dev = r.lines.filter { $0.hasPrefix("dev: score ") }
        #expect(dev.count == 2)
        let e = try ReturnnCLITests.run(common + ["++task", "eval", "++load_epoch", "2"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.lines.filter { $0.hasPrefix("dev: score ") } == Array(dev.suffix(1)))
    }

    /// mlp-pretrain.config: three pretrain epochs (`model.pretrain.NNN`, `pretrain epoch N`
    /// lines, the net grows hidden layer by hidden layer) at `pretrain_learning_rate`, then
    /// normal epochs of the full net at `learning_rate`.
    @Test func demoMlpPretrain() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReturnnCLITests.run([Self.demo("mlp-pretrain.config")] + Self.small12AX + Self.outputs(dir) + [
            "++log_verbosity", "4", "++pretrain_learning_rate", "0.5",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("pretrain: Pretrain construction algo 'from_output', number of pretrain epochs: 3"))
        for e in 1...3 {
            #expect(r.lines.contains("start pretrain epoch \(e) with learning rate 0.5 ..."))
            #expect(r.lines.contains { $0.hasPrefix("pretrain epoch \(e) score: ") })
            #expect(r.lines.contains { $0.hasPrefix("pretrain epoch \(e) 'dev' eval, finished after ") })
        }
        for e in 4...5 {
            #expect(r.lines.contains("start epoch \(e) with learning rate 1.0 ..."))
            #expect(r.lines.contains { $0.hasPrefix("epoch \(e) score: ") })
        }
        // The net grows (upstream's diff lines, then the new topology) and its parameters count up.
        #expect(r.lines.filter { $0 == "reinit because network description differs. Diff:" }.count == 2)
        #expect(r.lines.contains("  key 'hidden1' not in self") && r.lines.contains("  key 'hidden2' not in self"))
        #expect(r.lines.filter { $0.hasPrefix("net params #: ") } == ["net params #: 122", "net params #: 232", "net params #: 342"])
        #expect(Self.modelFiles(dir) == [
            "lr", "model.004.opt.safetensors", "model.004.safetensors", "model.005.opt.safetensors", "model.005.safetensors",
            "model.pretrain.001.opt.safetensors", "model.pretrain.001.safetensors", "model.pretrain.002.opt.safetensors",
            "model.pretrain.002.safetensors", "model.pretrain.003.opt.safetensors", "model.pretrain.003.safetensors",
        ])
        let lr = try String(contentsOf: dir.appendingPathComponent("lr"), encoding: .utf8)
        #expect(lr.contains("3: EpochData(learningRate=0.5, error={") && lr.contains("4: EpochData(learningRate=1.0, error={"))
    }

    /// forward.config writes the output posteriors of the eval data (20 seqs of 5 frames, 3
    /// classes) to an HDF file in RETURNN's layout: readable by our HDFDataset and by
    /// `returnn dump-dataset`; an existing file is not overwritten.
    @Test func demoForwardWritesReadableHDF() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("fwd.hdf").path
        let args = [Self.demo("forward.config"), "++model", dir.path + "/model", "++output_file", out]
        let r = try ReturnnCLITests.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("forward output written to \(out)"))
        let f = try HDFDatasetFile(path: out)
        #expect(f.numSeqs == 20 && f.numInputs == 3)
        #expect(Set(try f.allTags()) == Set((0..<20).map { "seq-\($0)" }))
        for seq in 0..<20 {
            #expect(try f.seqLength(seq, key: "data") == 5)
            let post = try f.read(seq: seq, key: "data", as: Float.self)
            #expect(post.count == 15)
            for t in 0..<5 {
                let row = post[(3 * t)..<(3 * t + 3)]
                #expect(row.allSatisfy { $0 > 0 && $0 < 1 } && abs(row.reduce(0, +) - 1) < 1e-5)
            }
        }
        let dump = try ReturnnCLITests.run(["dump-dataset", "{'class': 'HDFDataset', 'files': ['\(out)']}", "--endseq", "0"])
        #expect(dump.status == 0, "\(dump.stderr)")
        #expect(dump.stdout.contains("tag: seq-") && dump.stdout.contains("data: array([["))
        let again = try ReturnnCLITests.run(args)
        #expect(again.status == 1)
        #expect(again.stderr.contains("output file \(out) exists; remove it or set forward_override_hdf_output = True"))
    }

    /// blstm-hdf.config trains on HDF files found via BLSTM_DATA (made here with
    /// `returnn dump-dataset --type hdf` from a DummyDataset of the same dims).
    @Test func demoBlstmHDF() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, seqs) in [("train", 6), ("dev", 2)] {
            let d = try ReturnnCLITests.run([
                "dump-dataset", "{'class': 'DummyDataset', 'input_dim': 40, 'output_dim': 10, 'num_seqs': \(seqs), 'seq_len': 8}",
                "--type", "hdf", "--out", dir.appendingPathComponent("\(name).hdf").path,
            ])
            #expect(d.status == 0, "\(d.stderr)")
        }
        let r = try Self.run([Self.demo("blstm-hdf.config"), "++num_epochs", "1"] + Self.outputs(dir),
                             environment: ["BLSTM_DATA": dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("net params #: \(Self.blstmParams)"))
        #expect(r.lines.contains { $0.hasPrefix("epoch 1 score: ") })
        #expect(r.lines.contains { $0.hasPrefix("dev: score ") })
        #expect(Self.files(dir).contains("model.001.safetensors"))
    }

    /// hybrid-sprint/hybrid-blstm.config trains from the RASR stand-in (ExternSprintDataset: a dict
    /// with partitionEpoch for train, the `sprint:` shorthand for dev), from the repository root as
    /// documented; the dev frame error after 2 epochs is far below chance (7/8 for 8 classes).
    @Test func demoHybridSprint() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = ReturnnCLITests.demosDirectory.deletingLastPathComponent()
        let r = try Self.run(["demos/hybrid-sprint/hybrid-blstm.config", "++num_epochs", "2"] + Self.outputs(dir),
                             environment: [:], cwd: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("returnn_sprint_extern[pid ") && $0.hasSuffix("getSegmentList('train'), 200 segments") })
        let dev = r.lines.filter { $0.hasPrefix("dev: score ") }
        #expect(dev.count == 2)
        let error = Double(dev.last?.split(separator: " ").last ?? "") ?? 1
        #expect(error < 0.3, "\(dev)")
        #expect(Self.files(dir).contains("model.002.safetensors"), "\(Self.files(dir))")
    }

    /// spoken-digits/blstm-ctc.config reads SPOKEN_DIGITS_DATA (here the tiny corpus
    /// `Tests/Fixtures/audio/spoken-digits`, made by its `make_fixture.py` from the committed audio
    /// fixtures in make-corpus.py's layout): OggZip + log-mel + word Vocabulary + BLSTM/pool/CTC
    /// learns the 3 training utterances (at a higher learning rate), and `++task search` decodes
    /// them greedily back into their words, with a word error of 0.
    @Test func demoSpokenDigitsBlstmCtc() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/audio/spoken-digits").path
        let config = Self.demo("spoken-digits/blstm-ctc.config")
        let r = try Self.run([config, "++num_epochs", "12", "++learning_rate", "0.01"] + Self.outputs(dir),
                             environment: ["SPOKEN_DIGITS_DATA": data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("net params #: \(Self.spokenDigitsParams)"), "\(r.lines)")
        #expect(r.lines.contains { $0.hasPrefix("epoch 12 score: ") && $0.contains(" error: 0.0 ") }, "\(r.lines)")
        #expect(r.lines.filter { $0.hasPrefix("dev: score ") && $0.contains(" error ") }.count == 12)
        #expect(Self.files(dir).contains("model.012.index"), "\(Self.files(dir))")  // use_tensorflow: TF checkpoints

        let out = dir.appendingPathComponent("train-search.py").path
        let s = try Self.run([config, "++task", "search", "++search_data", "train", "++load_epoch", "12",
                              "++search_output_file", out, "++search_output_file_format", "py"] + Self.outputs(dir),
                             environment: ["SPOKEN_DIGITS_DATA": data])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.lines.contains { $0.hasPrefix("Search done. Num steps ") && $0.hasSuffix(" error 0.0") }, "\(s.lines)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == """
            {
            'spoken-digits/train/0000': 'one two',
            'spoken-digits/train/0001': 'three four one',
            'spoken-digits/train/0002': 'nine yes',
            }

            """)
    }

    /// spoken-digits/attention.config on the same tiny corpus: the encoder with its CTC loss and
    /// the attention decoder (teacher forcing on the words + EOS) learn the 3 training utterances,
    /// and beam search (`decision`, edit distance against the words) decodes them exactly; the
    /// hypotheses are label indices (the decoder has 15 labels, the vocabulary 14).
    @Test func demoSpokenDigitsAttention() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/audio/spoken-digits").path
        let config = Self.demo("spoken-digits/attention.config")
        let r = try Self.run([config, "++num_epochs", "15", "++learning_rate", "0.01"] + Self.outputs(dir),
                             environment: ["SPOKEN_DIGITS_DATA": data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("epoch 15 score: ctc ") && $0.contains(" error: ctc 0.0 output/output_prob 0.0 ") },
                "\(r.lines.filter { $0.hasPrefix("epoch ") })")
        let out = dir.appendingPathComponent("train-search.py").path
        let s = try Self.run([config, "++task", "search", "++search_data", "train", "++load_epoch", "15",
                              "++search_output_file", out, "++search_output_file_format", "py"] + Self.outputs(dir),
                             environment: ["SPOKEN_DIGITS_DATA": data])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.lines.contains { $0.hasPrefix("Search done. Num steps ") && $0.hasSuffix(" decision 0.0") }, "\(s.lines)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == """
            {
            'spoken-digits/train/0000': '1 2',
            'spoken-digits/train/0001': '3 4 1',
            'spoken-digits/train/0002': '9 10',
            }

            """)
    }

    /// Parameters of spoken-digits/blstm-ctc.config: BLSTM 2x128 over 40 log-mel features, max-pool,
    /// BLSTM 2x128 over 256, softmax 256 -> 14 words + blank.
    static let spokenDigitsParams = 2 * (40 * 512 + 128 * 512 + 512) + 2 * (256 * 512 + 128 * 512 + 512) + 256 * 15 + 15

    /// Parameters of blstm-hdf.config: two BLSTM layers of 2x256 NativeLstm2 units (W, W_re, b
    /// each) over 40 and 512 inputs, softmax 512 -> 10.
    static let blstmParams = 2 * (40 * 1024 + 256 * 1024 + 1024) + 2 * (512 * 1024 + 256 * 1024 + 1024) + 512 * 10 + 10

    /// compute_priors, analyze_data, initialize_model, nop_init_net_train and
    /// cleanup_old_models on the 12AX demo and its trained model.
    @Test func auxiliaryTasksOn12AX() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [Self.demo("12ax.config")] + Self.small12AX + Self.outputs(dir)
        let train = try ReturnnCLITests.run(common + ["++num_epochs", "3"])
        #expect(train.status == 0, "\(train.stderr)")

        let priorsFile = dir.appendingPathComponent("priors.txt")
        let priors = try ReturnnCLITests.run(common + ["++task", "compute_priors", "++output_file", priorsFile.path])
        #expect(priors.status == 0, "\(priors.stderr)")
        #expect(priors.lines.contains("Saved prior in '\(priorsFile.path)' in +log space."))
        #expect(priors.lines.contains { $0.hasPrefix("Prior sum in std-space (should be close to 1.0): 0.99") || $0.hasPrefix("Prior sum in std-space (should be close to 1.0): 1.0") })
        // numpy.savetxt's text (i6_core's ReturnnComputePriorJobV2 reads it with numpy.loadtxt): one %.18e per line.
        let priorLines = try String(contentsOf: priorsFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(priorLines.count == 3 && priorLines.last == "")
        #expect(priorLines.dropLast().allSatisfy { $0.range(of: #"^-?\d\.\d{18}e[+-]\d{2}$"#, options: .regularExpression) != nil }, "\(priorLines)")
        let logPriors = priorLines.compactMap { Double($0) }
        #expect(logPriors.count == 2 && abs(logPriors.map { Foundation.exp($0) }.reduce(0, +) - 1) < 1e-4)

        let analyze = try ReturnnCLITests.run(common + ["++task", "analyze_data"], cwd: dir)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(analyze.lines.contains("Analyze dataset train epoch 1"))
        for f in ["statistics.log_priors.txt", "statistics.mean.txt", "statistics.std_dev.txt"] { #expect(Self.files(dir).contains(f)) }

        let initDir = dir.appendingPathComponent("init")
        let initialize = try ReturnnCLITests.run(common + ["++task", "initialize_model", "++model", initDir.path + "/model"])
        #expect(initialize.status == 0, "\(initialize.stderr)")
        #expect(Self.files(initDir).contains("model.index"))

        let nop = try ReturnnCLITests.run(common + ["++task", "nop_init_net_train"])
        #expect(nop.status == 0, "\(nop.stderr)")
        #expect(nop.lines.contains("Task: No-operation (network initialized)"))

        let keep = dir.appendingPathComponent("cleanup.config")
        try "#!returnn.py\ncleanup_old_models = {'keep_last_n': 1, 'keep_best_n': 0}\ncleanup_old_models_confirm = True\n"
            .write(to: keep, atomically: false, encoding: .utf8)
        let cleanup = try ReturnnCLITests.run([Self.demo("12ax.config"), keep.path] + Self.small12AX + Self.outputs(dir)
                                              + ["++task", "cleanup_old_models"])
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cleanup.lines.contains("We have stored models for epochs [1, 2, 3] and keep epochs [3]."))
        #expect(!Self.files(dir).contains { $0.hasPrefix("model.001.") || $0.hasPrefix("model.002.") }, "\(Self.files(dir))")
        #expect(Self.files(dir).contains("model.003.index"))
    }

    /// User mistakes give one located paragraph on stderr and exit status 1.
    @Test func userMistakesGiveLocatedMessages() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = Self.demo("12ax.config")
        let blocker = dir.appendingPathComponent("plain-file")
        try "x".write(to: blocker, atomically: false, encoding: .utf8)
        let cases: [([String], String)] = [
            ([demo, "++network", "{'fw0': {'class': 'rec', 'unit': 'nativelstm2', 'n_outt': 10, 'from': 'data'}, "
                + "'output': {'class': 'softmax', 'loss': 'ce', 'from': ['fw0']}}"],
             "<command line>: layer 'fw0': unknown option 'n_outt'; did you mean 'n_out'?"),
            ([demo, "++network", "{'output': {'class': 'sofmax', 'loss': 'ce', 'from': ['data']}}"],
             "<command line>: layer 'output': unknown layer class 'sofmax'; did you mean 'softmax'?"),
            ([demo, "++train", "{'class': 'HDFDataset', 'files': ['\(dir.path)/missing.hdf']}"],
             "dataset 'train': cannot open HDF5 file \(dir.path)/missing.hdf: no such file"),
            // An absurd size fails at construction, before anything is allocated.
            ([demo, "++network", "{'fw0': {'class': 'linear', 'n_out': 10**12, 'from': 'data'}, "
                + "'output': {'class': 'softmax', 'loss': 'ce', 'from': ['fw0']}}"],
             "<command line>: layer 'fw0': parameter 'fw0/W' of shape [9, 1000000000000] needs 32.7 TB as float32 (n_out 1000000000000), more than the "),
            ([demo, "++model", blocker.path + "/model"],
             "config key 'model' = '\(blocker.path)/model': \(blocker.path) is a file, not a directory"),
        ]
        for (args, message) in cases {
            let r = try ReturnnCLITests.run(args + ["++learning_rate_file", dir.path + "/lr"])
            #expect(r.status == 1, "\(args.last ?? "")")
            #expect(r.stderr.hasPrefix("returnn: error: ") && r.stderr.contains(message), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        #expect(Self.files(dir) == ["plain-file"])
    }

    /// Ctrl-C (SIGINT) during training stops after the current step with exit status 130: the
    /// finished epoch's model stays, nothing of the interrupted epoch is written.
    @Test func ctrlCStopsTrainingCleanly() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = [Self.demo("12ax.config"), "++num_epochs", "1000"] + Self.outputs(dir)
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.001.index").path)
            && p.isRunning && Date() < deadline {
            usleep(5_000)
        }
        usleep(100_000)
        #expect(p.isRunning)
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("returnn: error: ") && stderr.contains(": interrupted by signal 2 before step "), "\(stderr)")
        let files = Self.modelFiles(dir)
        #expect(files.contains("model.001.index") && files.contains("lr"))
        #expect(files.allSatisfy { $0 == "lr" || $0.hasPrefix("model.001.") || $0.hasPrefix("model.002.") } && !files.contains { $0.contains("tmp") },
                "\(files)")
    }

    /// Ctrl-C during `forward` exits with status 130 and leaves no output or temporary file.
    @Test func ctrlCDuringForwardLeavesNoOutput() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("fwd.hdf")
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = [Self.demo("forward.config"), "++model", dir.path + "/model", "++output_file", out.path,
                       "++eval", "{'class': 'DummyDataset', 'num_seqs': 100000, 'input_dim': 2, 'output_dim': 3, 'seq_len': 5}"]
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        // The writer's temporary file (renamed onto the output only when complete) shows it started.
        while !Self.files(dir).contains(where: { $0.hasPrefix(".fwd.hdf.") }) && p.isRunning && Date() < deadline { usleep(5_000) }
        usleep(100_000)
        #expect(p.isRunning)
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted by signal 2 before step ") && stderr.contains("the output file \(out.path) was not written"),
                "\(stderr)")
        #expect(Self.files(dir).isEmpty, "\(Self.files(dir))")
    }
}
