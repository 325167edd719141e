import Foundation
import Testing
import TMFormats
import TMKit
import TMMemory
import TMSQLite

@Suite("Pre-translation")
struct PretranslationTests {
    private func setup() throws -> (SQLiteMemory, String) {
        let store = try SQLiteMemory()
        _ = try store.importUnits(from: ImportSource(fileName: "tm.tsv", format: "tsv", sha256: "tm")) { sink in
            try sink.add(TranslationUnit(en: "Chip sales rose 12% in May.", zh: "5月芯片销量增长12%。", origin: .tsv))
            try sink.add(TranslationUnit(en: "Demand came from data centers in the United States.", zh: "需求来自美国的数据中心。", origin: .tsv))
        }
        let path = NSTemporaryDirectory() + "tmkit-pre-\(UUID().uuidString).md"
        try Data("# Chips\n\nChip sales rose 12% in May. Demand came from data centers in the United Kingdom. Profit & loss fell < 5%.\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        return (store, path)
    }

    @Test func markdownDraftMarksFuzzyAndNewSentences() throws {
        let (store, path) = try setup()
        let blocks = try Pretranslation(memory: store, minimumScore: 75).draft(file: path)
        let draft = DraftMarkdown.write(blocks.map { b in (kind: b.kind, sentences: b.sentences.map { DraftSentence(source: $0.source, target: $0.target, score: $0.score) }) })
        #expect(draft == "# [EN] Chips\n\n5月芯片销量增长12%。[88%] 需求来自美国的数据中心。[EN] Profit & loss fell < 5%.\n\n")
    }

    @Test func xliffDraftHasStatesAndReadsBack() throws {
        let (store, path) = try setup()
        let sentences = try Pretranslation(memory: store, minimumScore: 75).draft(file: path).flatMap(\.sentences)
            .map { DraftSentence(source: $0.source, target: $0.target, score: $0.score) }
        let xliff = DraftXLIFF.write(sentences, original: "a<b>.md")
        #expect(xliff.contains("<segment state=\"translated\">"))
        #expect(xliff.contains("subState=\"tmkit:needs-review\""))
        #expect(xliff.contains("Profit &amp; loss fell &lt; 5%."))
        #expect(xliff.contains("original=\"a&lt;b&gt;.md\""))
        final class Sink: UnitSink {
            var units: [TranslationUnit] = []
            var skipped = 0
            func add(_ unit: TranslationUnit) throws { units.append(unit) }
            func skip(reason: String) { skipped += 1 }
        }
        // As a translation, only the exact match's segment (state translated) reads back; the fuzzy draft is a draft.
        let translated = Sink()
        try XLIFFReader().read(data: Data(xliff.utf8), name: "draft.xlf", into: translated)
        #expect(translated.units.map(\.zh) == ["5月芯片销量增长12%。"])
        #expect(translated.skipped == 3)
        let sink = Sink()
        try XLIFFReader(anyState: true).read(data: Data(xliff.utf8), name: "draft.xlf", into: sink)
        #expect(sink.units.map(\.zh) == ["5月芯片销量增长12%。", "需求来自美国的数据中心。"])
        #expect(sink.skipped == 2)  // the title and the last sentence have no target
    }
}
