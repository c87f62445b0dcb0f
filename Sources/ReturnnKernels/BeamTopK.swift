/// The core of one beam-search step (RETURNN's `beam_search` over `tf.nn.top_k`): for every
/// sequence, the `beamSize` best entries of its `beamIn × dim` combined scores, best first; equal
/// scores keep the lower flat index first, as `tf.nn.top_k(sorted=True)`.
public enum BeamTopK {
    /// Shape contract: `scores` holds `batch × beamIn × dim` floats (row-major); `srcBeams`,
    /// `labels` and `outScores` hold `batch × beamSize` entries each. Entry `(b, j)` of the outputs
    /// is the `j`-th best `(beam, label)` of sequence `b`; when `beamIn × dim < beamSize`, the
    /// missing entries get beam 0, label 0 and score -inf (as upstream pads).
    public static func run(scores: UnsafePointer<Float>, batch: Int, beamIn: Int, dim: Int, beamSize: Int,
                           srcBeams: UnsafeMutablePointer<Int32>, labels: UnsafeMutablePointer<Int32>, outScores: UnsafeMutablePointer<Float>) {
        precondition(batch >= 0 && beamIn >= 1 && dim >= 1 && beamSize >= 1, "BeamTopK.run: bad sizes")
        let n = beamIn * dim
        let k = min(beamSize, n)
        // A min-heap of the best k (worst at the root): "worse" = lower score, or equal score and
        // higher index.
        var heapScore = [Float](repeating: 0, count: k)
        var heapIndex = [Int](repeating: 0, count: k)
        @inline(__always) func worse(_ s1: Float, _ i1: Int, _ s2: Float, _ i2: Int) -> Bool {
            s1 < s2 || (s1 == s2 && i1 > i2) || (s1.isNaN && !s2.isNaN)
        }
        for b in 0..<batch {
            let row = scores + b * n
            var count = 0
            func siftDown(_ start: Int) {
                var i = start
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < count && worse(heapScore[l], heapIndex[l], heapScore[m], heapIndex[m]) { m = l }
                    if r < count && worse(heapScore[r], heapIndex[r], heapScore[m], heapIndex[m]) { m = r }
                    if m == i { return }
                    heapScore.swapAt(i, m)
                    heapIndex.swapAt(i, m)
                    i = m
                }
            }
            for i in 0..<n {
                let s = row[i]
                if count < k {
                    var c = count
                    heapScore[c] = s
                    heapIndex[c] = i
                    count += 1
                    while c > 0 {
                        let p = (c - 1) / 2
                        guard worse(heapScore[c], heapIndex[c], heapScore[p], heapIndex[p]) else { break }
                        heapScore.swapAt(c, p)
                        heapIndex.swapAt(c, p)
                        c = p
                    }
                } else if worse(heapScore[0], heapIndex[0], s, i) {
                    heapScore[0] = s
                    heapIndex[0] = i
                    siftDown(0)
                }
            }
            // Pop worst first into the back.
            let out = b * beamSize
            for j in stride(from: k - 1, through: 0, by: -1) {
                outScores[out + j] = heapScore[0]
                srcBeams[out + j] = Int32(heapIndex[0] / dim)
                labels[out + j] = Int32(heapIndex[0] % dim)
                count -= 1
                heapScore[0] = heapScore[count]
                heapIndex[0] = heapIndex[count]
                siftDown(0)
            }
            for j in k..<beamSize {
                outScores[out + j] = -.infinity
                srcBeams[out + j] = 0
                labels[out + j] = 0
            }
        }
    }

    /// The naive twin of `run`: a full stable sort per sequence.
    public static func naive(scores: [Float], batch: Int, beamIn: Int, dim: Int, beamSize: Int) -> (srcBeams: [Int32], labels: [Int32], scores: [Float]) {
        let n = beamIn * dim
        var src = [Int32](), lab = [Int32](), sc = [Float]()
        for b in 0..<batch {
            let order = (0..<n).sorted { i, j in
                let a = scores[b * n + i], c = scores[b * n + j]
                return a > c || (a == c && i < j)
            }
            for j in 0..<beamSize {
                if j < n {
                    src.append(Int32(order[j] / dim))
                    lab.append(Int32(order[j] % dim))
                    sc.append(scores[b * n + order[j]])
                } else {
                    src.append(0)
                    lab.append(0)
                    sc.append(-.infinity)
                }
            }
        }
        return (src, lab, sc)
    }
}
