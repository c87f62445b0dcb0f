import Foundation
import Testing

@testable import ReturnnData

@Test func pythonRandomMatchesCPython() throws {
    let fx = try Fixtures.json("python_random_fixture.json")
    for c in fx["cases"] as! [[String: Any]] {
        let ints = { (k: String) in (c[k] as! [Any]).map { ($0 as! NSNumber).intValue } }
        var r = PythonRandom(seed: (c["seed"] as! NSNumber).intValue)
        #expect((0..<5).map { _ in r.random() } == (c["random"] as! [String]).map(Fixtures.double(bits:)))
        #expect((0..<4).map { _ in r.getrandbits(7) } == ints("getrandbits7"))
        #expect([1, 2, 3, 10, 1000, 65537].map { r.randbelow($0) } == ints("randbelow"))
        var lst = Array(0..<12)
        r.shuffle(&lst)
        #expect(lst == ints("shuffle12"))
        #expect(r.random() == Fixtures.double(bits: c["after"] as! String))
    }
}
