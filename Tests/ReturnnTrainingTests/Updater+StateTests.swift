import Testing
import ReturnnTensor
@testable import ReturnnTraining

/// `state()` / `loadState` / `resetSlots`.
@Suite struct UpdaterStateTests {
    private let grads: [[Float]] = [[0.5, -1, 2], [1, 0.25, -0.5], [-2, 1, 1], [0.1, 0.2, 0.3]]

    private func run(_ u: Updater, _ values: inout [String: Tensor], steps: Range<Int>) {
        for s in steps {
            u.step(values: &values, gradients: ["p/W": Tensor(grads[s])], learningRate: 0.01, globalStep: s, seed: 3)
        }
    }

    @Test(arguments: [
        "optimizer = {\"class\": \"adam\"}", "optimizer = {\"class\": \"rmsprop\", \"centered\": True, \"momentum\": 0.5}",
        "optimizer = {\"class\": \"amsgrad\", \"decay\": True}", "optimizer = {\"class\": \"adamw\", \"amsgrad\": True}",
        "optimizer = {\"class\": \"adadelta\"}\naccum_grad_multiple_step = 3", "momentum = 0.9",
    ])
    func roundTripResumesExactly(_ body: String) throws {
        let a = try UpdaterTestSupport.updater(body)
        var va = ["p/W": Tensor([1, 2, 3])]
        run(a, &va, steps: 0..<2)
        let saved = a.state()
        let b = try UpdaterTestSupport.updater(body)
        #expect(try b.loadState(saved).isEmpty)
        #expect(b.state() == saved)
        var vb = va
        run(a, &va, steps: 2..<4)
        run(b, &vb, steps: 2..<4)
        #expect(va["p/W"]! == vb["p/W"]!)
    }

    @Test func stateNames() throws {
        let u = try UpdaterTestSupport.updater("optimizer = {\"class\": \"adam\"}\naccum_grad_multiple_step = 2")
        #expect(u.state().keys.sorted() == ["beta1_power", "beta2_power", "p/W/Adam", "p/W/Adam_1", "p/W/accum_grad"])
        let r = try UpdaterTestSupport.updater("optimizer = {\"class\": \"rmsprop\", \"centered\": True}")
        #expect(r.state().keys.sorted() == ["p/W/RMSProp", "p/W/RMSProp_1", "p/W/RMSProp_2"])
        #expect(r.state()["p/W/RMSProp"]!.array == [1, 1, 1], "TF1 RMSProp starts rms at 1")
        let g = try UpdaterTestSupport.updater("")
        #expect(g.state().isEmpty)
    }

    @Test func loadStateErrors() throws {
        let u = try UpdaterTestSupport.updater("optimizer = {\"class\": \"adam\"}")
        #expect(throws: UpdaterError.unknownStateEntry(name: "p/W/Adamm", suggestion: "p/W/Adam")) {
            try u.loadState(["p/W/Adamm": Tensor([0, 0, 0])])
        }
        #expect(throws: UpdaterError.stateShapeMismatch(name: "p/W/Adam", expected: [3], got: [2])) {
            try u.loadState(["p/W/Adam": Tensor([0, 0])])
        }
        let missing = try u.loadState(["p/W/Adam": Tensor([1, 1, 1])])
        #expect(missing == ["beta1_power", "beta2_power", "p/W/Adam_1"])
        #expect(u.state()["p/W/Adam"]!.array == [1, 1, 1])
        #expect(u.state()["beta1_power"]!.scalar == 0.9)
        #expect(UpdaterError.unknownStateEntry(name: "x", suggestion: nil).description.contains("delete the optimizer state file"))
    }

    @Test func resetSlotsRestoresInitialState() throws {
        let body = "optimizer = {\"class\": \"adagrad\"}\naccum_grad_multiple_step = 3"
        let u = try UpdaterTestSupport.updater(body)
        let fresh = u.state()
        var v = ["p/W": Tensor([1, 2, 3])]
        run(u, &v, steps: 0..<4)
        #expect(u.state() != fresh)
        u.resetSlots()
        #expect(u.state() == fresh)
        #expect(fresh["p/W/Adagrad"]!.array == [0.1, 0.1, 0.1])
    }
}
