import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnData

/// SprintCacheDataset built from a config dict through DatasetFactory.
@Suite struct SprintCacheDatasetConfigTests {
    @Test func fromConfigDict() throws {
        let fx = try SprintCacheDatasetTests.Fixture()
        let files = SprintLabelingFiles(fx.dir)
        let body = """
        train = {"class": "SprintCacheDataset", "data": {
            "data": {"filename": "\(fx.features)"},
            "classes": {"filename": "\(fx.alignments)", "data_type": "align", "allophone_labeling": {
                "silence_phone": "si", "allophone_file": "\(files.allophones)",
                "phoneme_file": "\(files.phonemes)", "state_tying_file": "\(files.stateTying)"}}}}
        """
        let ds = try #require(try DatasetFactoryTests.build(body))
        let direct = try fx.dataset(DatasetOptions(name: "train"))
        #expect(type(of: ds).className == "SprintCacheDataset")
        #expect(ds.dataKeys == direct.dataKeys)
        #expect(try ds.dataSpec("classes") == direct.dataSpec("classes"))
        _ = try ds.initSeqOrder(epoch: 1)
        _ = try direct.initSeqOrder(epoch: 1)
        try ds.loadSeqs(0, ds.numSeqs!)
        try direct.loadSeqs(0, direct.numSeqs!)
        for i in 0..<direct.numSeqs! {
            #expect(try ds.tag(i) == direct.tag(i))
            #expect(try ds.data(i, key: "classes") == direct.data(i, key: "classes"))
        }
    }

    @Test func badEntriesAreLocatedErrors() throws {
        let typo = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'SprintCacheDataset', 'data': {'data': {'filenme': 'x.cache'}}}")
        }
        #expect(typo?.message.contains("did you mean 'filename'") == true, "\(String(describing: typo))")
        #expect(typo?.location?.line == 2)
        let kind = DatasetFactoryTests.error {
            _ = try DatasetFactoryTests.build("train = {'class': 'SprintCacheDataset', 'data': {'data': {'filename': 'x', 'data_type': 'mfcc'}}}")
        }
        #expect(kind?.message.contains("'mfcc' is not one of 'feat', 'align'") == true, "\(String(describing: kind))")
        let missing = DatasetFactoryTests.error { _ = try DatasetFactoryTests.build("train = {'class': 'SprintCacheDataset'}") }
        #expect(missing?.message.contains("missing required option 'data'") == true, "\(String(describing: missing))")
    }
}
