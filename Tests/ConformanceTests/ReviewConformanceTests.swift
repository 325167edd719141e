import Foundation
import Testing
import TMAlign
import TMKit
import TMMemory
import TMText

/// A draft as `POST /align` makes it, with links as the aligner proposed them.
private func draft() -> ReviewDraft {
    let en = ["The bridge reopened on Monday.", "Traffic was light.", "Repairs cost $3 million.", "A photo caption."]
    let zh = ["大桥周一重新开放。", "交通并不拥堵。", "修复耗资300万美元。"]
    let links = [AlignmentLink(en: [0, 1], zh: [0], confidence: 0.4), AlignmentLink(en: [], zh: [1], confidence: 0.5),
                 AlignmentLink(en: [2], zh: [2], confidence: 0.9), AlignmentLink(en: [3], zh: [], confidence: 0.5)]
    return AlignmentReview.draft(en: en, zh: zh, links: links, enName: "bridge.en.md", zhName: "bridge.zh.md", scorer: "test")
}

@Suite("Store conformance: reviewed alignments")
struct ReviewConformanceTests {
    @Test(arguments: Backend.available)
    func reviewedLinksAreStoredExactlyInOneImport(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let d = draft()
        // The reviewer split the first link and kept the caption out.
        let reviewed = [ReviewLink(id: 0, en: [0], zh: [0]), ReviewLink(id: 1, en: [1], zh: [1]), ReviewLink(id: 2, en: [2], zh: [2]),
                        ReviewLink(id: 3, en: [3], zh: [])]
        let summary = try AlignmentReview.commit(d, links: reviewed, reviewer: "lin", into: store)
        #expect(summary.added == 3)
        #expect(summary.skipped == ["marked untranslated": 1])
        var units: [ExportedUnit] = []
        try store.forEachUnitForExport { units.append($0) }
        #expect(units.map { [$0.unit.en, $0.unit.zh] } == [["The bridge reopened on Monday.", "大桥周一重新开放。"], ["Traffic was light.", "交通并不拥堵。"],
                                                          ["Repairs cost $3 million.", "修复耗资300万美元。"]])
        #expect(units.allSatisfy { $0.unit.origin == .aligned && $0.provenance["reviewed by"] == "lin" && $0.user == "lin" })
        // The link left as the aligner proposed it keeps the aligner's confidence in its provenance.
        #expect(units[2].provenance["aligner confidence"] == "0.900")
        #expect(units[0].provenance["aligner confidence"] == nil)
        let record = try #require(try store.imports().first)
        #expect(record.user == "lin" && record.format == "review" && record.added == 3)
        #expect(try store.check(quick: false).problems.isEmpty)
        // The same review sent twice is stored once.
        #expect(try AlignmentReview.commit(d, links: reviewed, reviewer: "lin", into: store).alreadyImported)
        #expect(try store.unitCount() == 3)
    }

    @Test(arguments: Backend.available)
    func linksThatMissOrRepeatASentenceAreRefusedAndNothingIsStored(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let d = draft()
        let bad: [([ReviewLink], String)] = [
            ([ReviewLink(id: 0, en: [0, 1], zh: [0, 1]), ReviewLink(id: 1, en: [2], zh: [2])], "leave out"),           // caption missing
            ([ReviewLink(id: 0, en: [0, 1], zh: [0, 1]), ReviewLink(id: 1, en: [1, 2, 3], zh: [2])], "out of order"),  // sentence 1 twice
            ([ReviewLink(id: 0, en: [1, 0], zh: [0, 1]), ReviewLink(id: 1, en: [2, 3], zh: [2])], "out of order"),     // reversed
            ([ReviewLink(id: 0, en: [0, 1, 2, 3], zh: [0, 1, 2, 7])], "no Chinese sentence 7"),
            ([ReviewLink(id: 0, en: [], zh: []), ReviewLink(id: 1, en: [0, 1, 2, 3], zh: [0, 1, 2])], "no sentence on either side"),
        ]
        for (links, message) in bad {
            do {
                _ = try AlignmentReview.commit(d, links: links, reviewer: "lin", into: store)
                Issue.record("accepted links that \(message)")
            } catch let error as ReviewError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        #expect(try store.unitCount() == 0)
        #expect(try store.stats().imports == 0)
    }
}

@Suite("Store conformance: dictionaries stored for the aligner")
struct LexiconConformanceTests {
    let dictionary = "# a few entries\n港口 港口 [gang3 kou3] /port/harbour/\n船隻 船只 [chuan2 zhi1] /ship/vessel/\n"

    @Test(arguments: Backend.available)
    func aStoredDictionaryIsUsedByLaterAlignments(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        #expect(try store.lexicons().isEmpty)
        try store.storeLexicon(StoredLexicon(name: "harbour.u8", content: Data(dictionary.utf8), importedAt: Date(timeIntervalSince1970: 1_800_000_000), user: "lin"))
        let stored = try #require(try scratch.open().lexicons().first)
        #expect(stored.name == "harbour.u8" && stored.user == "lin" && stored.content == Data(dictionary.utf8))
        #expect(stored.importedAt == Date(timeIntervalSince1970: 1_800_000_000))
        // The aligner built for this memory reads it, without being told.
        let aligner = try AlignerLexicon.make(memory: store, glossary: [], dictionary: nil)
        #expect(aligner.lexicon.english(for: "船只")?.contains("ship") == true)
        #expect(aligner.lexicon.sources.contains { $0.contains("harbour.u8, stored in the memory (2 entries)") })
        // Storing under the same name replaces it.
        try store.storeLexicon(StoredLexicon(name: "harbour.u8", content: Data("港口 港口 [gang3 kou3] /port/\n".utf8), importedAt: Date(), user: "wang"))
        #expect(try store.lexicons().count == 1)
        #expect(try store.lexicons().first?.user == "wang")
        // A dictionary named on the command line wins; "none" means none.
        #expect(try AlignerLexicon.make(memory: store, glossary: [], dictionary: "none").lexicon.count == 0)
    }

    @Test(arguments: Backend.available)
    func dictionariesAndOriginPenaltiesTravelWithACopy(_ backend: Backend) throws {
        let source = try ScratchStore(backend), target = try ScratchStore(.sqlite)
        let from = try source.open(), to = try target.open()
        try from.storeLexicon(StoredLexicon(name: "harbour.u8", content: Data(dictionary.utf8), importedAt: Date(timeIntervalSince1970: 1_800_000_000), user: "lin"))
        try from.setPenalty(.origin("aligned"), points: 5)
        try from.setPenalty(.importID(7), points: 10)
        let copied = try SettingsCopy.run(from: from, to: to)
        #expect(copied.lexicons == 1 && copied.penalties == 1)
        #expect(try to.lexicons() == from.lexicons())
        #expect(try to.penalties() == [Penalty(scope: "origin:aligned", points: 5)])
        // Again: nothing doubles.
        try SettingsCopy.run(from: from, to: to)
        #expect(try to.lexicons().count == 1)
    }
}
