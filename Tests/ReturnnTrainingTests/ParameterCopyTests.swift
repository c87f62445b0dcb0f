import ReturnnNetwork
import ReturnnTensor
import Testing
@testable import ReturnnTraining

/// `ParameterCopy`: copy modes, output layers, subset copies with gate blocks.
@Suite struct ParameterCopyTests {
    /// A tensor of `shape` holding `start, start+1, ...`.
    static func iota(_ shape: [Int], start: Float = 0) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, (0..<n).map { start + Float($0) })
    }

    @Test func ifPossibleCopiesMatchingShapesAndSkipsOthers() throws {
        let old = ["h/W": Self.iota([2, 3]), "h/b": Self.iota([3]), "output/W": Self.iota([3, 4]), "gone/W": Self.iota([1])]
        var new = ["h/W": Self.iota([2, 3], start: 100), "h/b": Self.iota([5], start: 100), "output/W": Self.iota([3, 4], start: 100),
                   "added/W": Self.iota([2], start: 100)]
        let msgs = try ParameterCopy.copy(from: old, into: &new, mode: .ifPossible)
        #expect(new["h/W"] == old["h/W"])
        #expect(new["output/W"] == old["output/W"])
        #expect(new["h/b"] == Self.iota([5], start: 100))
        #expect(new["added/W"] == Self.iota([2], start: 100))
        #expect(msgs.map(\.text) == [
            "Will not set param 'gone/W' because it does not exist.",
            "Will not set param 'h/b' because its shape [5] != (3,).",
        ])
        #expect(msgs.allSatisfy { $0.verbosity == 3 })
    }

    @Test func noModeIsIfPossibleInPretrainAndStrictOtherwise() throws {
        let old = ["a": Self.iota([2, 2])]
        var new = ["a": Self.iota([3, 2], start: 50)]
        let msgs = try ParameterCopy.copy(from: old, into: &new, mode: nil)
        #expect(msgs.count == 1 && new["a"] == Self.iota([3, 2], start: 50))
        #expect(throws: NetworkError.self) {
            _ = try ParameterCopy.copy(from: old, into: &new, mode: nil, ignoreWrongShape: false)
        }
        // A mode implies ignoring wrong shapes.
        _ = try ParameterCopy.copy(from: old, into: &new, mode: .ifPossible, ignoreWrongShape: false)
        var fresh: [String: Tensor] = [:]
        #expect(throws: NetworkError.self) {
            _ = try ParameterCopy.copy(from: old, into: &fresh, mode: nil, ignoreNonExisting: false)
        }
    }

    @Test func resetCopiesNothing() throws {
        let old = ["a": Self.iota([2])]
        var new = ["a": Self.iota([2], start: 9)]
        let msgs = try ParameterCopy.copy(from: old, into: &new, mode: .reset)
        #expect(msgs.isEmpty)
        #expect(new["a"] == Self.iota([2], start: 9))
    }

    @Test func outputLayerParamsAreKeptWhenNotCopyingTheOutputLayer() throws {
        let old = ["h/W": Self.iota([2]), "output/W": Self.iota([2]), "output/b": Self.iota([1])]
        var new = ["h/W": Self.iota([2], start: 7), "output/W": Self.iota([2], start: 7), "output/b": Self.iota([1], start: 7)]
        let msgs = try ParameterCopy.copy(from: old, into: &new, mode: nil, copyOutputLayer: false,
                                          outputParams: ["output/W", "output/b"])
        #expect(new["h/W"] == old["h/W"])
        #expect(new["output/W"] == Self.iota([2], start: 7))
        #expect(new["output/b"] == Self.iota([1], start: 7))
        #expect(msgs == [ParameterCopy.Message(verbosity: 2, text: "suspend copying of output layer param: output/W"),
                         ParameterCopy.Message(verbosity: 2, text: "suspend copying of output layer param: output/b")])
        var again = ["output/W": Self.iota([2], start: 7)]
        _ = try ParameterCopy.copy(from: old, into: &again, mode: nil, copyOutputLayer: true, outputParams: ["output/W"])
        #expect(again["output/W"] == old["output/W"])
    }

    @Test func subsetWithoutSplitInfoFillsTheLeadingPart() throws {
        let old = ["W": Self.iota([2, 3])]
        let base = Self.iota([3, 4], start: 100)
        var new = ["W": base]
        let msgs = try ParameterCopy.copy(from: old, into: &new, mode: .subset)
        #expect(msgs.map(\.text) == ["Param 'W': transform old values of shape (2, 3) into new shape (3, 4)."])
        let w = try #require(new["W"])
        for i in 0..<3 {
            for j in 0..<4 {
                let expected: Float = (i < 2 && j < 3) ? Float(i * 3 + j) : base[i, j]
                #expect(w[i, j] == expected, "W[\(i), \(j)]")
            }
        }
        // Shrinking keeps the leading part of the old values.
        var small = ["W": Self.iota([1, 2], start: 100)]
        _ = try ParameterCopy.copy(from: old, into: &small, mode: .subset)
        #expect(small["W"] == Tensor(shape: [1, 2], [0, 1]))
    }

    @Test func subsetWithGateBlocksGrowsEachBlock() throws {
        // An LSTM-like [n_in, 4·n] matrix grows from n = 2 to n = 3: every gate block gets the old
        // block in its leading columns.
        let old = Self.iota([2, 8])
        let base = Self.iota([3, 12], start: 1000)
        var new = ["lstm/W": base]
        let msgs = try ParameterCopy.copy(from: ["lstm/W": old], into: &new, mode: .subset,
                                          splitInfo: ["lstm/W": [[3], [3, 3, 3, 3]]])
        #expect(msgs.map(\.text) == ["Param 'lstm/W': transform old values of shape parts [[2], [2, 2, 2, 2]] into new shape parts [[3], [3, 3, 3, 3]]."])
        let w = try #require(new["lstm/W"])
        for i in 0..<3 {
            for j in 0..<12 {
                let gate = j / 3, k = j % 3
                let expected: Float = (i < 2 && k < 2) ? old[i, gate * 2 + k] : base[i, j]
                #expect(w[i, j] == expected, "W[\(i), \(j)]")
            }
        }
    }

    @Test func subsetRankMismatchIsSkipped() throws {
        var new = ["a": Self.iota([2, 2], start: 5)]
        let msgs = try ParameterCopy.copy(from: ["a": Self.iota([2])], into: &new, mode: .subset)
        #expect(msgs.count == 1 && msgs[0].text.contains("needs the same number of axes"))
        #expect(new["a"] == Self.iota([2, 2], start: 5))
    }

    /// The cases of upstream `test_transform_param_axes_split_info_to_new_shape`.
    @Test func transformSplitInfoMatchesUpstreamCases() {
        #expect(ParameterCopy.transformSplitInfo([[7], [7, 7, 7, 7]], toShape: [14, 56]) == [[14], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[3, 7], [7, 7, 7, 7]], toShape: [17, 56]) == [[3, 14], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[3, 7], [7, 7, 7, 7]], toShape: [15, 56]) == [[1, 14], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[7, 7], [7, 7, 7, 7]], toShape: [17, 56]) == [[3, 14], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[7, 7], [7, 7, 7, 7]], toShape: [28, 56]) == [[14, 14], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[7], [7, 7, 7, 7]], toShape: [7, 56]) == [[7], [14, 14, 14, 14]])
        #expect(ParameterCopy.transformSplitInfo([[1000, 621, 1280], [1000]], toShape: [2645, 1000]) == [[1000, 621, 1024], [1000]])
        #expect(ParameterCopy.transformSplitInfo([[512, 128, 32], [544]], toShape: [512, 544]) == [[512, 0, 0], [544]])
        // No non-negative split fits.
        #expect(ParameterCopy.transformSplitInfo([[3, 7], [7, 7, 7, 7]], toShape: [10, 56]) == nil)
    }

    /// The case of upstream `test_copy_with_new_split_axes`: [3+5, 5·4] into [5+7, 7·4].
    @Test func copyWithNewSplitAxesMatchesUpstreamCase() {
        let old = Self.iota([8, 20])
        let out = ParameterCopy.copyWithNewSplitAxes(old: old, oldSplits: [[3, 5], [5, 5, 5, 5]], newSplits: [[5, 7], [7, 7, 7, 7]],
                                                     base: Tensor(zeros: [12, 28]))
        for p in 0..<4 {
            for c in 0..<5 {
                for r in 0..<3 { #expect(out[r, p * 7 + c] == old[r, p * 5 + c]) }
                for r in 0..<5 { #expect(out[5 + r, p * 7 + c] == old[3 + r, p * 5 + c]) }
            }
            for c in 5..<7 { #expect(out[0, p * 7 + c] == 0) }
        }
        for c in 0..<28 {
            #expect(out[3, c] == 0 && out[4, c] == 0 && out[10, c] == 0 && out[11, c] == 0)
        }
    }

    @Test func copyWithNewSplitAxesRank3AndRank1() {
        let old = Self.iota([2, 2, 3])
        let out = ParameterCopy.copyWithNewSplitAxes(old: old, oldSplits: [[2], [1, 1], [3]], newSplits: [[3], [2, 2], [2]],
                                                     base: Tensor(shape: [3, 4, 2], repeating: -1))
        for i in 0..<3 {
            for j in 0..<4 {
                for k in 0..<2 {
                    let inBlock = i < 2 && (j == 0 || j == 2) && k < 2
                    let expected: Float = inBlock ? old[i, j / 2, k] : -1
                    #expect(out[i, j, k] == expected, "[\(i), \(j), \(k)]")
                }
            }
        }
        let v = ParameterCopy.copyWithNewSplitAxes(old: Tensor([1, 2, 3]), oldSplits: [[3]], newSplits: [[5]], base: Tensor(zeros: [5]))
        #expect(v == Tensor([1, 2, 3, 0, 0]))
    }
}
