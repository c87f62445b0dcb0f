import Foundation
import Testing

@testable import ReturnnData

private func chars(_ ds: any Dataset, _ i: Int, _ key: String, _ alphabet: [Character]) throws -> String {
    let d = try ds.data(i, key: key)
    if d.shape.count == 2 {
        let v = d.doubles
        let k = d.shape[1]
        return String((0..<d.length).map { t in alphabet[Array(v[(t * k)..<((t + 1) * k)]).firstIndex(of: 1)!] })
    }
    return String(d.ints.map { alphabet[$0] })
}

@Test func episodicCopyXmlAndBaseConvertMatchFixture() throws {
    let fx = try Fixtures.json("generating_fixture.json")
    let ep = try TaskEpisodicCopyDataset(numSeqs: 10, options: DatasetOptions())
    try ep.initSeqOrder(epoch: 1)
    for (i, ref) in (fx["TaskEpisodicCopyDataset"] as! [[String: String]]).enumerated() {
        #expect(try chars(ep, i, "data", TaskEpisodicCopyDataset.classes) == ref["input"])
        #expect(try chars(ep, i, "classes", TaskEpisodicCopyDataset.classes) == ref["output"])
    }
    let xml = try TaskXmlModelingDataset(numSeqs: 10, options: DatasetOptions())
    try xml.initSeqOrder(epoch: 1)
    for (i, ref) in (fx["TaskXmlModelingDataset"] as! [[String: String]]).enumerated() {
        #expect(try chars(xml, i, "data", TaskXmlModelingDataset.classes) == ref["input"])
        #expect(try chars(xml, i, "classes", TaskXmlModelingDataset.classes) == ref["output"])
    }
    let nb = try TaskNumberBaseConvertDataset(numSeqs: 10, options: DatasetOptions())
    try nb.initSeqOrder(epoch: 1)
    #expect(try nb.dataSpec("data") == .sparse(8) && nb.dataSpec("classes") == .sparse(2))
    for (i, ref) in (fx["TaskNumberBaseConvertDataset"] as! [[String: Any]]).enumerated() {
        let d = (ref["data"] as! [Any]).map { ($0 as! NSNumber).intValue }
        let c = (ref["classes"] as! [Any]).map { ($0 as! NSNumber).intValue }
        #expect(try nb.data(i, key: "data").ints == d && nb.data(i, key: "classes").ints == c)
        let len = try nb.seqLength(i)
        #expect(len["data"] == d.count && len["classes"] == c.count)
    }
    #expect(nb.convert([7, 7]) == [1, 1, 1, 1, 1, 1] && nb.convert([0, 0]) == [0])
}

@Test func copyTaskAndDummyGenericMatchFixture() throws {
    let fx = try Fixtures.json("generating_fixture.json")
    let ct = try CopyTaskDataset(nsymbols: 5, minlen: 2, maxlen: 4, minlenEpochFactor: 0.5, maxlenEpochFactor: 1.0,
                                 numSeqs: 10, options: DatasetOptions())
    try ct.initSeqOrder(epoch: 3)
    for (i, ref) in (fx["CopyTaskDataset_epoch3"] as! [[Any]]).enumerated() {
        let r = ref.map { ($0 as! NSNumber).intValue }
        #expect(try ct.data(i, key: "data").ints == r && ct.data(i, key: "classes").ints == r)
        #expect(try ct.data(i, key: "data").dtype == .int8)
    }
    let gen = try DummyGenericDataset(
        template: [
            .init(key: "data", dtype: .float32, featureShape: [3], seqLens: 2...4),
            .init(key: "classes", dtype: .int32, sparseDim: 7, seqLens: 5...6),
        ], numSeqs: 5, options: DatasetOptions())
    try gen.initSeqOrder(epoch: 1)
    #expect(try gen.targetList == ["classes"] && gen.dataSpec("data") == .dense(3))
    for (i, ref) in (fx["DummyGenericDataset"] as! [[String: [String: Any]]]).enumerated() {
        let d = try gen.data(i, key: "data")
        #expect(d.shape == (ref["data"]!["shape"] as! [Any]).map { ($0 as! NSNumber).intValue })
        let refVals = (ref["data"]!["values"] as! [Any]).map { Float(($0 as! NSNumber).doubleValue) }
        #expect(d.doubles.map { Float($0) } == refVals)
        #expect(try gen.data(i, key: "classes").ints == (ref["classes"]!["values"] as! [Any]).map { ($0 as! NSNumber).intValue })
    }
    #expect(throws: DatasetError.self) { try CopyTaskDataset(nsymbols: 300, numSeqs: 1, options: DatasetOptions()) }
    let bad = try CopyTaskDataset(nsymbols: 3, numSeqs: 2, options: DatasetOptions())
    try bad.initSeqOrder(epoch: 1)
    #expect(throws: DatasetError.self) { try bad.data(0, key: "data") }
}

@Test func dummyDatasetsAreDeterministic() throws {
    // test_GeneratingDataset test_init: DummyDataset(input_dim=2, output_dim=3, num_seqs=4).
    let ds = try DummyDataset(inputDim: 2, outputDim: 3, numSeqs: 4, options: DatasetOptions())
    let no = try ds.numOutputs()
    #expect(no["classes"]! == (3, 1) && no["data"]! == (2, 2) && ds.inputDim == 2)
    try ds.initSeqOrder(epoch: 1)
    #expect(ds.numSeqs == 4)
    try ds.loadSeqs(0, 1)
    try ds.loadSeqs(1, 3)
    // seq 1: i in 1..<5 → ((i % 10) - 5) / 10; targets (5, 6) % 3.
    #expect(try ds.data(1, key: "data") == SeqData(.float32([-0.4, -0.3, -0.2, -0.1]), shape: [2, 2]))
    #expect(try ds.data(1, key: "classes") == .int32([2, 0]))
    let multi = try DummyDatasetMultipleSequenceLength(inputDim: 3, outputDim: 4, numSeqs: 2, options: DatasetOptions())
    try multi.initSeqOrder(epoch: 1)
    #expect(try multi.seqLength(1) == NumbersDict(["data": 10, "classes": 20]))
    #expect(try multi.data(1, key: "classes").ints == (31..<51).map { $0 % 4 })
    #expect(DummyDatasetMultipleSequenceLength.className == "DummyDatasetMultipleSequenceLength")
}

@Test func registryKnowsUpstreamNames() throws {
    #expect(try BuiltinDatasets.type(named: "Task12AXDataset") == Task12AXDataset.self)
    #expect(Set(BuiltinDatasets.classNames).count == BuiltinDatasets.classNames.count)
    #expect(throws: DatasetError.self) { try BuiltinDatasets.type(named: "Task12axDataset") }
    do {
        _ = try BuiltinDatasets.type(named: "task12axdataset")
    } catch let e as DatasetError {
        #expect(e.description.contains("did you mean Task12AXDataset"))
    }
}
