import Testing
@testable import ReturnnData

/// Small allophone/phoneme/state-tying files shared by the Sprint cache tests.
struct SprintLabelingFiles {
    let allophones: String
    let phonemes: String
    let stateTying: String

    init(_ dir: SprintCacheTempDir) {
        allophones = dir.write("allophones", "# comment line\nsi{#+#}@i@f\na{#+#}\na{si+b}@i\nb{a+#}@f\n")
        phonemes = dir.write("phonemes", "si\na\nb\n")
        stateTying = dir.write("tying", """
            si{#+#}@i@f.0 0
            a{#+#}.0 1
            a{#+#}.1 2
            a{#+#}.2 3
            a{si+b}@i.0 1
            a{si+b}@i.1 2
            a{si+b}@i.2 3
            b{a+#}@f.0 4
            b{a+#}@f.1 5
            b{a+#}@f.2 5

            """)
    }
}

@Suite struct AllophoneLabelingTests {
    static let s = 1 << 26

    @Test func phonemeLabels() throws {
        let dir = SprintCacheTempDir()
        let f = SprintLabelingFiles(dir)
        let l = try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones, phonemeFile: f.phonemes)
        #expect(l.allophones == ["si{#+#}@i@f", "a{#+#}", "a{si+b}@i", "b{a+#}@f"])
        #expect(l.numLabels == 3)
        #expect(l.silenceAllophoneIndex == 0)
        #expect(l.silenceLabelIndex == 0)
        #expect(!l.usesStateTying)
        #expect(l.allophoneAndState(mixture: 2 + 2 * Self.s)! == (2, 2))
        #expect(l.label(mixture: 0) == 0)
        #expect(l.label(mixture: 1 + Self.s) == 1)
        #expect(l.label(mixture: 2 + 2 * Self.s) == 1)
        #expect(l.label(mixture: 3) == 2)
        #expect(l.label(mixture: 4) == nil)  // beyond the allophones
    }

    @Test func stateTyingLabels() throws {
        let dir = SprintCacheTempDir()
        let f = SprintLabelingFiles(dir)
        let l = try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones, phonemeFile: f.phonemes, stateTyingFile: f.stateTying)
        #expect(l.numLabels == 6)
        #expect(l.numAlloStates == 3)
        #expect(l.usesStateTying)
        #expect(l.silenceLabelIndex == 0)
        #expect(l.label(mixture: 0) == 0)
        #expect(l.label(mixture: 1 + 2 * Self.s) == 3)
        #expect(l.label(mixture: 3 + Self.s) == 5)
        #expect(l.label(mixture: 0 + Self.s) == nil)  // si state 1 is not tied
        #expect(l.labelIndex(allophone: 2, state: 1) == 2)
    }

    @Test func errors() throws {
        let dir = SprintCacheTempDir()
        let f = SprintLabelingFiles(dir)
        #expect { try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones) } throws: { "\($0)".contains("phoneme_file") }
        #expect { try AllophoneLabeling(silencePhone: "sil", allophoneFile: f.allophones, phonemeFile: f.phonemes) } throws: {
            "\($0)".contains("sil{#+#}@i@f") && "\($0)".contains(f.allophones)
        }
        let missing = dir.path("nope")
        #expect { try AllophoneLabeling(silencePhone: "si", allophoneFile: missing, phonemeFile: f.phonemes) } throws: { "\($0)".contains(missing) }
        let bad = dir.write("badtying", "si{#+#}@i@f.0 0\nbroken line here\n")
        #expect { try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones, stateTyingFile: bad) } throws: {
            "\($0)".contains("line 2") && "\($0)".contains(bad)
        }
        let noSil = dir.write("nosil", "a{#+#}.0 0\n")
        #expect { try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones, stateTyingFile: noSil) } throws: { "\($0)".contains("si{#+#}@i@f.0") }
        let noPhone = dir.write("ph2", "a\nb\n")
        #expect { try AllophoneLabeling(silencePhone: "si", allophoneFile: f.allophones, phonemeFile: noPhone) } throws: { "\($0)".contains("silence phone 'si'") }
    }
}
