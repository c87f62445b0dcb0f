import Foundation
import Testing
@testable import ReturnnKernels

/// GroupedConv against its naive twin (forward and both adjoints) and the adjoint identities.
@Suite struct GroupedConvTests {
    static func values(_ n: Int, seed: Int) -> [Float] { (0..<n).map { Float(sin(Double($0 * 5 + seed) * 0.613 + 0.2)) } }

    static let geometries: [GroupedConv.Geometry] = [
        .init(batch: 2, time: 7, outTime: 7, groups: 3, inPerGroup: 1, outPerGroup: 1, kernelSize: 3, stride: 1, dilation: 1, padLeft: 1),
        .init(batch: 1, time: 9, outTime: 4, groups: 2, inPerGroup: 3, outPerGroup: 2, kernelSize: 3, stride: 2, dilation: 1, padLeft: 0),
        .init(batch: 2, time: 6, outTime: 6, groups: 4, inPerGroup: 1, outPerGroup: 3, kernelSize: 2, stride: 1, dilation: 2, padLeft: 1),
        .init(batch: 1, time: 3, outTime: 3, groups: 2, inPerGroup: 2, outPerGroup: 1, kernelSize: 5, stride: 1, dilation: 1, padLeft: 2),
    ]

    @Test(arguments: geometries)
    func matchesNaiveAndIsAdjoint(_ g: GroupedConv.Geometry) {
        let nx = g.batch * g.time * g.inChannels, nw = g.kernelSize * g.inPerGroup * g.outChannels, ny = g.batch * g.outTime * g.outChannels
        let x = Self.values(nx, seed: 1), w = Self.values(nw, seed: 2), dy = Self.values(ny, seed: 3)
        var y = [Float](repeating: .nan, count: ny), yn = y
        GroupedConv.forward(x, w, &y, g)
        GroupedConv.Naive.forward(x, w, &yn, g)
        #expect(zip(y, yn).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        var dx = [Float](repeating: 0.5, count: nx), dxn = dx
        GroupedConv.backwardInput(dy, w, &dx, g)
        GroupedConv.Naive.backwardInput(dy, w, &dxn, g)
        #expect(zip(dx, dxn).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        var dw = [Float](repeating: -0.25, count: nw), dwn = dw
        GroupedConv.backwardFilter(dy, x, &dw, g)
        GroupedConv.Naive.backwardFilter(dy, x, &dwn, g)
        #expect(zip(dw, dwn).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        // <dy, conv(x, w)> == <convᵀ(dy, w), x> == <∂w(dy, x), w>
        func inner(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        var gx = [Float](repeating: 0, count: nx), gw = [Float](repeating: 0, count: nw)
        GroupedConv.backwardInput(dy, w, &gx, g)
        GroupedConv.backwardFilter(dy, x, &gw, g)
        #expect(Swift.abs(inner(dy, y) - inner(gx, x)) < 1e-4)
        #expect(Swift.abs(inner(dy, y) - inner(gw, w)) < 1e-4)
    }
}
