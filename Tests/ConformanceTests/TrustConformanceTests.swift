import Foundation
import Testing
import TMFormats
import TMGlossary
import TMAlign
import TMKit
import TMMemory

private func write(_ text: String, ext: String) throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-trust-\(UUID().uuidString).\(ext)"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// What enters the memory: bad units are skipped with their reason and
/// place, the rest stored; drafts are not translations; the glossary folder
/// never empties a memory's glossary.
@Suite("Trust conformance")
struct TrustConformanceTests {
    @Test(arguments: Backend.available)
    func badRowsOfATSVAreSkippedWithTheirPlaceAndTheRestStored(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let rows = [
            "en\tzh",
            "The port reopened on Monday.\t港口周一重新开放。",              // line 2: good
            "港口周一重新开放。\t港口周一重新开放了。",                      // line 3: Chinese in the English column
            "Ferries run again.\tFerries run again.",                        // line 4: the same text twice
            "Tolls rise in May.\t",                                          // line 5: Chinese side empty
            "Three\tfields\there",                                           // line 6: wrong field count
            String(repeating: "Long text. ", count: 600) + "\t很长。",        // line 7: over-long English
            "The bridge is closed.\tThe bridge is shut now.",                // line 8: no Chinese on the Chinese side
            "Trains are late.\t火车晚点了。",                                // line 9: good
        ]
        let path = try write(rows.joined(separator: "\n") + "\n", ext: "tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }

        var strict = FileImport(store: store)
        strict.strict = true
        let refused = try #require(throws: RejectedUnits.self) { try strict.importFile(path, format: .tsv) }
        #expect(refused.rejections.count == 6)
        #expect(try store.stats().units == 0 && store.stats().imports == 0)

        let summary = try FileImport(store: store).importFile(path, format: .tsv)
        #expect(summary.added == 2)
        #expect(summary.skippedCount == 6)
        #expect(summary.rejections.map(\.line) == [3, 4, 5, 6, 7, 8])
        let reasons = summary.rejections.map(\.reason)
        #expect(reasons[0] == "Chinese text on the English side")
        #expect(reasons[1] == "both sides are the same text")
        #expect(reasons[2] == "the Chinese side is empty")
        #expect(reasons[3].hasPrefix("expected 2 fields"))
        #expect(reasons[4].contains("longer than"))
        #expect(reasons[5] == "no Chinese on the Chinese side")
        #expect(summary.rejections[2].column == 20)  // the empty cell, after "Tolls rise in May." and the tab
        #expect(Set(try store.concordance("港口", language: .zh, limit: 10).map(\.unit.en)) == ["The port reopened on Monday."])
        #expect(try store.unitCount() == 2)
    }

    @Test(arguments: Backend.available)
    func badUnitsOfATMXAreSkippedWithTheirLine(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        func tu(_ en: String?, _ zh: String?) -> String {
            "<tu>" + (en.map { "<tuv xml:lang=\"en-US\"><seg>\($0)</seg></tuv>" } ?? "")
                + (zh.map { "<tuv xml:lang=\"zh-CN\"><seg>\($0)</seg></tuv>" } ?? "") + "</tu>"
        }
        let body = [tu("Markets opened higher.", "股市高开。"), tu("No Chinese here.", nil), tu("Empty Chinese.", " "),
                    tu("Same text.", "Same text."), tu("Rain is expected.", "预计有雨。")]
        let xml = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en-US\"/><body>\n" + body.joined(separator: "\n") + "\n</body></tmx>\n"
        let path = try write(xml, ext: "tmx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try FileImport(store: store).importFile(path, format: .tmx)
        #expect(summary.added == 2)
        #expect(summary.rejections.map(\.line) == [4, 5, 6])
        #expect(summary.rejections.map(\.reason) == ["no Chinese variant", "the Chinese side is empty", "both sides are the same text"])

        let other = try ScratchStore(backend)
        var strict = FileImport(store: try other.open())
        strict.strict = true
        #expect(throws: RejectedUnits.self) { try strict.importFile(path, format: .tmx) }
    }

    @Test(arguments: Backend.available)
    func onlyTranslatedXLIFFSegmentsAreStored(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let segments = [("final", "The vote is on Sunday.", "投票在周日举行。"), ("translated", "Polls close at eight.", "投票站八点关闭。"),
                        ("initial", "Turnout was high.", "投票率很高。"), ("needs-translation", "Results come tomorrow.", "结果明天公布。")]
        let xliff2 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN"><file id="f1">
            \(segments.enumerated().map { k, s in "<unit id=\"u\(k)\"><segment state=\"\(s.0)\"><source>\(s.1)</source><target>\(s.2)</target></segment></unit>" }.joined(separator: "\n"))
            </file></xliff>
            """
        let path = try write(xliff2, ext: "xlf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try FileImport(store: store).importFile(path, format: .xliff)
        #expect(summary.added == 2)
        #expect(summary.skippedCount == 2)
        #expect(Set(try store.concordance("投票", language: .zh, limit: 10).map(\.unit.en)) == ["The vote is on Sunday.", "Polls close at eight."])

        let xliff12 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff version="1.2"><file source-language="en" target-language="zh-CN" original="a.txt"><body>
            \(segments.enumerated().map { k, s in "<trans-unit id=\"t\(k)\"><source>\(s.1) Again.</source><target state=\"\(s.0)\">\(s.2)再次。</target></trans-unit>" }.joined(separator: "\n"))
            <trans-unit id="nostate"><source>No state at all.</source><target>完全没有状态。</target></trans-unit>
            </body></file></xliff>
            """
        let path12 = try write(xliff12, ext: "xlf")
        defer { try? FileManager.default.removeItem(atPath: path12) }
        let scratch12 = try ScratchStore(backend)
        let only = try FileImport(store: try scratch12.open()).importFile(path12, format: .xliff)
        #expect(only.added == 2 && only.skippedCount == 3)
        let scratchAny = try ScratchStore(backend)
        var any = FileImport(store: try scratchAny.open())
        any.anyXLIFFState = true
        #expect(try any.importFile(path12, format: .xliff).added == 5)
    }

    @Test(arguments: Backend.available)
    func theGlossaryFolderNeverEmptiesTheMemorysGlossary(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let folder = NSTemporaryDirectory() + "tmkit-trust-glossary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terms = (1...8).map { "term\($0)\t术语\($0)" }
        try Data(("en\tzh\n" + terms.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/news.tsv"))
        try GlossaryService(store: store, folder: folder, syncsAutomatically: false).sync()
        #expect(try store.glossaryEntries().count == 8)

        // The file is gone from the folder: a sync would remove 8 entries, more than a handful.
        try FileManager.default.removeItem(atPath: folder + "/news.tsv")
        let service = try GlossaryService.forMemory(store, location: scratch.location, folder: folder)
        #expect(service.syncsAutomatically == (backend == .sqlite))
        if backend == .sqlite {
            #expect(throws: GlossarySyncError.self) { try service.entries() }
        } else {
            #expect(try service.entries().count == 8)  // a shared memory is synced only when asked
        }
        #expect(try store.glossaryEntries().count == 8)
        let plan = try service.plan()
        #expect(plan.removed.count == 8 && plan.goneSources == ["glossary/news.tsv"])

        // A named folder that does not exist is an error, never an empty glossary.
        #expect(throws: WorkspaceError.self) { try GlossaryService.forMemory(store, location: scratch.location, folder: folder + "/missing") }
        // Without any folder the stored glossary is used as it is.
        #expect(try GlossaryService(store: store, folder: nil).entries().count == 8)
        try service.apply(plan)
        #expect(try store.glossaryEntries().isEmpty)
    }

    @Test(arguments: Backend.available)
    func weakAlignedLinksArePenalisedByDefaultAndThePenaltyIsAdjustable(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let source = ImportSource(fileName: "harbour.en.md", format: "article", sha256: String(repeating: "a", count: 64))
        _ = try store.importUnits(from: source) { sink in
            try sink.add(TranslationUnit(en: "The harbour reopens on Monday.", zh: "港口周一重新开放。", origin: .aligned, position: 0, confidence: 0.95))
            try sink.add(TranslationUnit(en: "Ferries will run every hour.", zh: "渡轮每小时一班。", origin: .aligned, position: 1, confidence: 0.45))
        }
        let sure = try #require(try store.lookup("The harbour reopens on Monday.", language: .en, minScore: 50, limit: 3).first)
        #expect(sure.score == 100 && sure.penalty == 0)
        let weak = try #require(try store.lookup("Ferries will run every hour.", language: .en, minScore: 50, limit: 3).first)
        #expect(weak.penalty == 5 && weak.score == 95)
        #expect(weak.penaltyReason == "aligned with confidence under 0.8")
        #expect(try store.penalties().isEmpty)
        #expect(PenaltyTable.effective(try store.penalties()) == [Penalty(scope: "weak-links", points: 5)])

        try store.setPenalty(.weakLinks, points: 20)
        #expect(try store.lookup("Ferries will run every hour.", language: .en, minScore: 50, limit: 3).first?.score == 80)
        try store.setPenalty(.weakLinks, points: nil)  // removed: stays off, not back to the default
        #expect(try store.lookup("Ferries will run every hour.", language: .en, minScore: 50, limit: 3).first?.score == 100)
        #expect(PenaltyTable.effective(try store.penalties()) == [Penalty(scope: "weak-links", points: 0)])
    }

    @Test(arguments: Backend.available)
    func aPenalisedBestMatchGivesWayToTheNextOne(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let aligned = ImportSource(fileName: "tram.en.md", format: "article", sha256: String(repeating: "b", count: 64))
        _ = try store.importUnits(from: aligned) { sink in
            try sink.add(TranslationUnit(en: "The tram line opens in May.", zh: "有轨电车线路五月开通。", origin: .aligned, position: 0, confidence: 0.3))
        }
        let typed = ImportSource(fileName: "tram.tsv", format: "tsv", sha256: String(repeating: "c", count: 64))
        _ = try store.importUnits(from: typed) { sink in
            try sink.add(TranslationUnit(en: "The tram line opens in June.", zh: "有轨电车线路六月开通。", origin: .tsv))
        }
        try store.setPenalty(.weakLinks, points: 20)
        // The weak exact link (100 - 20) gives way to the trusted near match, even when one match is asked for.
        let best = try #require(try store.lookup("The tram line opens in May.", language: .en, minScore: 50, limit: 1).first)
        #expect(best.unit.en == "The tram line opens in June." && best.score > 80 && best.penalty == 0)
        let two = try store.lookup("The tram line opens in May.", language: .en, minScore: 50, limit: 2)
        #expect(two.map(\.unit.en) == ["The tram line opens in June.", "The tram line opens in May."])
        #expect(two.last?.score == 80)
    }

    @Test(arguments: Backend.available)
    func anArticleImportedAfterATMXThatSharesSentencesExportsWhole(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let folder = NSTemporaryDirectory() + "tmkit-whole-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func put(_ name: String, _ text: String) throws -> String {
            let path = folder + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        // A TMX from the desk that already holds the headline and the last sentence.
        let tmx = try put("desk.tmx", """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="desk" creationtoolversion="1" o-tmf="desk"/>
            <body>
            <tu><tuv xml:lang="en"><seg>Chip Sales Climb</seg></tuv><tuv xml:lang="zh-CN"><seg>芯片销量攀升</seg></tuv></tu>
            <tu><tuv xml:lang="en"><seg>Prices fell slightly.</seg></tuv><tuv xml:lang="zh-CN"><seg>价格略有下降。</seg></tuv></tu>
            </body></tmx>
            """)
        #expect(try FileImport(store: store).importFile(tmx, format: .tmx).added == 2)

        let en = try put("chips.en.md", "# Chip Sales Climb\n\nSales of chips rose 12% in May. Demand came from data centers.\n\nPrices fell slightly.\n")
        let zh = try put("chips.zh.md", "# 芯片销量攀升\n\n5月芯片销量增长12%。需求来自数据中心。\n\n价格略有下降。\n")
        var lexicon = BilingualLexicon()
        for (word, english) in [("芯片", "chip"), ("销量", "sales"), ("需求", "demand"), ("数据中心", "data center"), ("价格", "price")] {
            lexicon.add(zh: word, en: english)
        }
        var articles = ArticleImport(store: store, aligner: SentenceAligner(lexicon: lexicon))
        articles.minimumConfidence = 0
        let result = try articles.importArticle(en: en, zh: zh)
        #expect(result.summary.added == 2 && result.summary.duplicates == 2)

        let documents = try DocumentList.entries(store)
        let article = try #require(documents.first { $0.name != "desk.tmx" })
        #expect(documents.map(\.name).contains("desk.tmx") && documents.count == 2)
        #expect(article.units == 2 && article.shared == 2)

        var markdown = ""
        var blocks = BilingualWriters.BlockGrouper { markdown += BilingualWriters.markdownBlock($0) }
        try store.forEachUnitForExport(filter: UnitFilter(document: article.name)) { blocks.add($0) }
        blocks.flush()
        #expect(markdown == """
            # Chip Sales Climb

            # 芯片销量攀升

            Sales of chips rose 12% in May. Demand came from data centers.

            5月芯片销量增长12%。需求来自数据中心。

            Prices fell slightly.

            价格略有下降。


            """)
        // The filter that lookups and concordance take sees the shared units too.
        #expect(try store.unitIDs(matching: UnitFilter(document: article.name), containing: nil, among: nil).count == 4)
        // The TMX's own export is unchanged.
        var desk: [String] = []
        try store.forEachUnitForExport(filter: UnitFilter(document: "desk.tmx")) { desk.append($0.unit.en) }
        #expect(desk == ["Chip Sales Climb", "Prices fell slightly."])
    }

    @Test(arguments: Backend.available)
    func everyGlossaryRemovalIsInTheHistoryAndCanBeRestored(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let folder = NSTemporaryDirectory() + "tmkit-trust-removals-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = URL(fileURLWithPath: folder + "/desk.tsv")
        try Data("en\tzh\tstatus\nferry\t渡轮\tpreferred\ntoll\t通行费\tpreferred\nfare\t票价\tpreferred\n".utf8).write(to: file)
        var desk = GlossaryService(store: store, folder: folder, syncsAutomatically: false)
        desk.user = "mei"
        try desk.sync()
        #expect(try store.glossaryRemovals(limit: 10).isEmpty)

        // One line goes from the file, then the whole file.
        try Data("en\tzh\tstatus\nferry\t渡轮\tpreferred\nfare\t票价\tpreferred\n".utf8).write(to: file)
        try desk.sync()
        let first = try store.glossaryRemovals(limit: 10)
        #expect(first.map(\.entry.en) == ["toll"] && first[0].removedBy == "mei" && first[0].entry.source == "glossary/desk.tsv")
        try FileManager.default.removeItem(at: file)
        try desk.sync()
        let all = try store.glossaryRemovals(limit: 10)
        #expect(Set(all.prefix(2).map(\.entry.en)) == ["ferry", "fare"] && all.count == 3)
        #expect(try store.glossaryEntries().isEmpty)

        // Restored into the memory (the folder does not sync this one on its own), once.
        let restored = try desk.restore([first[0].id])
        #expect(restored.map(\.entry.zh) == ["通行费"])
        #expect(try store.glossaryEntries().map(\.en) == ["toll"])
        #expect(try store.glossaryRemovals(limit: 10).first { $0.id == first[0].id }?.restoredAt != nil)
        #expect(throws: GlossaryRestoreError.notRemoved([first[0].id])) { try desk.restore([first[0].id]) }

        // Where the folder is the glossary's source, a restored entry goes back into its files and stays there.
        let synced = GlossaryService(store: store, folder: folder, syncsAutomatically: true)
        let fare = try #require(all.first { $0.entry.en == "fare" })
        _ = try synced.restore([fare.id])
        #expect(try String(contentsOfFile: folder + "/added.tsv", encoding: .utf8).contains("fare\t票价\tpreferred"))
        #expect(Set(try synced.entries().map(\.en)) == ["toll", "fare"])
    }
}
