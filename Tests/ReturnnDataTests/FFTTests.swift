import Foundation
import Testing

@testable import ReturnnData

/// The FFT (radix-2 and Bluestein) against its naive DFT twin.
@Suite struct FFTTests {
    // Powers of two, mixed radix (2, 3, 4, 5, 7 factors), and Bluestein (11, 13, 441 = 3^2 7^2 is mixed, 202 = 2 * 101).
    @Test(arguments: [1, 2, 4, 8, 64, 512, 3, 7, 12, 100, 200, 400, 441, 11, 13, 202, 1000])
    func matchesNaiveDFT(_ n: Int) {
        var rnd = NumpyRandomState(seed: UInt32(n))
        let re = (0..<n).map { _ in rnd.randomSample() * 2 - 1 }
        let im = (0..<n).map { _ in rnd.randomSample() * 2 - 1 }
        let (wantRe, wantIm) = FFT.naiveDFT(re: re, im: im)
        var r = re, i = im
        FFT(size: n).forward(re: &r, im: &i)
        let scale = Double(n).squareRoot()
        for k in 0..<n {
            #expect(abs(r[k] - wantRe[k]) <= 1e-11 * scale * 10, "n=\(n) k=\(k) re")
            #expect(abs(i[k] - wantIm[k]) <= 1e-11 * scale * 10, "n=\(n) k=\(k) im")
        }
    }

    @Test(arguments: [1, 2, 4, 6, 10, 12, 22, 200, 400, 512, 882])
    func realInputMatchesNaiveDFT(_ n: Int) {
        var rnd = NumpyRandomState(seed: UInt32(1000 + n))
        let x = (0..<n).map { _ in rnd.randomSample() * 2 - 1 }
        let (wantRe, wantIm) = FFT.naiveDFT(re: x, im: [Double](repeating: 0, count: n))
        var re = [Double](), im = [Double]()
        FFT(size: n).forwardReal(x, re: &re, im: &im)
        #expect(re.count == n / 2 + 1 && im.count == n / 2 + 1)
        for k in 0...(n / 2) {
            #expect(abs(re[k] - wantRe[k]) <= 1e-10 * Double(n).squareRoot(), "n=\(n) k=\(k) re")
            #expect(abs(im[k] - wantIm[k]) <= 1e-10 * Double(n).squareRoot(), "n=\(n) k=\(k) im")
        }
    }

    @Test func knownTransformOfACosine() {
        // cos(2 pi 3 j / 10): X[3] = X[7] = 5, all else 0 (mixed radix 2 * 5).
        var re = (0..<10).map { cos(2 * Double.pi * 3 * Double($0) / 10) }
        var im = [Double](repeating: 0, count: 10)
        FFT(size: 10).forward(re: &re, im: &im)
        for k in 0..<10 {
            #expect(abs(re[k] - (k == 3 || k == 7 ? 5 : 0)) < 1e-12)
            #expect(abs(im[k]) < 1e-12)
        }
    }
}
