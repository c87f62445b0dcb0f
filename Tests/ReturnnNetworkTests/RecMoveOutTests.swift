import Testing
@testable import ReturnnNetwork

/// The move-out plan of a rec unit (RETURNN `optimize_move_layers_out`).
@Suite struct RecMoveOutTests {
    @Test func beforeAfterAndInside() {
        // embed <- output (choice, no deps); s <- prev:embed; att <- s, prev:att (a cycle through prev:);
        // readout <- s, att (nobody reads it: after the loop); idx <- :i (stays in).
        let deps: RecMoveOut.Dependencies = [
            "output": ([], [], false), "embed": (["output"], [], false), "s": ([], ["embed"], false),
            "att": (["s"], ["att"], false), "readout": (["s", "att"], [], false), "idx": ([], [], true),
        ]
        let names = ["output", "embed", "s", "att", "readout", "idx"]
        let plan = RecMoveOut.plan(names: names, deps: deps, optimize: true)
        #expect(plan.before == ["output", "embed", "s"])
        #expect(plan.inside == ["att", "idx"])
        let off = RecMoveOut.plan(names: names, deps: deps, optimize: false)
        #expect(off.before.isEmpty && off.inside == Set(names))
    }

    @Test func aLayerReadThroughPrevStaysInside() {
        // h <- prev:h2; h2 <- h: h2 is read through prev: so it stays, and so does h (h2 reads it).
        let deps: RecMoveOut.Dependencies = ["h": ([], ["h2"], false), "h2": (["h"], [], false), "out": (["h2"], [], false)]
        let plan = RecMoveOut.plan(names: ["h", "h2", "out"], deps: deps, optimize: true)
        #expect(plan.before.isEmpty)
        #expect(plan.inside == ["h", "h2"])
    }
}
