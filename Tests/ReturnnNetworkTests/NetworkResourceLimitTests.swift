import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Absurd sizes fail at network construction with a located error that says how much memory the
/// parameter needs and how much there is, before anything is allocated.
@Suite struct NetworkResourceLimitTests {
    static let budget = MemoryBudget(bytes: 1 << 30, source: "test budget")

    @Test func parameterLargerThanTheBudget() {
        let e = networkError {
            _ = try buildNetwork("""
                network = {
                    "output": {"class": "softmax", "loss": "ce", "from": "hidden"},
                    "hidden": {"class": "linear", "activation": "tanh", "n_out": 10**9},
                }
                """, memoryBudget: Self.budget)
        }
        #expect(e?.kind == .resourceLimit)
        #expect(e?.description == "test.config:4:68: layer 'hidden': parameter 'hidden/W' of shape [3, 1000000000] needs 11.2 GB " +
                "as float32 (n_out 1000000000), more than the 1.0 GB of test budget; make the layer smaller", "\(String(describing: e))")
    }

    /// The machine's own budget: a size no machine has (and whose byte count overflows `Int`).
    @Test func sizeBeyondAnyMachineWithTheRealBudget() {
        let e = networkError {
            _ = try buildNetwork("network = {\"output\": {\"class\": \"linear\", \"n_out\": 2**62, \"is_output_layer\": True}}")
        }
        #expect(e?.kind == .resourceLimit)
        #expect(e?.message.hasPrefix("parameter 'output/W' of shape [3, 4611686018427387904] needs more than 8 EB as float32 (n_out ") == true,
                "\(String(describing: e))")
        #expect(e?.message.contains("more than the ") == true && e?.location?.line == 2)
    }

    /// Each parameter fits, all of them together do not.
    @Test func parametersTogetherLargerThanTheBudget() {
        let layers = (0..<20).map { "\"l\($0)\": {\"class\": \"linear\", \"n_out\": 4096, \"from\": \"\($0 == 0 ? "data" : "l\($0 - 1)")\"}," }
        let e = networkError {
            _ = try buildNetwork("network = {\n" + layers.joined(separator: "\n") +
                                 "\n\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"from\": \"l19\"}}",
                                 memoryBudget: MemoryBudget(bytes: 1000 << 20, source: "test budget"))
        }
        #expect(e?.kind == .resourceLimit)
        // 16 weights of 64 MB (l1...l16) pass 1000 MB.
        #expect(e?.layer == "l16" && e?.location?.line == 19, "\(String(describing: e))")
        #expect(e?.message == "the parameters up to 'l16/W' of shape [4096, 4096] need 1.0 GB together as float32 (n_out 4096), " +
                "more than the 1000.0 MB of test budget; make the layer smaller",
                "\(String(describing: e))")
    }

    @Test func formatting() {
        #expect(MemoryBudget.format(512) == "512 B")
        #expect(MemoryBudget.format(3 << 20) == "3.0 MB")
        #expect(MemoryBudget.format(nil) == "more than 8 EB")
        #expect(MemoryBudget.bytes(elements: [1 << 40, 1 << 30], elementSize: 4) == nil)
        #expect(MemoryBudget.bytes(elements: [3, 5], elementSize: 4) == 60)
        let real = MemoryBudget.current()
        #expect(real.bytes > 1 << 26 && ["physical memory", "cgroup memory limit", "address-space limit (ulimit -v)"].contains(real.source))
    }
}
