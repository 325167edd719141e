import Foundation
import Testing
import TMFormats
import TMGlossary
import TMKit
import TMMemory
import TMText

@Suite("Store conformance: repaired matches")
struct RepairConformanceTests {
    private let pairs = [
        ("Amazon will invest an additional $900 million in Ohio.", "亚马逊将在俄亥俄州追加投资9亿美元。"),
        ("Google will open an office in Nairobi next year.", "谷歌明年将在内罗毕开设办事处。"),
        ("Rents rose 4% in the capital and 4% in the suburbs.", "首都租金上涨4%，郊区租金上涨4%。"),
        ("The committee meets again on 14 May.", "委员会将于5月14日再次开会。"),
    ]
    private let recognizer = TermRecognizer(entries: [GlossaryEntry(en: "Google", zh: "谷歌"), GlossaryEntry(en: "Microsoft", zh: "微软")])

    @Test(arguments: Backend.available)
    func lookupRepairsValuesAndTermsAndSaysWhyNot(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(pairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)
        let finder = MatchFinder(memory: store, recognizer: recognizer)

        let money = try #require(try finder.lookup("Amazon will invest an additional $1.3 billion in Ohio.", language: .en, minScore: 70, limit: 3).first)
        #expect(money.score == 99)
        #expect(money.fuzzyScore.map { $0 < 99 } == true)
        #expect(money.target == "亚马逊将在俄亥俄州追加投资9亿美元。")  // as stored
        #expect(money.repaired?.text == "亚马逊将在俄亥俄州追加投资13亿美元。")
        #expect(money.repaired?.repairs.map(\.kind) == [.money])
        #expect(try store.lookup("Amazon will invest an additional $900 million in Ohio.", language: .en, minScore: 100, limit: 1).first?.target
            == "亚马逊将在俄亥俄州追加投资9亿美元。")  // the memory itself is untouched

        let term = try #require(try finder.lookup("Microsoft will open an office in Nairobi next year.", language: .en, minScore: 70, limit: 3).first)
        #expect(term.score == 97)
        #expect(term.repaired?.text == "微软明年将在内罗毕开设办事处。")

        // A short sentence: one changed figure costs 20 points, found all the same.
        let date = try #require(try finder.lookup("The committee meets again on 2 June.", language: .en, minScore: 75, limit: 1).first)
        #expect(date.repaired?.text == "委员会将于6月2日再次开会。")

        let twice = try #require(try finder.lookup("Rents rose 5% in the capital and 5% in the suburbs.", language: .en, minScore: 50, limit: 1).first)
        #expect(twice.repaired == nil)
        #expect(twice.repairNote?.contains("more than once") == true)
        #expect(twice.score < 99)

        let report = try CoverageAnalysis(memory: store, recognizer: recognizer)
            .analyse(texts: [("a.txt", "Amazon will invest an additional $2 billion in Ohio. Microsoft will open an office in Nairobi next year.", .txt)]).total
        #expect(report.bands[.repaired]?.segments == 2)
        #expect(report.bands[.exact]?.segments == 0)
    }

    @Test(arguments: Backend.available)
    func pretranslationFillsRepairedText(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(pairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)
        let article = NSTemporaryDirectory() + "tmkit-repair-\(UUID().uuidString).txt"
        try Data("Amazon will invest an additional $75 million in Ohio.\n".utf8).write(to: URL(fileURLWithPath: article))
        defer { try? FileManager.default.removeItem(atPath: article) }
        let blocks = try Pretranslation(memory: store, recognizer: recognizer).draft(file: article)
        let sentence = try #require(blocks.first?.sentences.first)
        #expect(sentence.target == "亚马逊将在俄亥俄州追加投资7500万美元。")
        let draft = [DraftSentence(source: sentence.source, target: sentence.target, score: sentence.score, repairs: sentence.repairs)]
        #expect(DraftMarkdown.write([(kind: .paragraph, sentences: draft)]).hasPrefix("[repaired 99%] 亚马逊"))
        let xliff = DraftXLIFF.write(draft, original: "a.txt")
        #expect(xliff.contains("repaired match 99%; money $900 million → $75 million: 9亿 → 7500万"))
    }
}
