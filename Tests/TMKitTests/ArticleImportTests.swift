import Foundation
import Testing
import TMAlign
import TMKit
import TMMemory
import TMSQLite
import TMText

private func file(_ text: String, _ ext: String = "txt") throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-article-\(UUID().uuidString).\(ext)"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite("Importing an article pair")
struct ArticleImportTests {
    let english = "Chip Sales Climb\n\nSales of chips rose 12% in May. Demand came from data centers.\n\nPrices fell slightly.\n"
    let chinese = "芯片销量攀升\n\n5月芯片销量增长12%。需求来自数据中心。\n\n价格略有下降。\n"

    private func importer(_ store: SQLiteMemory) -> ArticleImport {
        var lexicon = BilingualLexicon()
        for (zh, en) in [("芯片", "chip"), ("销量", "sales"), ("需求", "demand"), ("数据中心", "data center"), ("价格", "price")] {
            lexicon.add(zh: zh, en: en)
        }
        return ArticleImport(store: store, aligner: SentenceAligner(lexicon: lexicon))
    }

    @Test func alignedUnitsAreStoredWithOriginAndConfidence() throws {
        // At the default threshold, links under it are listed and kept out.
        let strict = try SQLiteMemory()
        let kept = try importer(strict).importArticle(en: try file(english), zh: try file(chinese))
        #expect(kept.summary.added + kept.lowConfidence.count == 4)
        #expect(kept.lowConfidence.allSatisfy { $0.confidence < ArticleImport.defaultMinimumConfidence })
        #expect(kept.stored.allSatisfy { $0.confidence >= ArticleImport.defaultMinimumConfidence })
        #expect(try strict.unitCount() == kept.summary.added)

        let store = try SQLiteMemory()
        var lenient = importer(store)
        lenient.minimumConfidence = 0.2
        let result = try lenient.importArticle(en: try file(english), zh: try file(chinese))
        #expect(result.summary.added == 4)
        let match = try #require(try store.lookup("Prices fell slightly.", language: .en, minScore: 90, limit: 1).first)
        // A weak link (under 0.8) is never an exact match.
        #expect(match.score == ((match.unit.confidence ?? 0) < PenaltyScope.weakLinkConfidence ? 95 : 100))
        #expect(match.target == "价格略有下降。")
        #expect(match.unit.origin == .aligned)
        #expect((match.unit.confidence ?? 0) > 0)
    }

    @Test(arguments: [
        ("", "芯片销量攀升。", "no sentences"),
        ("Chip sales climb.", "Chip sales climb.", "not in Chinese"),
        ("芯片销量攀升。", "芯片销量攀升。", "not in English"),
        ("One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten. Eleven. Twelve. Thirteen. Fourteen. Fifteen. Sixteen. Seventeen. Eighteen. Nineteen. Twenty. Twenty-one. Twenty-two.", "一。", "wildly different length"),
    ])
    func badPairsAreRefusedAndNothingIsStored(_ input: (String, String, String)) throws {
        let store = try SQLiteMemory()
        let error = try #require(throws: TextInputError.self) {
            try importer(store).importArticle(en: try file(input.0), zh: try file(input.1))
        }
        #expect(error.message.contains(input.2) || (input.0.isEmpty && error.message == "the file is empty"))
        #expect(try store.unitCount() == 0)
        #expect(try store.stats().imports == 0)
    }
}
