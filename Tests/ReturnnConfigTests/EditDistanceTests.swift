import Testing
@testable import ReturnnConfig

@Suite struct EditDistanceTests {
    @Test func distanceAndSuggestions() {
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.closest(to: "n_ot", in: ["n_out", "from", "class"]) == "n_out")
        #expect(EditDistance.closest(to: "zzzzzz", in: ["n_out", "from"]) == nil)
        #expect(EditDistance.closest(to: "I", in: ["_", "x"]) == nil)
        #expect(EditDistance.closest(to: "Lr", in: ["lr", "x"]) == "lr")
    }
}
