import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// The fused LSTM step on the tape: gradients against finite differences (both layouts, with and
/// without forget bias, one output unused).
@Suite struct TapeLstmCellTests {
    @Test(arguments: [(LstmCellStep.Layout.tensorFlow, Float(1)), (.native, 0)])
    func gradientsMatchFiniteDifferences(layout: LstmCellStep.Layout, forgetBias: Float) {
        let inputs = [randomTensor([3, 4 * 5], seed: 31, range: -2...2), randomTensor([3, 5], seed: 32)]
        checkGradients(inputs) { tape, v in
            let (h, c) = tape.lstmCell(z: v[0], cPrev: v[1], layout: layout, forgetBias: forgetBias)
            return tape.concat([h, c], axis: 1)
        }
        checkGradients(inputs) { tape, v in tape.lstmCell(z: v[0], cPrev: v[1], layout: layout, forgetBias: forgetBias).h }
    }
}
